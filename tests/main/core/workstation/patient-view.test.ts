import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkstationError } from '../../../../src/main/core/workstation/errors';
import { flag, message, patientHistory, staff, team, up } from '../cache/support/records';
import { type Harness, harness } from './support/harness';

/** What the patient screen needs from the core beyond the records: names, refused replies, the done rule. */

const NOW = new Date('2026-11-20T10:00:00.000Z');
let h: Harness;

beforeEach(async () => {
  h = harness(() => NOW);
  await h.ws.session.signIn({ username: 'terapeut1', password: 'riktig' });
});
afterEach(async () => {
  await h.ws.session.shutdown();
  h.cleanup();
});

function seed() {
  const t = team();
  const me = staff(t.id, { id: h.engine.therapist.id, displayName: 'Terapeut En' });
  const colleague = staff(t.id, { displayName: 'Kollega To' });
  const history = patientHistory(t.id, me.id, 4, { givenName: 'Risiko' });
  const openFlag = flag(history.patient.id, { raisedAt: '2026-11-19T09:00:00.000Z' });
  const handled = flag(history.patient.id, {
    status: 'acknowledged',
    acknowledgedBy: colleague.id,
    acknowledgedAt: '2026-11-18T09:00:00.000Z',
    acknowledgeNote: 'Ringte',
  });
  h.pull([
    up('team', t),
    up('staff', me),
    up('staff', colleague),
    ...history.changes,
    up('flag', openFlag),
    up('flag', handled),
    up('message', message(history.patient.id, { sentAt: '2026-11-19T08:00:00.000Z' })),
  ]);
  return { me, colleague, patientId: history.patient.id, openFlag };
}

async function expectConflict(run: () => unknown) {
  await expect(Promise.resolve().then(run)).rejects.toSatisfy(
    (e: unknown) => e instanceof WorkstationError && e.code === 'conflict',
  );
}

describe('the patient detail', () => {
  it('names the staff its records mention, and no one else', () => {
    const { me, colleague, patientId } = seed();
    const detail = h.ws.round.patient(patientId);
    expect(detail.staffNames).toEqual({ [me.id]: 'Terapeut En', [colleague.id]: 'Kollega To' });
  });

  it('keeps a reply the portal refused, with its text and the reason, until it is dismissed', async () => {
    const { patientId } = seed();
    h.ws.round.perform('message.send', { patientId, body: 'Svaret som ble avvist' });
    h.engine.portal = (id) => ({ id, status: 'rejected', code: 'forbidden', message: 'no access' });
    await h.ws.round.syncNow();

    const detail = h.ws.round.patient(patientId);
    expect(detail.messages.map((m) => m.body)).not.toContain('Svaret som ble avvist');
    expect(detail.failedMessages).toEqual([
      {
        mutationId: expect.any(String),
        body: 'Svaret som ble avvist',
        code: 'forbidden',
        message: 'no access',
        rejectedAt: NOW.toISOString(),
      },
    ]);
    // Another patient's refused reply is not this patient's.
    const other = seed();
    expect(h.ws.round.patient(other.patientId).failedMessages).toEqual([]);

    h.ws.round.perform('sync.dismissRejected', { mutationId: detail.failedMessages[0]!.mutationId });
    expect(h.ws.round.patient(patientId).failedMessages).toEqual([]);
  });
});

describe('marking a patient done', () => {
  it('is refused while a flag is open, and allowed once it is acknowledged', async () => {
    const { patientId, openFlag } = seed();
    await expectConflict(() => h.ws.round.perform('round.markDone', { patientId }));
    expect(h.ws.round.patient(patientId).round).toEqual({ status: 'open' });

    h.ws.round.perform('flag.acknowledge', { flagId: openFlag.id, note: 'Ringte pasienten' });
    h.ws.round.perform('round.markDone', { patientId });
    expect(h.ws.round.patient(patientId).round).toEqual({ status: 'done', at: NOW.toISOString() });
  });
});
