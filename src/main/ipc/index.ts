export { createIpcHandlers } from './handlers';
export { createIpcRouter, type IpcHandlers, type IpcRouter, type IpcRouterOptions } from './router';
