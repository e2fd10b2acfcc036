import {
  addDays,
  addMonths,
  FOLLOW_UP_MONTHS,
  instruments,
  isoWeekOf,
  localDateOf,
  moduleSchedules,
  PROGRAMME_INSTRUMENTS,
  PROGRAMME_WEEKS,
  recentIsoWeeks,
  startOfLocalDate,
  type InstrumentDefinition,
  type InstrumentId,
} from '../../shared/clinical/index';
import type { EnrolmentStatus, Programme, StaffRole } from '../../shared/contracts/domain';
import { assessResponse, type ProposedFlag } from '../care/assessment';
import { coveringFlags, hitOf, type RaisedFlag } from '../care/riskRules';
import { FAMILY_NAMES, GIVEN_NAMES, LOCAL_DPS } from './names';
import { Prng } from './prng';
import type { ClinicData, FlagRow, HomeworkRow } from './rows';

export type { ClinicData };

export type SeedProfile = 'demo' | 'large';

interface ProfileSize {
  teams: number;
  therapistsPerTeam: number;
  activePerTherapist: number;
  referredPerTeam: number;
  assessmentPerTeam: number;
  completedPerTeam: number;
  discontinuedPerTeam: number;
  patientAccounts: number;
}

export const PROFILES: Record<SeedProfile, ProfileSize> = {
  demo: {
    teams: 1,
    therapistsPerTeam: 3,
    activePerTherapist: 25,
    referredPerTeam: 8,
    assessmentPerTeam: 4,
    completedPerTeam: 15,
    discontinuedPerTeam: 4,
    patientAccounts: 2,
  },
  large: {
    teams: 10,
    therapistsPerTeam: 6,
    activePerTherapist: 25,
    referredPerTeam: 10,
    assessmentPerTeam: 4,
    completedPerTeam: 20,
    discontinuedPerTeam: 3,
    patientAccounts: 20,
  },
};

const DAY = 86_400_000;

type Trajectory = 'responder' | 'slow' | 'non-responder' | 'deterioration' | 'dropout' | 'inactive';
const TRAJECTORIES: readonly [Trajectory, number][] = [
  ['responder', 0.42],
  ['slow', 0.2],
  ['non-responder', 0.14],
  ['deterioration', 0.07],
  ['dropout', 0.1],
  ['inactive', 0.07],
];

const HOMEWORK = [
  'Jeg skrev ned tankene mine da det skjedde, og la merke til at de ble svakere etter en stund.',
  'Øvde på eksponering tre ganger denne uken. Det var vanskelig første gang, lettere etterpå.',
  'Aktivitetsplanen fungerte bra de fleste dagene, bortsett fra helgen.',
  'Jeg prøvde pusteøvelsen, men glemte den når jeg ble stresset.',
  'Gikk på butikken alene to ganger. Angsten toppet seg og gikk ned igjen.',
];
const PATIENT_MESSAGES = [
  'Hei, jeg har hatt en tung uke og fikk ikke gjort alle oppgavene.',
  'Jeg lurer på om jeg gjør eksponeringsøvelsen riktig?',
  'Takk for tilbakemeldingen! Det hjalp å lese den.',
  'Kan vi ta en telefonsamtale denne uken?',
  'Jeg sover dårlig igjen. Er det vanlig i denne fasen?',
];
const STAFF_MESSAGES = [
  'Takk for at du deler. Det er helt vanlig at det går opp og ned. Prøv å holde fast ved planen.',
  'Godt jobbet med hjemmeoppgaven denne uken! Neste modul bygger videre på dette.',
  'Du beskriver øvelsen riktig. Fortsett, og legg merke til hvordan angsten endrer seg.',
];

/** Clamps an instant to at most `now`, so nothing seeded lies in the future. */
const at = (ms: number, now: number) => new Date(Math.min(ms, now - 60_000)).toISOString();

interface Person {
  given: string;
  family: string;
}

/**
 * Generates a synthetic clinic, deterministic given (profile, seed, the Oslo date of `clock`): the
 * clinic as it stood when that day began. Programme weeks are relative to it, so the demo is always
 * mid-programme; and it is the same all day long, where an hour's difference used to add or drop a
 * response due later that day and so shift every random draw after it (another patient's urgent
 * flag on top of the round after 19:00).
 */
