import { TokenResponse } from '../../../../../src/shared/contracts/auth';
import { type Mutation, PushResponse } from '../../../../../src/shared/contracts/sync';

export const DEMO_PASSWORD = 'demo-passord';

/**
 * Someone else using the portal through its public API while the engine under test syncs: a
 * colleague raising a flag, a team lead reassigning a patient, a patient writing.
 */
export async function actAs(portalUrl: string, username: string) {
  const login = await fetch(`${portalUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`login as ${username} failed: ${login.status}`);
  const tokens = TokenResponse.parse(await login.json());

  async function send(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${portalUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tokens.accessToken}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path} as ${username}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  return {
    principal: tokens.principal,
    send,
    push: async (...mutations: Mutation[]) =>
      PushResponse.parse(await send('POST', '/api/v1/sync/push', { mutations })).results,
  };
}
