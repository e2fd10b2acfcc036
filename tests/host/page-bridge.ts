/// <reference lib="dom" />
/**
 * Runs in the page (injected by the Playwright fixture, before the app's scripts): gives the page
 * the same `window.api` the preload gives it in Electron, carried over the host's WebSocket.
 * Self-contained on purpose: Playwright serialises this function into the page.
 */
export function installPageBridge(args: {
  bridgePath: string;
  token: string;
  channels: readonly string[];
  events: readonly string[];
}): void {
  const socket = new WebSocket(
    `ws://${location.host}${args.bridgePath}?token=${encodeURIComponent(args.token)}`,
  );
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('The test host refused the bridge')), {
      once: true,
    });
  });
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as
      { kind: 'result'; id: number; result: unknown } | { kind: 'event'; event: string; payload: unknown };
    if (data.kind === 'result') {
      pending.get(data.id)?.(data.result);
      pending.delete(data.id);
    } else {
      listeners.get(data.event)?.forEach((listener) => listener(data.payload));
    }
  });

  const api: Record<string, unknown> = {};
  for (const channel of args.channels) {
    api[channel] = async (request?: unknown) => {
      await opened;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, channel, payload: request ?? {} }));
      });
    };
  }
  api.on = (event: string, listener: (payload: unknown) => void) => {
    if (!args.events.includes(event)) throw new Error(`Unknown event ${event}`);
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false });
}