export function generateClinic(profile: SeedProfile, seed: number, clock: Date): ClinicData {
  const now = startOfLocalDate(localDateOf(clock));
  const size = PROFILES[profile];
  const rng = new Prng(seed);
  const nowMs = now.getTime();
  const today = localDateOf(now);
  const data: ClinicData = {
    clinic: [],
    team: [],
    staff: [],
    staff_team: [],
    patient: [],
    account: [],
    enrolment: [],
    module_progress: [],
    homework: [],
    message: [],
    questionnaire_response: [],
    flag: [],
    clinical_note: [],
    weekly_feedback: [],
    therapist_time: [],
  };
  const person = (r = rng): Person => ({ given: r.pick(GIVEN_NAMES), family: r.pick(FAMILY_NAMES) });
  const stamp = at(nowMs - 120 * DAY, nowMs);

  const clinicId = rng.uuid();
  data.clinic.push({
    id: clinicId,
    name: 'eMestring Vestland',
    patient_info: {
      localPsychiatricCentre: 'akutteamet, via sentralbordet',
      replyWithinWorkingDays: 3,
    },
  });

  const addStaff = (role: StaffRole, username: string, teamId: string | null, capacity: number) => {
    const id = rng.uuid();
    const who = person();
    data.staff.push({
      id,
      display_name: `${who.given} ${who.family}`,
      role,
      caseload_capacity: capacity,
      capacity_set_at: role === 'therapist' ? stamp : null,
      active: true,
      updated_at: stamp,
    });
    if (teamId) data.staff_team.push({ staff_id: id, team_id: teamId });
    data.account.push({ principal_id: id, kind: 'staff', username });
    return id;
  };
  addStaff('admin', 'admin', null, 0);

  let therapistNo = 0;
  let patientAccounts = 0;
  for (let teamNo = 1; teamNo <= size.teams; teamNo++) {
    const teamId = rng.uuid();
    data.team.push({ id: teamId, clinic_id: clinicId, name: `Team ${teamNo}`, updated_at: stamp });
    addStaff('team_lead', teamNo === 1 ? 'teamleder' : `teamleder${teamNo}`, teamId, 0);
    const therapists = Array.from({ length: size.therapistsPerTeam }, () =>
      addStaff('therapist', `terapeut${++therapistNo}`, teamId, size.activePerTherapist + 3),
    );

    const addPatient = (
      status: EnrolmentStatus,
      therapistId: string | null,
      weeksAgoStarted: number | null,
      r = rng,
    ) => {
      const patientId = r.uuid();
      const who = person(r);
      data.patient.push({
        id: patientId,
        given_name: who.given,
        family_name: who.family,
        birth_year: now.getUTCFullYear() - r.int(19, 67),
        phone: `4${r.int(0, 9)}${String(r.int(0, 999_999)).padStart(6, '0')}`,
        local_dps: r.pick(LOCAL_DPS),
        team_id: teamId,
        updated_at: stamp,
      });
      const programme = r.pick<Programme>(['panic', 'social-anxiety', 'depression']);
      const startDate = weeksAgoStarted === null ? null : addDays(today, -weeksAgoStarted * 7 - r.int(0, 6));
      const enrolmentId = r.uuid();
      data.enrolment.push({
        id: enrolmentId,
        patient_id: patientId,
        programme,
        status,
        start_date: startDate,
        planned_end_date: startDate ? addDays(startDate, PROGRAMME_WEEKS * 7) : null,
        therapist_id: therapistId,
        updated_at: stamp,
      });
      return { patientId, enrolmentId, programme, startDate };
    };
    /** The weeks of a started enrolment: its modules, questionnaires, messages and flags. */
    const addHistory = (
      enrolment: ReturnType<typeof addPatient>,
      therapistId: string,
      trajectory: Trajectory,
      demoPatient = false,
    ) =>
      history(data, rng, {
        ...enrolment,
        startDate: enrolment.startDate!,
        therapistId,
        trajectory,
        nowMs,
        demoPatient,
      });

    /**
     * The demo's patient after the end, for the follow-up: a completed programme whose follow-up
     * opened two days ago and is not answered yet. Drawn from a random stream of its own, so adding
     * it changes nobody else in the clinic.
     */
    const addFollowUpPatient = (therapistId: string) => {
      const own = new Prng(seed + 1);
      const enrolment = addPatient('completed', therapistId, null, own);
      const startDate = addDays(addMonths(today, -FOLLOW_UP_MONTHS), -PROGRAMME_WEEKS * 7 - 2);
      Object.assign(data.enrolment.at(-1)!, {
        start_date: startDate,
        planned_end_date: addDays(startDate, PROGRAMME_WEEKS * 7),
      });
      data.account.push({ principal_id: enrolment.patientId, kind: 'patient', username: 'oppfolging1' });
      history(data, own, {
        ...enrolment,
        startDate,
        therapistId,
        trajectory: 'responder',
        nowMs,
        demoPatient: false,
      });
    };

    for (const therapistId of therapists) {
      for (let i = 0; i < size.activePerTherapist; i++) {
        const demoPatient = patientAccounts < size.patientAccounts;
        const week = demoPatient ? rng.int(4, 9) : rng.int(1, PROGRAMME_WEEKS);
        const enrolment = addPatient('active', therapistId, week - 1);
        if (demoPatient) {
          data.account.push({
            principal_id: enrolment.patientId,
            kind: 'patient',
            username: `pasient${++patientAccounts}`,
          });
        }
        addHistory(enrolment, therapistId, demoPatient ? 'responder' : pickTrajectory(rng), demoPatient);
      }
    }
    for (let i = 0; i < size.completedPerTeam; i++) {
      const therapistId = rng.pick(therapists);
      const enrolment = addPatient('completed', therapistId, rng.int(15, 60));
      addHistory(
        enrolment,
        therapistId,
        rng.pick<Trajectory>(['responder', 'responder', 'slow', 'non-responder']),
      );
    }
    for (let i = 0; i < size.discontinuedPerTeam; i++) {
      const therapistId = rng.pick(therapists);
      const enrolment = addPatient('discontinued', therapistId, rng.int(6, 30));
      addHistory(enrolment, therapistId, 'dropout');
    }
    for (let i = 0; i < size.assessmentPerTeam; i++) addPatient('assessment', rng.pick(therapists), null);
    for (let i = 0; i < size.referredPerTeam; i++) {
      const referred = addPatient('referred', null, null);
      if (teamNo === 1 && i === 0) {
        // The demo's referred patient, for prescreening: depression, so the MADRS-S is among the forms.
        data.enrolment.at(-1)!.programme = 'depression';
        data.account.push({ principal_id: referred.patientId, kind: 'patient', username: 'henvist1' });
      }
    }
    if (teamNo === 1) addFollowUpPatient(therapists[0]!);
  }
  addTherapistTime(data, new Prng(seed + 1), now);
  return data;
}

