import { isFollowUpWeek } from '../../../shared/clinical/calendar';
import type { FlagSeverity, PatientOverview, Programme } from '../../../shared/contracts/domain';
import type { LatestScore } from '../../../shared/contracts/ipc';
import type { CacheDatabase } from './database';

/**
 * One precomputed row per patient with what the queue and the team view need, so that reading
 * the queue for 1,500 patients is one scan instead of a pass over every message and response.
 * It is rebuilt for a patient inside the same transaction as anything that changes them (a pulled
 * page, a local change, a push answer), so it never disagrees with the records. It is built from
 * the visible (overlaid) records, so pending local changes count. Facts that depend on "now"
 * (programme week, inactivity, snoozes) are left to the reader.
 */
export interface PatientSummary {
  name: string;
  programme: Programme;
  enrolmentStatus: string;
  startDate: string | null;
  plannedEndDate: string | null;
  therapistId: string | null;
  openFlags: { severity: FlagSeverity; raisedAt: string }[];
  /** The patient's messages staff have not answered, by sentAt. */
  unanswered: string[];
  unread: number;
  lastActivityAt: string | null;
  /** The latest response per instrument. */
  latestScores: LatestScore[];
  /** Programme week -> first questionnaire submittedAt in it. */
  responseWeeks: Record<number, string>;
  /** When the follow-up after the end was first answered; null when it has not been. */
  followUpAt: string | null;
  /** Module number -> progress. */
  modules: Record<number, { openedAt: string | null; completedAt: string | null }>;
  /** The programme weeks of this enrolment whose written feedback was given. */
  feedbackWeeks: number[];
  /** [sentAt, answeredAt] of the patient's answered messages (the portal sends five weeks of them to oversight). */
  replies: [string, string][];
  /** 'record': the whole record is cached; 'oversight': its overview only (a team lead's view). */
  access: 'record' | 'oversight';
}

export interface SummaryEntry {
  patientId: string;
  summary: PatientSummary;
}

export class PatientSummaries {
  private readonly statements;
  /**
   * Parsed summaries, so a queue read parses only what changed since the last one (parsing all
   * 1,500 costs more than the rest of the query). Entries are only ever dropped here on change and
   * re-read from the database, so a rolled-back transaction cannot leave a stale one behind.
   */
  private readonly parsed = new Map<string, PatientSummary>();

