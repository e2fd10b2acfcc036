import { expect, it } from 'vitest';
import { startEmbeddedPortal } from '../../../../src/main/core/embedded-portal';
import { DEMO_PASSWORD } from '../../../../src/portal/seed/accounts';

it('runs the demo portal on its own thread, answering on loopback until closed', async () => {
  const portal = await startEmbeddedPortal();
  const login = () =>
    fetch(`${portal.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'terapeut1', password: DEMO_PASSWORD }),
    });
  expect(new URL(portal.url).hostname).toBe('127.0.0.1');
  expect(portal.demoAccounts.map((a) => a.username)).toContain('terapeut1');
  expect((await login()).status).toBe(200);

  await portal.close();
  await expect(login()).rejects.toThrow();
}, 60_000);