/**
 * The therapists' measured time on their active patients in each of the last four ISO weeks they
 * wrote to them: 6 to 26 minutes, around the 10-20 that routine clinics report. Drawn from a
 * stream of its own, so the rest of the clinic stays as the seed gives it.
 */
function addTherapistTime(data: ClinicData, rng: Prng, now: Date): void {
  const weeks = new Set(recentIsoWeeks(now, 4));
  const active = new Set(data.enrolment.flatMap((e) => (e.status === 'active' ? [e.patient_id] : [])));
  const worked = new Map<string, { staffId: string; patientId: string; week: string; at: string }>();
  for (const message of data.message) {
    if (message.author_staff_id === null || !active.has(message.patient_id)) continue;
    const week = isoWeekOf(new Date(message.sent_at));
    const key = `${message.author_staff_id}:${message.patient_id}:${week}`;
    if (weeks.has(week) && !worked.has(key))
      worked.set(key, {
        staffId: message.author_staff_id,
        patientId: message.patient_id,
        week,
        at: message.sent_at,
      });
  }
  for (const { staffId, patientId, week, at } of worked.values()) {
    data.therapist_time.push({
      id: rng.uuid(),
      staff_id: staffId,
      patient_id: patientId,
      week,
      seconds: rng.int(6 * 60, 26 * 60),
      updated_at: at,
    });
  }
}

function pickTrajectory(rng: Prng): Trajectory {
  let roll = rng.next();
  for (const [trajectory, share] of TRAJECTORIES) {
    if ((roll -= share) < 0) return trajectory;
  }
  return 'responder';
}

