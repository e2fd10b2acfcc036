import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningPortal, startPortal } from '../../../../src/portal/server';
import { DEMO_PASSWORD } from '../../../../src/portal/seed/accounts';
import type { SyncEngine } from '../../../../src/main/core/sync/engine';
import type { Workstation } from '../../../../src/main/core/workstation/workstation';
import { createIpcHandlers, createIpcRouter } from '../../../../src/main/ipc';
import { KeychainUnavailableError, type SecretStore } from '../../../../src/main/core/vault/secret-store';
import { MemorySecrets } from './support/memory-secrets';
import { portalWorkstation } from './support/portal-workstation';

/** The facade with the real sync engine against the real portal (demo clinic), over loopback. */
let portal: RunningPortal;
let dir: string;
let engine: SyncEngine;
let ws: Workstation;

beforeAll(async () => {
  portal = await startPortal({ seed: 'demo', logLevel: 'silent' });
  dir = mkdtempSync(join(tmpdir(), 'ws-portal-'));
  const secrets = new MemorySecrets();
  ({ ws, engine } = portalWorkstation({
    portalUrl: portal.url,
    secrets,
    dir,
    demoAccounts: portal.demoAccounts,
    pullPageSize: 250,
  }));
}, 120_000);

afterAll(async () => {
  await ws?.session.shutdown();
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the workstation against the demo portal', () => {
  it('lists the demo accounts only because the portal is the embedded demo', () => {
    expect(ws.session.demoAccounts().map((a) => a.username)).toContain('terapeut1');
  });

  it('signs in through IPC, syncs, and answers the queue from the cache', async () => {
    const router = createIpcRouter(createIpcHandlers(ws));
    const signedIn = await router.invoke('session.signIn', {
      username: 'terapeut1',
      password: DEMO_PASSWORD,
    });
    expect(signedIn).toMatchObject({ ok: true, value: { status: 'ready', account: { role: 'therapist' } } });
    const status = await engine.syncNow();
    expect(status.lastError).toBeNull();
    const queue = ws.round.queue();
    expect(queue.items.length).toBeGreaterThan(0);
    // The clinical order holds: ranks never go down the list.
    const ranks = queue.items.map((i) =>
      [
        'urgent-flag',
        'risk-flag',
        'unanswered-messages',
        'feedback-due',
        'inactive',
        'ending-soon',
        'no-reason',
        'snoozed',
        'done',
      ].indexOf(i.bucket),
    );
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  }, 60_000);

  it('shows a sent reply at once as pending, and as confirmed after the next sync', async () => {
    const patientId = ws.round.queue().items[0]!.patientId;
    const { messageId } = ws.round.perform('message.send', {
      patientId,
      body: 'Takk for oppdateringen, vi snakkes neste uke.',
    });
    expect(ws.round.patient(patientId).messages.find((m) => m.id === messageId)?.pending).toBe(true);
    await engine.syncNow();
    await engine.syncNow();
    const sent = ws.round.patient(patientId).messages.find((m) => m.id === messageId);
    expect(sent).toMatchObject({ pending: false, authorKind: 'staff' });
    expect(engine.status().pending).toBe(0);
  }, 60_000);

  it('signing out deletes the cache', async () => {
    expect((await ws.session.signOut()).status).toBe('signed-out');
    expect(readdirSync(join(dir, 'cache'))).toEqual([]);
  }, 60_000);
});

/** Fails every call the way the real keychain store does when no Secret Service answers. */
class UnavailableKeychain implements SecretStore {
  readonly offered: string[] = [];
  async get(): Promise<string | null> {
    throw new KeychainUnavailableError({ cause: new Error('Cannot autolaunch D-Bus without X11 $DISPLAY') });
  }
  async set(_name: string, value: string): Promise<void> {
    this.offered.push(value);
    throw new KeychainUnavailableError({ cause: new Error('Cannot autolaunch D-Bus without X11 $DISPLAY') });
  }
  async delete(): Promise<boolean> {
    throw new KeychainUnavailableError({ cause: new Error('Cannot autolaunch D-Bus without X11 $DISPLAY') });
  }
}

describe('signing in with no keychain', () => {
  it('says how to fix the keychain, keeps nothing, and ends the session the portal opened', async () => {
    const secrets = new UnavailableKeychain();
    const profile = join(dir, 'no-keychain');
    const cacheDir = join(profile, 'cache');
    const { ws: noKeychain } = portalWorkstation({
      portalUrl: portal.url,
      secrets,
      dir: profile,
      demoAccounts: portal.demoAccounts,
    });

    const error = await noKeychain.session
      .signIn({ username: 'terapeut1', password: DEMO_PASSWORD })
      .catch((e) => e);

    expect(error).toMatchObject({ code: 'keychain-unavailable' });
    expect(noKeychain.session.state()).toMatchObject({
      status: 'signed-out',
      notice: { code: 'keychain-unavailable' },
    });
    expect(existsSync(cacheDir)).toBe(false);
    // The refresh token the portal issued (which the keychain would not keep) is dead.
    expect(secrets.offered).toHaveLength(1);
    const refresh = await fetch(`${portal.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken: secrets.offered[0] }),
    });
    expect(refresh.status).toBe(401);
  }, 60_000);
});

describe("the clinic's staff settings", () => {
  it("an administrator's settings apply at once on their workstation and at a team lead's next sign-in; bodyless admin calls reach the portal", async () => {
    const { ws: other } = portalWorkstation({
      portalUrl: portal.url,
      secrets: new MemorySecrets(),
      dir: join(dir, 'settings'),
      demoAccounts: portal.demoAccounts,
    });
    const router = createIpcRouter(createIpcHandlers(other));
    await other.session.signIn({ username: 'admin', password: DEMO_PASSWORD });
    const { settings } = await other.admin.clinic();
    const saved = await router.invoke('admin.saveSettings', {
      ...settings,
      staff: { ...settings.staff, idleLockMinutes: 6, replyDeadlineDays: 4 },
    });
    expect(saved.ok).toBe(true);
    expect(other.idle.limit).toBe(6 * 60_000);
    // The calls without a body reach the portal too (it refuses an empty JSON body).
    const terapeut2 = (await other.admin.clinic()).staff.find((each) => each.username === 'terapeut2')!;
    const reset = await other.admin.resetPassword(terapeut2.id);
    expect(reset.staff.awaitingSetup).toBe(true);
    expect((await other.admin.deactivateStaff(terapeut2.id)).active).toBe(false);
    await other.session.signOut();
    expect(other.idle.limit).toBe(10 * 60_000);

    await other.session.signIn({ username: 'teamleder', password: DEMO_PASSWORD });
    await vi.waitFor(() => expect(other.idle.limit).toBe(6 * 60_000));
    expect(other.round.team().replyDeadlineWorkingDays).toBe(4);
    await other.session.signOut();
    other.idle.stop();
  }, 60_000);
});
