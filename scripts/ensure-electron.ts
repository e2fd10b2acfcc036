/**
 * Run before electron-vite by `npm start` and `npm run dev`: fetch the Electron binary with
 * Electron's own `install-electron` when it is missing, or say in one line what to do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { electronBinaryStep, fetchFailedMessage } from './electron-binary';

const manifestPath = createRequire(import.meta.url).resolve('electron/package.json');
const electronDir = dirname(manifestPath);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

/** What electron-vite needs: path.txt naming an executable of this version under dist/. */
function installed(): boolean {
  const read = (file: string) => {
    const path = join(electronDir, file);
    return existsSync(path) ? readFileSync(path, 'utf8').trim() : null;
  };
  const executable = read('path.txt');
  return (
    executable !== null &&
    read('dist/version')?.replace(/^v/, '') === manifest.version &&
    existsSync(join(electronDir, 'dist', executable))
  );
}

const step = electronBinaryStep({ version: manifest.version, installed: installed(), env: process.env });
if (step.action === 'stop') {
  console.error(step.message);
  process.exit(1);
}
if (step.action === 'fetch') {
  console.log(`Fetching the Electron ${manifest.version} binary (once, on first start)...`);
  const installer = join(electronDir, manifest.bin['install-electron'] ?? 'install.js');
  const result = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'inherit', 'pipe'] });
  if (result.status !== 0 || !installed()) {
    const output = [result.stderr?.toString('utf8'), result.error?.message].filter(Boolean).join('\n');
    console.error(fetchFailedMessage(manifest.version, output));
    process.exit(1);
  }
}
