import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Cache } from '../../../../src/main/core/cache/cache';
import type { SyncEngine } from '../../../../src/main/core/sync/engine';
import { actionImplementations } from '../../../../src/main/core/workstation/actions';
import { WorkstationError } from '../../../../src/main/core/workstation/errors';
import { readTeamView } from '../../../../src/main/core/workstation/views/team';
import type { ActionName, ActionRequest } from '../../../../src/shared/contracts/actions';
import { localDateOf } from '../../../../src/shared/clinical/localDate';
import { DEFAULT_REPLY_WORKING_DAYS } from '../../../../src/shared/clinical/replies';
import {
  eachBackend,
  freshDatabase,
  openPortal,
  patientsOf,
  principalId,
  type Database,
  type TestPortal,
} from '../../../portal/harness';
import { Teardown, credentials, newEngine, newStore } from './support/harness';
import { waitFor } from './support/wait';

/**
 * The team lead's decisions through the workstation's own actions, against the real portal on each
 * backend: checked against the cache before queueing, applied by the portal, and followed by every
 * cache concerned (the team lead's screens, the old therapist losing a patient, the new one gaining
 * the whole record).
 */
eachBackend('team lead actions from the workstation on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  let url: string;
  const teardown = new Teardown();

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    url = await portal.listen();
  });
  afterAll(async () => {
    await teardown.run();
    await portal.close();
    await database.drop();
  });

  async function signedIn(username: string) {
    const engine = newEngine(teardown, url, { nudges: false });
    await engine.signIn(credentials(username));
    const { cache, db } = newStore(teardown);
    engine.start(cache.synced);
    await waitFor(`${username}'s initial sync`, () => engine.status().lastSyncAt);
    const staffId = await principalId(portal.db, username);
    const perform = <A extends ActionName>(name: A, request: ActionRequest<A>) =>
      (actionImplementations[name] as (typeof actionImplementations)[A])(
        { cache, staffId, now: new Date() },
        request,
      );
    return { engine, cache, db, staffId, perform };
  }
  async function syncNow(engine: SyncEngine) {
    const status = await engine.syncNow();
    expect(status.lastError).toBeNull();
  }
  /** The cache holds the patient's record: their enrolment and their messages. */
  const has = (cache: Cache, patientId: string) =>
    cache.records.ofPatient('enrolment', patientId).length > 0 &&
    cache.records.ofPatient('message', patientId).length > 0;
  const refusal = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      return error instanceof WorkstationError ? error.code : error;
    }
    return 'queued';
  };

  it('reassigns patients: the capacity table follows, the old therapist loses them, the new one gains their record', async () => {
    const lead = await signedIn('teamleder');
    const old = await signedIn('terapeut1');
    const next = await signedIn('terapeut2');
    const [a, b] = await patientsOf(portal.db, 'terapeut1');
    const load = (staffId: string) =>
      readTeamView(lead.cache, new Date(), lead.staffId, DEFAULT_REPLY_WORKING_DAYS).therapists.find(
        (t) => t.staffId === staffId,
      )!;
    const before = { old: load(old.staffId).caseload, next: load(next.staffId).caseload };
    expect(has(old.cache, a!) && !has(next.cache, a!)).toBe(true);

    // Refused before anything is queued: a therapist or patient the cache does not know.
    expect(
      refusal(() => lead.perform('team.reassign', { patientIds: [a!], therapistId: lead.staffId })),
    ).toBe('not-found');
    expect(lead.cache.outbox.count()).toBe(0);

    lead.perform('team.reassign', { patientIds: [a!, b!], therapistId: next.staffId });
    await syncNow(lead.engine);
    await waitFor('the moved caseloads', () => load(next.staffId).caseload === before.next + 2);
    expect(load(old.staffId).caseload).toBe(before.old - 2);
    expect(
      readTeamView(lead.cache, new Date(), lead.staffId, DEFAULT_REPLY_WORKING_DAYS).patients[a!]!
        .therapistId,
    ).toBe(next.staffId);

    await syncNow(old.engine);
    expect(old.cache.records.get('patient', a!)).toBeNull();
    expect(old.cache.records.get('patient', b!)).toBeNull();
    expect(old.cache.records.ofPatient('enrolment', a!)).toEqual([]);
    expect(old.cache.records.ofPatient('message', a!)).toEqual([]);
    expect(old.cache.records.ofPatient('message', b!)).toEqual([]);
    await syncNow(next.engine);
    expect(has(next.cache, a!) && has(next.cache, b!)).toBe(true);
  });

  it('enrols and declines waiting patients and sets a target capacity, as the team screens then show', async () => {
    const lead = await signedIn('teamleder');
    const therapistId = await principalId(portal.db, 'terapeut3');
    const view = () => readTeamView(lead.cache, new Date(), lead.staffId, DEFAULT_REPLY_WORKING_DAYS);
    const [first, second] = view().waitingList.map((w) => w.patientId);
    const active = (await patientsOf(portal.db, 'terapeut3'))[0]!;
    const caseload = () => view().therapists.find((t) => t.staffId === therapistId)!;
    const before = caseload().caseload;

    // A patient already in a programme is not on the waiting list: refused before queueing.
    expect(
      refusal(() =>
        lead.perform('waiting.enrol', { patientId: active, therapistId, startDate: localDateOf(new Date()) }),
      ),
    ).toBe('conflict');
    expect(
      refusal(() =>
        lead.perform('waiting.enrol', { patientId: first!, therapistId, startDate: '2020-01-06' }),
      ),
    ).toBe('conflict');
    expect(lead.cache.outbox.count()).toBe(0);
    lead.perform('waiting.enrol', { patientId: first!, therapistId, startDate: localDateOf(new Date()) });
    lead.perform('waiting.decline', { patientId: second!, reason: 'other', reasonText: '  Flyttet  ' });
    lead.perform('team.setCapacity', { therapistId, capacity: 12 });
    expect(lead.cache.outbox.pending(10).map((p) => p.mutation.payload)).toContainEqual({
      patientId: second,
      reason: 'other',
      reasonText: 'Flyttet',
    });
    // Until the portal has answered, the screens say a decision is on its way.
    expect(view().patients[first!]!.decisionPending).toBe(true);
    expect(view().patients[active]!.decisionPending).toBe(false);
    await syncNow(lead.engine);
    expect(view().patients[first!]!.decisionPending).toBe(false);
    await waitFor(
      'the enrolment and capacity',
      () => caseload().caseload === before + 1 && caseload().capacity === 12,
    );
    const waiting = view().waitingList.map((w) => w.patientId);
    expect(waiting).not.toContain(first);
    expect(waiting).not.toContain(second);
    expect(view().totals.capacity).toBe(view().therapists.reduce((sum, t) => sum + t.capacity, 0));
    expect(lead.cache.outbox.rejected()).toEqual([]);
  });
});