/** Symptom level (0-1 of the instrument's range) in a programme week, by trajectory. */
function severity(trajectory: Trajectory, baseline: number, week: number): number {
  const progress = week / PROGRAMME_WEEKS;
  switch (trajectory) {
    case 'responder':
    case 'dropout':
    case 'inactive':
      return baseline * (1 - 0.6 * progress);
    case 'slow':
      return baseline * (1 - 0.45 * progress * progress);
    case 'non-responder':
      return baseline;
    case 'deterioration':
      return Math.min(0.95, baseline * (1 + 0.45 * progress));
  }
}

interface EnrolmentSpec {
  patientId: string;
  enrolmentId: string;
  programme: Programme;
  startDate: string;
  therapistId: string;
  trajectory: Trajectory;
  nowMs: number;
  /** Demo logins: engaged, and this week's questionnaire left for the person trying the demo. */
  demoPatient: boolean;
}

/** Where an enrolment stands in time: the week it is in now, and the last week the patient took part. */
interface Timeline {
  startMs: number;
  currentWeek: number;
  lastActiveWeek: number;
  /** When a programme week began. */
  weekStart: (week: number) => number;
}

/**
 * One enrolment's weeks: questionnaires and flags, modules and homework, messages and feedback,
 * and perhaps an intake note. The parts draw from `rng` in this order, which fixes the clinic a
 * seed gives: reordering them changes every patient seeded after.
 */
function history(data: ClinicData, rng: Prng, spec: EnrolmentSpec): void {
  const timeline = timelineOf(rng, spec);
  addQuestionnaires(data, rng, spec, timeline);
  addModules(data, rng, spec, timeline);
  addRound(data, rng, spec, timeline);
  addIntakeNote(data, rng, spec, timeline);
}

function timelineOf(rng: Prng, spec: EnrolmentSpec): Timeline {
  const { trajectory, nowMs } = spec;
  const startMs = Date.parse(`${spec.startDate}T07:00:00Z`);
  const currentWeek = Math.min(PROGRAMME_WEEKS, Math.floor((nowMs - startMs) / (7 * DAY)) + 1);
  const lastActiveWeek =
    trajectory === 'dropout'
      ? Math.min(currentWeek, rng.int(2, 6))
      : trajectory === 'inactive'
        ? 1
        : currentWeek;
  return { startMs, currentWeek, lastActiveWeek, weekStart: (week) => startMs + (week - 1) * 7 * DAY };
}

/** Questionnaires from the baseline (week 0) on, scored by the shared rules, with the flags they raise. */
function addQuestionnaires(data: ClinicData, rng: Prng, spec: EnrolmentSpec, timeline: Timeline): void {
  const { patientId, enrolmentId, trajectory, nowMs } = spec;
  const { startMs, currentWeek, lastActiveWeek, weekStart } = timeline;
  const baseline = 0.4 + rng.next() * 0.3;
  // A few patients report suicidal thoughts in one week: the flags the round must not miss.
  const riskWeek = !spec.demoPatient && rng.chance(0.06) ? rng.int(1, lastActiveWeek) : -1;
  const measures = PROGRAMME_INSTRUMENTS[spec.programme];
  const baselines = new Map<InstrumentId, number>();
  const raised: RaisedFlagSoFar[] = [];

  for (let week = 0; week <= lastActiveWeek; week++) {
    const answeredAt =
      week === 0 ? startMs - 3 * DAY : weekStart(week) + rng.int(1, 5) * DAY + rng.int(0, 12) * 3_600_000;
    if (answeredAt >= nowMs || (spec.demoPatient && week === currentWeek)) continue;
    if (trajectory === 'inactive' && week > 0 && rng.chance(0.6)) continue;
    for (const instrumentId of measures) {
      const definition = instruments[instrumentId];
      const answers = answersFor(rng, definition, severity(trajectory, baseline, week), week === riskWeek);
      const responseId = rng.uuid();
      const assessed = assessResponse(instrumentId, answers, responseId, baselines.get(instrumentId) ?? null);
      if (!assessed.ok) throw new Error(`seed produced an invalid ${instrumentId} response`);
      if (week === 0) baselines.set(instrumentId, assessed.scored.total);
      const submittedAt = at(answeredAt, nowMs);
      data.questionnaire_response.push({
        id: responseId,
        patient_id: patientId,
        enrolment_id: enrolmentId,
        instrument_id: instrumentId,
        week,
        answers,
        total: assessed.scored.total,
        band: assessed.scored.band,
        submitted_at: submittedAt,
        updated_at: submittedAt,
      });
      addFlags(data, rng, spec, raised, assessed.flags, { week, answeredAt });
    }
  }
}

