import { type ActionName, type ActionRequest, type ActionResponse } from '../../../shared/contracts/actions';
import type {
  Draft,
  PatientDetail,
  PatientTime,
  QueueView,
  RejectedChangeView,
  SyncStatusView,
  TeamView,
} from '../../../shared/contracts/ipc';
import { actionImplementations } from './actions';
import { cachedStaffSettings } from './clinic-settings';
import type { SyncEnginePort } from './ports';
import type { SessionController, WorkstationEvent } from './session';
import { patientName } from './views/programme';
import { readPatientDetail } from './views/patient-detail';
import { readQueue } from './views/queue';
import { readTeamView } from './views/team';
import { readTeamTimePatients } from './views/team-time';
import { keepMeasuredTime } from './therapist-time';
import type { MeasuredTime } from './time-meter';

export interface RoundDeps {
  session: SessionController;
  engine: SyncEnginePort;
  /** The clinic's time (the engine's server-corrected clock). */
  now: () => Date;
  emit(event: WorkstationEvent): void;
  /** An action is the user at work: it holds off the idle lock. */
  activity(): void;
}

/**
 * The round's work on the open cache: the queries the screens show (the queue, a patient, the
 * team), and every action of the registry, performed by its workstation half (actions.ts). The
 * session controller decides whether there is a cache to work in.
 */
export class Round {
  constructor(private readonly deps: RoundDeps) {}

  queue(): QueueView {
    return this.deps.session.read((session) => {
      const { principal } = session.record;
      // A therapist's round is their own caseload; a team lead's queue spans the team.
      return readQueue(session.cache, principal.role === 'therapist' ? principal.id : null, this.deps.now());
    });
  }

  patient(patientId: string): PatientDetail {
    return this.deps.session.read((session) => readPatientDetail(session.cache, patientId, this.deps.now()));
  }

  drafts(): Draft[] {
    return this.deps.session.read((session) => session.cache.local.drafts());
  }

  team(): TeamView {
    return this.deps.session.read((session) =>
      readTeamView(
        session.cache,
        this.deps.now(),
        session.record.principal.id,
        cachedStaffSettings(session.cache).replyDeadlineDays,
      ),
    );
  }

  teamTimePatients(staffId: string, week: string): PatientTime[] {
    return this.deps.session.read((session) => readTeamTimePatients(session.cache, staffId, week));
  }

  syncStatus(): SyncStatusView {
    return this.deps.engine.status();
  }

  rejected(): RejectedChangeView[] {
    const { cache } = this.deps.session.ready();
    return cache.outbox.rejected().map((r) => ({
      mutationId: r.mutation.id,
      type: r.mutation.type,
      patientName: patientName(cache, r.patientId),
      code: r.result.code,
      message: r.result.message,
      rejectedAt: r.rejectedAt,
    }));
  }

  async syncNow(): Promise<SyncStatusView> {
    this.deps.session.ready();
    return this.deps.engine.syncNow();
  }

  /**
   * Keeps the time the meter measured on the user's own patients and reports it to the portal;
   * false while there is no open session to keep it in (locked), so the meter holds on to it.
   */
  recordTime(times: readonly MeasuredTime[]): boolean {
    let session;
    try {
      session = this.deps.session.ready();
    } catch {
      return false;
    }
    const ctx = { cache: session.cache, staffId: session.record.principal.id, now: this.deps.now() };
    if (keepMeasuredTime(ctx, times)) void this.deps.engine.outboxChanged().catch(() => undefined);
    return true;
  }

  /** Performs an action on the open cache; a queued mutation is sent now, without waiting for it. */
  perform<A extends ActionName>(name: A, request: ActionRequest<A>): ActionResponse<A> {
    const session = this.deps.session.ready();
    this.deps.activity();
    const implementation = actionImplementations[name] as (typeof actionImplementations)[A];
    const outcome = implementation(
      { cache: session.cache, staffId: session.record.principal.id, now: this.deps.now() },
      request,
    );
    if (outcome.patientId !== null) {
      this.deps.emit({ name: 'data.changed', payload: { patientIds: [outcome.patientId], team: false } });
    }
    // The UI does not wait for the network; the engine reports through its status.
    if (outcome.queued) void this.deps.engine.outboxChanged().catch(() => undefined);
    return outcome.value;
  }
}
