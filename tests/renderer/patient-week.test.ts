import { describe, expect, it } from 'vitest';
import { weekWindow } from '@shared/clinical';
import type { Homework, Message, ModuleProgress, QuestionnaireResponse } from '@shared/contracts/domain';
import { MessageBody, TEXT_MAX } from '@shared/contracts/fields';
import type { Local, PatientDetail } from '@shared/contracts/ipc';
import { summariseWeek, workByWeek } from '../../src/renderer/src/components/patient/weekSummary';
import { textProblem } from '../../src/renderer/src/components/patient/textRules';
import { seriesOf } from '../../src/main/core/workstation/views/patient-detail';

const PATIENT = '00000000-0000-4000-8000-000000000001';
const ENROLMENT = '00000000-0000-4000-8000-000000000002';
const STAFF = '00000000-0000-4000-8000-000000000003';
const START = '2026-10-26';
/** Week 4 of a programme started on START. */
const WEEK = 4;
const window4 = weekWindow(START, WEEK);
/** An instant `days` days into programme week `week` (Oslo midday). */
const inWeek = (week: number, days = 1) =>
  new Date(Date.parse(weekWindow(START, week).start) + days * 86_400_000 + 12 * 3_600_000).toISOString();

let ids = 10;
const id = () => `00000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`;

function response(instrumentId: string, week: number, total: number): QuestionnaireResponse {
  const at = week === 0 ? '2026-10-20T10:00:00.000Z' : inWeek(week);
  return {
    id: id(),
    patientId: PATIENT,
    enrolmentId: ENROLMENT,
    instrumentId,
    week,
    answers: {},
    total,
    band: 'x',
    submittedAt: at,
    updatedAt: at,
  };
}

function message(authorKind: 'patient' | 'staff', sentAt: string): Local<Message> {
  return {
    id: id(),
    patientId: PATIENT,
    authorKind,
    authorStaffId: authorKind === 'staff' ? STAFF : null,
    body: 'Hei',
    sentAt,
    readAt: null,
    answeredAt: null,
    updatedAt: sentAt,
    pending: false,
  };
}

function moduleProgress(
  moduleNo: number,
  openedAt: string | null,
  completedAt: string | null,
): ModuleProgress {
  return {
    id: id(),
    patientId: PATIENT,
    enrolmentId: ENROLMENT,
    moduleNo,
    openedAt,
    completedAt,
    updatedAt: START,
  };
}

function homework(moduleNo: number, submittedAt: string): Homework {
  return {
    id: id(),
    patientId: PATIENT,
    enrolmentId: ENROLMENT,
    moduleNo,
    body: 'Svar',
    submittedAt,
    updatedAt: submittedAt,
  };
}

/** A depression patient (PHQ-9 and MADRS-S) in programme week 4. */
function detail(over: Partial<PatientDetail> = {}): PatientDetail {
  const responses = over.responses ?? [];
  return {
    patient: {
      id: PATIENT,
      givenName: 'Kari',
      familyName: 'Nordmann',
      birthYear: 1990,
      phone: null,
      localDps: null,
      teamId: STAFF,
      updatedAt: START,
    },
    enrolment: {
      id: ENROLMENT,
      patientId: PATIENT,
      programme: 'depression',
      status: 'active',
      startDate: START,
      plannedEndDate: '2027-02-01',
      therapistId: STAFF,
      teamId: STAFF,
      updatedAt: START,
    },
    therapist: { staffId: STAFF, displayName: 'Terapeut En' },
    programmeWeek: WEEK,
    weekWindow: window4,
    modules: [],
    homework: [],
    messages: [],
    scoreSeries: seriesOf(responses),
    flags: [],
    notes: [],
    feedback: [],
    draft: null,
    round: { status: 'open' },
    staffNames: { [STAFF]: 'Terapeut En' },
    failedMessages: [],
    access: { level: 'record', openUntil: null },
    ...over,
    responses,
  };
}

const scoreOf = (d: PatientDetail, instrumentId: string) =>
  summariseWeek(d, false)?.scores.find((s) => s.instrumentId === instrumentId);