type RaisedFlagSoFar = RaisedFlag & { resolvedAtMs: number | null; row: FlagRow };

/**
 * The flags one response raises, most handled by the therapist (acknowledged within hours,
 * resolved a week on) once they are a few days old. A hit an unresolved flag covers is recorded
 * on it, as the server does.
 */
function addFlags(
  data: ClinicData,
  rng: Prng,
  spec: EnrolmentSpec,
  raised: RaisedFlagSoFar[],
  proposed: readonly ProposedFlag[],
  response: { week: number; answeredAt: number },
): void {
  const { patientId, therapistId, nowMs } = spec;
  const { answeredAt } = response;
  const submittedAt = at(answeredAt, nowMs);
  const unresolved = raised.filter((flag) => flag.resolvedAtMs === null || flag.resolvedAtMs > answeredAt);
  for (const flag of proposed) {
    // The random draws are made for every hit all the same, so the rest of the clinic stays as it was.
    const ageDays = (nowMs - answeredAt) / DAY;
    const handled = ageDays > 4 && rng.chance(0.85);
    const ackAt = at(answeredAt + rng.int(2, 20) * 3_600_000, nowMs);
    const resolved = handled && ageDays > 10;
    const id = rng.uuid();
    const hit = hitOf(flag, response.week, submittedAt);
    const covering = coveringFlags(flag, unresolved);
    for (const open of covering) open.row.hits.push(hit);
    if (covering.length > 0) continue;
    const row: FlagRow = {
      id,
      patient_id: patientId,
      severity: flag.severity,
      reason_code: flag.reasonCode,
      source: flag.source,
      details: flag.details,
      status: resolved ? 'resolved' : handled ? 'acknowledged' : 'open',
      raised_at: submittedAt,
      acknowledged_by: handled ? therapistId : null,
      acknowledged_at: handled ? ackAt : null,
      acknowledge_note: handled ? 'Ringte pasienten samme dag. Ingen akutt fare, avtalt oppfølging.' : null,
      resolved_by: resolved ? therapistId : null,
      resolved_at: resolved ? at(answeredAt + 7 * DAY, nowMs) : null,
      resolve_note: null,
      hits: [hit],
      updated_at: resolved ? at(answeredAt + 7 * DAY, nowMs) : handled ? ackAt : submittedAt,
    };
    raised.push({
      severity: flag.severity,
      reasonCode: flag.reasonCode,
      instrumentId: flag.source.instrumentId,
      linkId: flag.source.linkId ?? null,
      resolvedAtMs: resolved ? answeredAt + 7 * DAY : null,
      row,
    });
    data.flag.push(row);
  }
}

/** Modules by the shared schedule: each is opened in the week after the previous one was due. */
function addModules(data: ClinicData, rng: Prng, spec: EnrolmentSpec, timeline: Timeline): void {
  const { patientId, enrolmentId, nowMs } = spec;
  const { lastActiveWeek, weekStart } = timeline;
  const schedule = moduleSchedules[spec.programme];
  const opened = schedule.filter((slot, i) => i === 0 || schedule[i - 1]!.dueWeek < lastActiveWeek);
  for (const { moduleNo } of opened) {
    const previousDue = moduleNo === 1 ? 0 : schedule[moduleNo - 2]!.dueWeek;
    const openedMs = weekStart(previousDue + 1) + rng.int(0, 2) * DAY;
    if (openedMs >= nowMs) break;
    const completed = moduleNo < opened.length || rng.chance(0.5);
    const completedMs = openedMs + rng.int(1, 5) * DAY;
    // A demo login's module of the week is left unread, for the person trying the demo. The random
    // draws stay as they were, so the rest of the clinic does not change.
    const leftForDemo = spec.demoPatient && moduleNo === opened.length;
    const wouldBeDone = completed && completedMs < nowMs;
    const done = wouldBeDone && !leftForDemo;
    data.module_progress.push({
      id: rng.uuid(),
      patient_id: patientId,
      enrolment_id: enrolmentId,
      programme: spec.programme,
      module_no: moduleNo,
      opened_at: at(openedMs, nowMs),
      completed_at: done ? at(completedMs, nowMs) : null,
      updated_at: at(done ? completedMs : openedMs, nowMs),
    });
    if (wouldBeDone && rng.chance(0.8)) {
      const homework: HomeworkRow = {
        id: rng.uuid(),
        patient_id: patientId,
        enrolment_id: enrolmentId,
        module_no: moduleNo,
        body: rng.pick(HOMEWORK),
        submitted_at: at(completedMs, nowMs),
        updated_at: at(completedMs, nowMs),
      };
      if (!leftForDemo) data.homework.push(homework);
    }
  }
}

