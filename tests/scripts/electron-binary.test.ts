import { describe, expect, it } from 'vitest';
import { electronBinaryStep, fetchFailedMessage } from '../../scripts/electron-binary';

const version = '45.4.1';

describe('what npm start does about the Electron binary', () => {
  it('starts at once when the binary is installed, or the user names their own', () => {
    expect(electronBinaryStep({ version, installed: true, env: {} })).toEqual({ action: 'start' });
    expect(
      electronBinaryStep({
        version,
        installed: false,
        env: { ELECTRON_EXEC_PATH: '/opt/electron/electron' },
      }),
    ).toEqual({ action: 'start' });
  });

  it('fetches a missing binary', () => {
    expect(electronBinaryStep({ version, installed: false, env: {} })).toEqual({ action: 'fetch' });
    expect(
      electronBinaryStep({ version, installed: false, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '0' } }),
    ).toEqual({ action: 'fetch' });
  });

  it('does not fetch where downloads are switched off (CI), and says in one line what to do', () => {
    const step = electronBinaryStep({
      version,
      installed: false,
      env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
    expect(step.action).toBe('stop');
    const message = step.action === 'stop' ? step.message : '';
    expect(message).not.toContain('\n');
    expect(message).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(message).toContain('ELECTRON_EXEC_PATH to an Electron 45 binary');
  });
});

describe('the line shown when the download fails', () => {
  it("names the installer's error instead of its stack trace", () => {
    const output = [
      'RequestError: connect ECONNREFUSED 127.0.0.1:9',
      '    at ClientRequest.<anonymous> (/app/node_modules/got/dist/source/core/index.js:970:111)',
      '    at Object.onceWrapper (node:events:634:26)',
    ].join('\n');
    const line = fetchFailedMessage(version, output);
    expect(line).not.toContain('\n');
    expect(line).toContain('Electron 45.4.1 binary (RequestError: connect ECONNREFUSED 127.0.0.1:9)');
    expect(line).not.toContain('ClientRequest');
    expect(line).toContain('ELECTRON_EXEC_PATH');
  });

  it('still says what to do when the installer said nothing', () => {
    expect(fetchFailedMessage(version, '')).toMatch(/^Could not download the Electron 45\.4\.1 binary: with/);
  });
});