describe('this week, by the shared change rules (PHQ-9: caseness 10, reliable change 6 points)', () => {
  it('18 at baseline, 14 last week, 8 now: reliable recovery, and a reliable drop since last week', () => {
    const phq = scoreOf(
      detail({ responses: [response('phq-9', 0, 18), response('phq-9', 3, 14), response('phq-9', 4, 8)] }),
      'phq-9',
    );
    expect(phq).toMatchObject({
      thisWeek: { total: 8, change: -10, changeFromPrevious: -6, status: 'reliable-recovery' },
      previousWeek: 3,
      reliableSincePrevious: true,
      baselineTotal: 18,
      status: 'reliable-recovery',
    });
  });

  it('11 at baseline, 8 now: recovery (no longer a case) but no reliable change', () => {
    const phq = scoreOf(detail({ responses: [response('phq-9', 0, 11), response('phq-9', 4, 8)] }), 'phq-9');
    expect(phq).toMatchObject({ thisWeek: { change: -3, status: 'recovery' }, reliableSincePrevious: false });
  });

  it('8 at baseline, 14 now: reliable deterioration (6 points is reliable, the threshold included)', () => {
    const phq = scoreOf(detail({ responses: [response('phq-9', 0, 8), response('phq-9', 4, 14)] }), 'phq-9');
    expect(phq?.thisWeek?.status).toBe('reliable-deterioration');
  });

  it('keeps an earlier reliable deterioration in view when the latest total looks better', () => {
    const phq = scoreOf(
      detail({ responses: [response('phq-9', 0, 8), response('phq-9', 2, 16), response('phq-9', 4, 9)] }),
      'phq-9',
    );
    expect(phq).toMatchObject({ status: 'no-reliable-change', everReliablyDeteriorated: true });
  });

  it('says when this week is not submitted, keeping the course so far', () => {
    const d = detail({ responses: [response('phq-9', 0, 18), response('phq-9', 3, 11)] });
    expect(scoreOf(d, 'phq-9')).toMatchObject({ thisWeek: null, status: 'reliable-improvement' });
    // The programme's own instrument is listed even before its first answer.
    expect(scoreOf(d, 'madrs-s')).toMatchObject({ thisWeek: null, status: null });
  });
});

describe('this week, what the patient did and what the therapist owes', () => {
  it('counts modules, homework and messages inside the week only, against the module schedule', () => {
    const before = window4.start;
    const d = detail({
      modules: [
        moduleProgress(1, inWeek(1), inWeek(1, 2)),
        moduleProgress(2, inWeek(2), inWeek(3)),
        moduleProgress(3, inWeek(3), inWeek(4)),
        moduleProgress(4, inWeek(4, 3), null),
      ],
      homework: [homework(3, inWeek(4)), homework(2, inWeek(3))],
      messages: [
        message('patient', new Date(Date.parse(before) - 1).toISOString()),
        message('patient', before),
        message('patient', inWeek(4, 2)),
        message('staff', inWeek(4, 3)),
      ],
    });
    expect(summariseWeek(d, true)).toMatchObject({
      week: 4,
      modulesWorked: [
        { moduleNo: 3, completed: true },
        { moduleNo: 4, completed: false },
      ],
      modulesCompleted: 3,
      // The depression programme's modules 1-3 are due by the end of week 4 (module 4 in week 5).
      modulesDue: 3,
      homeworkSubmitted: 1,
      messagesIn: 2,
      messagesOut: 1,
      feedback: { status: 'due' },
    });
  });

  it('shows feedback given for this week, by whom; last week’s does not count', () => {
    const given = (week: number) => ({
      id: id(),
      patientId: PATIENT,
      enrolmentId: ENROLMENT,
      week,
      givenBy: STAFF,
      givenAt: inWeek(week),
      updatedAt: inWeek(week),
      pending: true,
    });
    expect(summariseWeek(detail({ feedback: [given(3)] }), false)?.feedback).toEqual({ status: 'not-due' });
    expect(summariseWeek(detail({ feedback: [given(3), given(4)] }), true)?.feedback).toEqual({
      status: 'given',
      givenAt: inWeek(4),
      givenBy: STAFF,
      pending: true,
    });
  });

  it('has no week outside the programme', () => {
    expect(summariseWeek(detail({ programmeWeek: 'ended', weekWindow: null }), true)).toBeNull();
  });
});

describe('the work, week by week', () => {
  it('lists every week so far, newest first, with the homework handed in and the modules due in it', () => {
    const weeks = workByWeek(
      detail({ homework: [homework(1, inWeek(1)), homework(3, inWeek(4)), homework(2, inWeek(4, 2))] }),
    );
    expect(weeks.map((w) => w.week)).toEqual([4, 3, 2, 1]);
    expect(weeks[0]?.homework.map((h) => h.moduleNo)).toEqual([3, 2]);
    expect(weeks[3]?.homework.map((h) => h.moduleNo)).toEqual([1]);
    expect(weeks.map((w) => w.due.map((slot) => slot.moduleNo))).toEqual([[], [3], [2], [1]]);
  });
});

describe('a message is checked by the shared rule before it is sent', () => {
  it.each([
    ['', 'empty'],
    ['  \n ', 'empty'],
    ['x'.repeat(TEXT_MAX.message + 1), 'too-long'],
    ['Hei\u0007', 'invalid-characters'],
    ['Hei Kari,\n\nbra jobbet.', null],
    [`  ${'x'.repeat(TEXT_MAX.message)}  `, null],
  ])('%j is %s', (text, problem) => {
    expect(textProblem(MessageBody, text)).toBe(problem);
  });
});