  constructor(private readonly db: CacheDatabase) {
    const q = <P extends unknown[], R>(sql: string) => db.prepare<P, R>(sql);
    this.statements = {
      patient: q<[string], { given: string; family: string }>(
        `SELECT json_extract(json, '$.givenName') AS given, json_extract(json, '$.familyName') AS family
           FROM patient WHERE id = ?`,
      ),
      // The active enrolment if there is one, else the most recently changed.
      enrolment: q<[string], { json: string }>(
        `SELECT json FROM enrolment WHERE patient_id = ? ORDER BY status = 'active' DESC, updated_at DESC LIMIT 1`,
      ),
      flags: q<[string], { severity: FlagSeverity; raised_at: string }>(
        `SELECT severity, raised_at FROM visible_flag WHERE patient_id = ? AND status = 'open' ORDER BY raised_at`,
      ),
      overview: q<[string], { json: string }>('SELECT json FROM patient_overview WHERE patient_id = ?'),
      feedbackWeeks: q<[string, string], { week: number }>(
        "SELECT week FROM visible_weekly_feedback WHERE patient_id = ? AND json_extract(json, '$.enrolmentId') = ? ORDER BY week",
      ),
      messages: q<[string], { sent_at: string; read_at: string | null; answered_at: string | null }>(
        `SELECT sent_at, read_at, answered_at FROM visible_message WHERE patient_id = ? AND author_kind = 'patient'`,
      ),
      responses: q<
        [string],
        { instrument_id: string; week: number; total: number; band: string; submitted_at: string }
      >(
        `SELECT instrument_id, week, total, band, submitted_at FROM questionnaire_response
          WHERE patient_id = ? ORDER BY submitted_at`,
      ),
      modules: q<[string], { module_no: number; opened_at: string | null; completed_at: string | null }>(
        `SELECT module_no, opened_at, completed_at FROM module_progress WHERE patient_id = ?`,
      ),
      homework: q<[string], { last: string | null }>(
        `SELECT max(submitted_at) AS last FROM homework WHERE patient_id = ?`,
      ),
      upsert: q<[string, string, string | null, number, string], unknown>(
        `INSERT OR REPLACE INTO patient_summary (patient_id, enrolment_status, therapist_id, in_round, summary)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      remove: q<[string], unknown>('DELETE FROM patient_summary WHERE patient_id = ?'),
      inRoundIds: q<[string | null, string | null], { patient_id: string }>(
        `SELECT patient_id FROM patient_summary WHERE in_round = 1 AND (? IS NULL OR therapist_id = ?)`,
      ),
      summary: q<[string], { summary: string }>('SELECT summary FROM patient_summary WHERE patient_id = ?'),
      allIds: q<[], { patient_id: string }>('SELECT patient_id FROM patient_summary'),
    };
  }

  /**
   * The summaries of patients the round may need (inRound); only this therapist's unless null.
   * The reader decides with "now" whose follow-up still belongs in this round.
   */
  inRound(therapistId: string | null): SummaryEntry[] {
    return this.statements.inRoundIds
      .all(therapistId, therapistId)
      .map(({ patient_id }) => this.entry(patient_id));
  }

  /** Every cached patient's summary, whatever their enrolment status. */
  all(): SummaryEntry[] {
    return this.statements.allIds.all().map(({ patient_id }) => this.entry(patient_id));
  }

  /** Rebuild the summaries of these patients; a patient no longer cached loses theirs. */
  refresh(patientIds: Iterable<string>): void {
    for (const id of patientIds) {
      this.parsed.delete(id);
      const summary = this.build(id);
      if (summary)
        this.statements.upsert.run(
          id,
          summary.enrolmentStatus,
          summary.therapistId,
          inRound(summary) ? 1 : 0,
          JSON.stringify(summary),
        );
      else this.statements.remove.run(id);
    }
  }

  clear(): void {
    this.parsed.clear();
    this.db.exec('DELETE FROM patient_summary');
  }

  /** Ids come from an index scan; only summaries not parsed yet are read from the table. */
  private entry(patientId: string): SummaryEntry {
    let summary = this.parsed.get(patientId);
    if (!summary) {
      const row = this.statements.summary.get(patientId) as { summary: string };
      summary = JSON.parse(row.summary) as PatientSummary;
      this.parsed.set(patientId, summary);
    }
    return { patientId, summary };
  }

  private build(patientId: string): PatientSummary | null {
    const s = this.statements;
    const patient = s.patient.get(patientId);
    const enrolmentRow = s.enrolment.get(patientId);
    if (!patient || !enrolmentRow) return null;
    const enrolment = JSON.parse(enrolmentRow.json) as {
      id: string;
      programme: Programme;
      status: string;
      startDate: string | null;
      plannedEndDate: string | null;
      therapistId: string | null;
    };
    const who = {
      name: `${patient.given} ${patient.family}`,
      programme: enrolment.programme,
      enrolmentStatus: enrolment.status,
      startDate: enrolment.startDate,
      plannedEndDate: enrolment.plannedEndDate,
      therapistId: enrolment.therapistId,
      openFlags: s.flags.all(patientId).map((f) => ({ severity: f.severity, raisedAt: f.raised_at })),
    };
    const overview = s.overview.get(patientId);
    if (overview)
      return { ...who, ...fromOverview(JSON.parse(overview.json) as PatientOverview, enrolment.id) };
    const activity: (string | null)[] = [s.homework.get(patientId)?.last ?? null];
    const unanswered: string[] = [];
    const replies: [string, string][] = [];
    let unread = 0;
    for (const m of s.messages.all(patientId)) {
      activity.push(m.sent_at);
      if (m.answered_at === null) unanswered.push(m.sent_at);
      else replies.push([m.sent_at, m.answered_at]);
      if (m.read_at === null) unread += 1;
    }
    const latest = new Map<string, LatestScore>();
    const responseWeeks: Record<number, string> = {};
    let followUpAt: string | null = null;
    for (const r of s.responses.all(patientId)) {
      if (isFollowUpWeek(r.week)) followUpAt ??= r.submitted_at;
      activity.push(r.submitted_at);
      latest.set(r.instrument_id, {
        instrumentId: r.instrument_id,
        week: r.week,
        total: r.total,
        band: r.band,
        submittedAt: r.submitted_at,
      });
      responseWeeks[r.week] ??= r.submitted_at;
    }
    const modules: PatientSummary['modules'] = {};
    for (const m of s.modules.all(patientId)) {
      modules[m.module_no] = { openedAt: m.opened_at, completedAt: m.completed_at };
      activity.push(m.opened_at, m.completed_at);
    }
    return {
      ...who,
      unanswered: unanswered.sort(),
      unread,
      lastActivityAt: latestOf(activity),
      latestScores: [...latest.values()],
      responseWeeks,
      followUpAt,
      modules,
      feedbackWeeks: s.feedbackWeeks.all(patientId, enrolment.id).map((f) => f.week),
      replies: replies.sort((a, b) => a[0].localeCompare(b[0])),
      access: 'record',
    };
  }
}

/**
 * Whether the round may need the patient: an active programme; or, outside one, an open flag
 * (risk is never left out of the queue) or the follow-up answered after the end.
 */
function inRound(summary: PatientSummary): boolean {
  return summary.enrolmentStatus === 'active' || summary.openFlags.length > 0 || summary.followUpAt !== null;
}

/** The same facts from the overview the portal sends in place of an overseen patient's record. */
function fromOverview(overview: PatientOverview, enrolmentId: string) {
  const latestScores: LatestScore[] = [];
  const responseWeeks: Record<number, string> = {};
  let followUpAt: string | null = null;
  for (const { instrumentId, points } of overview.scores) {
    const last = points.at(-1);
    if (last) {
      const [week, total, band, submittedAt] = last;
      latestScores.push({ instrumentId, week, total, band, submittedAt });
    }
    for (const [week, , , submittedAt] of points) {
      if (isFollowUpWeek(week) && !(followUpAt && followUpAt <= submittedAt)) followUpAt = submittedAt;
      if (!(responseWeeks[week] && responseWeeks[week] <= submittedAt)) responseWeeks[week] = submittedAt;
    }
  }
  const modules: PatientSummary['modules'] = {};
  for (const [moduleNo, openedAt, completedAt] of overview.modules)
    modules[moduleNo] = { openedAt, completedAt };
  return {
    unanswered: overview.unanswered,
    unread: overview.unread,
    lastActivityAt: overview.lastActivityAt,
    latestScores,
    responseWeeks,
    followUpAt,
    modules,
    feedbackWeeks: overview.feedback.find((f) => f.enrolmentId === enrolmentId)?.weeks ?? [],
    replies: overview.replies,
    access: 'oversight' as const,
  };
}

/** Instants are UTC toISOString() strings (the portal's and local ones alike), so they sort as text. */
function latestOf(times: readonly (string | null)[]): string | null {
  let latest: string | null = null;
  for (const t of times) if (t !== null && (latest === null || t > latest)) latest = t;
  return latest;
}