/** Messages and weekly feedback; recent patient messages are often still waiting for an answer. */
function addRound(data: ClinicData, rng: Prng, spec: EnrolmentSpec, timeline: Timeline): void {
  const { patientId, enrolmentId, therapistId, nowMs } = spec;
  const { currentWeek, lastActiveWeek, weekStart } = timeline;
  for (let week = 1; week <= currentWeek; week++) {
    const patientWrites = week <= lastActiveWeek && rng.chance(0.55);
    const sentMs = weekStart(week) + rng.int(0, 6) * DAY + rng.int(8, 20) * 3_600_000;
    const replyMs = sentMs + rng.int(1, 3) * DAY;
    const answered = patientWrites && replyMs < nowMs && (nowMs - sentMs > 10 * DAY || rng.chance(0.5));
    if (patientWrites && sentMs < nowMs) {
      data.message.push({
        id: rng.uuid(),
        patient_id: patientId,
        author_kind: 'patient',
        author_staff_id: null,
        body: rng.pick(PATIENT_MESSAGES),
        sent_at: at(sentMs, nowMs),
        read_at: answered || rng.chance(0.4) ? at(sentMs + 3_600_000, nowMs) : null,
        answered_at: answered ? at(replyMs, nowMs) : null,
        updated_at: at(answered ? replyMs : sentMs, nowMs),
      });
    }
    const feedbackMs = weekStart(week) + 6 * DAY;
    if ((answered || (week < currentWeek && rng.chance(0.9))) && feedbackMs < nowMs) {
      const replyAt = answered ? replyMs : feedbackMs;
      data.message.push({
        id: rng.uuid(),
        patient_id: patientId,
        author_kind: 'staff',
        author_staff_id: therapistId,
        body: rng.pick(STAFF_MESSAGES),
        sent_at: at(replyAt, nowMs),
        read_at: rng.chance(0.8) ? at(replyAt + DAY, nowMs) : null,
        answered_at: null,
        updated_at: at(replyAt, nowMs),
      });
      if (week < currentWeek) {
        data.weekly_feedback.push({
          id: rng.uuid(),
          patient_id: patientId,
          enrolment_id: enrolmentId,
          week,
          given_by: therapistId,
          given_at: at(replyAt, nowMs),
          updated_at: at(replyAt, nowMs),
        });
      }
    }
  }
}

/** About a third of patients have the intake assessment written up before the start. */
function addIntakeNote(data: ClinicData, rng: Prng, spec: EnrolmentSpec, timeline: Timeline): void {
  if (!rng.chance(0.3)) return;
  const noteMs = timeline.startMs - 2 * DAY;
  data.clinical_note.push({
    id: rng.uuid(),
    patient_id: spec.patientId,
    author_staff_id: spec.therapistId,
    body: 'Kartleggingssamtale gjennomført. Motivert for internettbehandling. Ingen eksklusjonskriterier.',
    created_at: at(noteMs, spec.nowMs),
    updated_at: at(noteMs, spec.nowMs),
  });
}

/**
 * Item answers around a symptom level, with noise. Suicide-risk items stay at 0 unless this is
 * the patient's risk week, so flags come from the few patients meant to raise them.
 */
function answersFor(rng: Prng, definition: InstrumentDefinition, level: number, riskWeek: boolean) {
  const answers: Record<string, number> = {};
  for (const item of definition.items) {
    const span = item.max - item.min;
    const value = Math.round(item.min + span * (level + (rng.next() - 0.5) * 0.5));
    answers[item.linkId] = Math.max(item.min, Math.min(item.max, value));
    if (definition.riskItems.includes(item.linkId)) {
      answers[item.linkId] = riskWeek
        ? Math.min(item.max, item.min + rng.int(1, 2) * Math.ceil(span / 3))
        : item.min;
    }
  }
  return answers;
}
