import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncFailure } from '../../../../src/main/core/sync/errors';
import { WorkstationError } from '../../../../src/main/core/workstation/errors';
import { type Harness, harness } from './support/harness';

/**
 * The admin screens' calls go to the portal only for a signed-in, unlocked administrator (team
 * leads too for a referral). The calls themselves run against the real portal in
 * tests/e2e/admin.spec.ts.
 */
describe('admin calls from the workstation', () => {
  let h: Harness;
  let requests: string[];
  beforeEach(() => {
    h = harness();
    requests = [];
    h.engine.portalRequest = (method, path) => {
      // Signing in asks for the clinic's staff settings (clinic-settings.test.ts), no admin call.
      if (path !== '/clinic/staff-settings') requests.push(`${method} ${path}`);
      return Promise.reject(new Error('not reached in these tests'));
    };
  });
  afterEach(() => h.cleanup());

  const refusal = async (call: Promise<unknown>) => {
    const error: unknown = await call.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkstationError);
    return (error as WorkstationError).code;
  };

  it('refuses before asking the portal when nobody is signed in, when locked, and for a therapist', async () => {
    expect(await refusal(h.ws.admin.clinic())).toBe('not-signed-in');
    await h.ws.session.signIn({ username: 'terapeut1', password: 'riktig' });
    expect(await refusal(h.ws.admin.clinic())).toBe('not-found');
    expect(await refusal(h.ws.admin.createTeam('Team X'))).toBe('not-found');
    await h.ws.session.lock();
    expect(await refusal(h.ws.admin.clinic())).toBe('locked');
    expect(requests).toEqual([]);
  });

  it('asks the portal for a signed-in administrator, and answers its refusal by the portal code', async () => {
    h.engine.therapist.role = 'admin';
    await h.ws.session.signIn({ username: 'admin', password: 'riktig' });
    h.engine.portalRequest = (method, path) => {
      if (path !== '/clinic/staff-settings') requests.push(`${method} ${path}`);
      return Promise.reject(new SyncFailure('rejected', 'username_taken', 'refused', 409));
    };
    const error = await h.ws.admin
      .createStaff({ displayName: 'Ny', username: 'terapeut1', role: 'therapist', teamId: null })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', message: 'username_taken' });
    expect(requests).toEqual(['POST /admin/staff']);
  });
});
