import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { PortalOptions } from '../../../../../src/portal/server';

const script = fileURLToPath(new URL('./portal-process.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Start a portal (the demo clinic unless told) in a child process and wait for its URL. */
export async function startPortalProcess(options: PortalOptions = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [firstLine] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('portal process exited before it was ready');
    }),
  ])) as [string];
  const { url } = JSON.parse(firstLine) as { url: string };
  const exited = once(child, 'exit');
  return {
    url,
    port: Number(new URL(url).port),
    async stop() {
      child.stdin.end();
      if (child.exitCode === null) await exited;
    },
    /** The process dies at once, mid-request if one is being served: no cleanup, no goodbye. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
