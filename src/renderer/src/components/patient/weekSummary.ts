import {
  PROGRAMME_INSTRUMENTS,
  PROGRAMME_WEEKS,
  analyseChange,
  getInstrument,
  isReliableChange,
  modulesDueBy,
  moduleSchedules,
  weekWindow,
  type ChangePoint,
  type ChangeStatus,
  type ModuleSlot,
  type WeekWindow,
} from '../../../../shared/clinical';
import type { Homework, ModuleProgress } from '../../../../shared/contracts/domain';
import type { PatientDetail } from '../../../../shared/contracts/ipc';

/**
 * What the "this week" card and the work history show, derived from a patient's record with the
 * shared clinical rules (change, module schedule, programme calendar): no rule is restated here.
 */

export interface InstrumentWeek {
  instrumentId: string;
  /** This week's total, analysed against the baseline and the measurement before; null if not submitted. */
  thisWeek: ChangePoint | null;
  /** The programme week of the measurement before this one (usually last week); null for none. */
  previousWeek: number | null;
  /** Whether the change since that measurement alone is a reliable change. */
  reliableSincePrevious: boolean;
  baselineTotal: number | null;
  /** The latest status of the whole course (a later improvement can hide an earlier deterioration). */
  status: ChangeStatus | null;
  everReliablyDeteriorated: boolean;
}

export type FeedbackState =
  | { status: 'given'; givenAt: string; givenBy: string; pending: boolean }
  /** The patient has done this week's work and is waiting for the therapist's feedback. */
  | { status: 'due' }
  /** Nothing to give feedback on yet this week. */
  | { status: 'not-due' };

export interface WeekSummary {
  week: number;
  window: WeekWindow;
  /** Modules the patient opened or completed this week. */
  modulesWorked: { moduleNo: number; completed: boolean }[];
  modulesCompleted: number;
  /** Modules the schedule expects complete by the end of this week. */
  modulesDue: number;
  homeworkSubmitted: number;
  scores: InstrumentWeek[];
  messagesIn: number;
  messagesOut: number;
  feedback: FeedbackState;
}

/** Whether an instant falls in a programme week (start inclusive, end exclusive). */
function within(at: string | null, window: WeekWindow): boolean {
  if (at === null) return false;
  const ms = Date.parse(at);
  return ms >= Date.parse(window.start) && ms < Date.parse(window.end);
}

/** The instruments to show: the programme's own first, then any other the patient answered. */
function instrumentsOf(detail: PatientDetail): string[] {
  const programme = detail.enrolment ? PROGRAMME_INSTRUMENTS[detail.enrolment.programme] : [];
  const answered = detail.scoreSeries.map((s) => s.instrumentId);
  return [...new Set<string>([...programme, ...answered])];
}

/** One instrument's course up to `week`, with this week's point analysed by the shared change rules. */
export function instrumentWeek(detail: PatientDetail, instrumentId: string, week: number): InstrumentWeek {
  const def = getInstrument(instrumentId);
  const points = (detail.scoreSeries.find((s) => s.instrumentId === instrumentId)?.points ?? []).filter(
    (p) => p.week <= week,
  );
  const empty: InstrumentWeek = {
    instrumentId,
    thisWeek: null,
    previousWeek: null,
    reliableSincePrevious: false,
    baselineTotal: null,
    status: null,
    everReliablyDeteriorated: false,
  };
  if (!def || points.length === 0) return empty;
  const summary = analyseChange(def, points);
  const latest = summary.latest;
  const current = latest && latest.week === week ? latest : null;
  const before = current ? summary.points.at(-2) : undefined;
  return {
    instrumentId,
    thisWeek: current,
    previousWeek: before?.week ?? null,
    reliableSincePrevious:
      current?.changeFromPrevious != null && isReliableChange(def, current.changeFromPrevious),
    baselineTotal: summary.baseline?.total ?? null,
    status: latest?.status ?? null,
    everReliablyDeteriorated: summary.everReliablyDeteriorated,
  };
}

/**
 * The programme week at a glance; null outside a programme week. `feedbackDue` is the queue's
 * verdict (the round's rules decide when feedback is due).
 */
export function summariseWeek(detail: PatientDetail, feedbackDue: boolean): WeekSummary | null {
  const { enrolment, programmeWeek: week, weekWindow: window } = detail;
  if (!enrolment || typeof week !== 'number' || !window) return null;
  const given = detail.feedback.find((f) => f.enrolmentId === enrolment.id && f.week === week);
  return {
    week,
    window,
    modulesWorked: detail.modules
      .filter((m) => within(m.openedAt, window) || within(m.completedAt, window))
      .map((m) => ({ moduleNo: m.moduleNo, completed: within(m.completedAt, window) })),
    modulesCompleted: detail.modules.filter((m) => m.completedAt !== null).length,
    modulesDue: modulesDueBy(enrolment.programme, week),
    homeworkSubmitted: detail.homework.filter((h) => within(h.submittedAt, window)).length,
    scores: instrumentsOf(detail).map((id) => instrumentWeek(detail, id, week)),
    messagesIn: detail.messages.filter((m) => m.authorKind === 'patient' && within(m.sentAt, window)).length,
    messagesOut: detail.messages.filter((m) => m.authorKind === 'staff' && within(m.sentAt, window)).length,
    feedback: given
      ? { status: 'given', givenAt: given.givenAt, givenBy: given.givenBy, pending: given.pending }
      : feedbackDue
        ? { status: 'due' }
        : { status: 'not-due' },
  };
}

export interface WorkWeek {
  week: number;
  /** The modules the schedule puts in this week. */
  due: ModuleSlot[];
  modulesCompleted: ModuleProgress[];
  homework: Homework[];
  /** Questionnaire totals of this week, by instrument. */
  totals: { instrumentId: string; total: number; band: string }[];
}

/** The programme so far, week by week, newest first: what was due and what the patient handed in. */
export function workByWeek(detail: PatientDetail): WorkWeek[] {
  const { enrolment, programmeWeek: current } = detail;
  if (!enrolment?.startDate || current === null || current === 'not-started') return [];
  const last = current === 'ended' ? PROGRAMME_WEEKS : current;
  const weeks: WorkWeek[] = [];
  for (let week = last; week >= 1; week -= 1) {
    const window = weekWindow(enrolment.startDate, week);
    weeks.push({
      week,
      due: moduleSchedules[enrolment.programme].filter((slot) => slot.dueWeek === week),
      modulesCompleted: detail.modules.filter((m) => within(m.completedAt, window)),
      homework: detail.homework.filter((h) => within(h.submittedAt, window)),
      totals: detail.responses
        .filter((r) => r.week === week)
        .map((r) => ({ instrumentId: r.instrumentId, total: r.total, band: r.band })),
    });
  }
  return weeks;
}
