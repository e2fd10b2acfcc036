import { randomUUID } from 'node:crypto';
import type { Change } from '../../../../../src/shared/contracts/sync';
import type {
  Enrolment,
  Flag,
  Message,
  ModuleProgress,
  Patient,
  QuestionnaireResponse,
  StaffMember,
  Team,
} from '../../../../../src/shared/contracts/domain';

/** Synthetic records as the portal would send them, for cache tests. No real people. */

export const T0 = '2026-11-02T09:00:00.000Z';
const DAY = 86_400_000;
export const at = (days: number, base = T0) => new Date(Date.parse(base) + days * DAY).toISOString();

export const team = (): Team => ({ id: randomUUID(), name: 'Team Vest', updatedAt: T0 });

export const staff = (teamId: string, over: Partial<StaffMember> = {}): StaffMember => ({
  id: randomUUID(),
  displayName: 'Terapeut Test',
  role: 'therapist',
  teamIds: [teamId],
  caseloadCapacity: 30,
  active: true,
  updatedAt: T0,
  ...over,
});

export const patient = (teamId: string, over: Partial<Patient> = {}): Patient => ({
  id: randomUUID(),
  givenName: 'Kari',
  familyName: 'Nordmann',
  birthYear: 1985,
  phone: null,
  localDps: null,
  teamId,
  updatedAt: T0,
  ...over,
});

export const enrolment = (
  p: Patient,
  therapistId: string | null,
  over: Partial<Enrolment> = {},
): Enrolment => ({
  id: randomUUID(),
  patientId: p.id,
  programme: 'depression',
  status: 'active',
  startDate: '2026-10-26',
  plannedEndDate: '2027-02-01',
  therapistId,
  teamId: p.teamId,
  updatedAt: T0,
  ...over,
});

export const message = (patientId: string, over: Partial<Message> = {}): Message => ({
  id: randomUUID(),
  patientId,
  authorKind: 'patient',
  authorStaffId: null,
  body: 'Hei, jeg har gjort leksene.',
  sentAt: T0,
  readAt: null,
  answeredAt: null,
  updatedAt: T0,
  ...over,
});

export const flag = (patientId: string, over: Partial<Flag> = {}): Flag => ({
  id: randomUUID(),
  patientId,
  severity: 'risk',
  reasonCode: 'phq9-item9',
  source: { kind: 'questionnaire', instrumentId: 'phq-9', responseId: randomUUID(), linkId: '9' },
  details: { value: 1, threshold: 1 },
  status: 'open',
  raisedAt: T0,
  acknowledgedBy: null,
  acknowledgedAt: null,
  acknowledgeNote: null,
  resolvedBy: null,
  resolvedAt: null,
  hits: [],
  updatedAt: T0,
  ...over,
});

export const response = (
  p: Patient,
  e: Enrolment,
  week: number,
  over: Partial<QuestionnaireResponse> = {},
): QuestionnaireResponse => ({
  id: randomUUID(),
  patientId: p.id,
  enrolmentId: e.id,
  instrumentId: 'phq-9',
  week,
  answers: { '1': 2, '2': 1 },
  total: 12,
  band: 'moderate',
  submittedAt: at(week * 7 - 7),
  updatedAt: T0,
  ...over,
});

export const moduleProgress = (
  p: Patient,
  e: Enrolment,
  moduleNo: number,
  completed: boolean,
): ModuleProgress => ({
  id: randomUUID(),
  patientId: p.id,
  enrolmentId: e.id,
  moduleNo,
  openedAt: at(moduleNo * 7 - 7),
  completedAt: completed ? at(moduleNo * 7 - 5) : null,
  updatedAt: T0,
});

export const up = <E extends Extract<Change, { op: 'upsert' }>['entity']>(
  entity: E,
  record: Extract<Change, { op: 'upsert'; entity: E }>['record'],
): Change => ({ op: 'upsert', entity, record }) as Change;

/** A whole patient's history, roughly what the portal sends for one patient in programme week `weeks`. */
export function patientHistory(teamId: string, therapistId: string, weeks = 3, over: Partial<Patient> = {}) {
  const p = patient(teamId, over);
  const e = enrolment(p, therapistId);
  const changes: Change[] = [up('patient', p), up('enrolment', e)];
  for (let week = 1; week <= weeks; week += 1) {
    changes.push(up('moduleProgress', moduleProgress(p, e, week, week < weeks)));
    changes.push(up('questionnaireResponse', response(p, e, week)));
    changes.push(
      up('questionnaireResponse', response(p, e, week, { instrumentId: 'madrs-s', total: 18, band: 'mild' })),
    );
    changes.push(
      up(
        'message',
        message(p.id, { sentAt: at(week * 7 - 6), answeredAt: at(week * 7 - 5), readAt: at(week * 7 - 5) }),
      ),
    );
    changes.push(
      up(
        'message',
        message(p.id, {
          authorKind: 'staff',
          authorStaffId: therapistId,
          sentAt: at(week * 7 - 5),
          body: 'Bra jobbet!',
        }),
      ),
    );
    changes.push(
      up('homework', {
        id: randomUUID(),
        patientId: p.id,
        enrolmentId: e.id,
        moduleNo: week,
        body: 'Mine tanker denne uka...',
        submittedAt: at(week * 7 - 4),
        updatedAt: T0,
      }),
    );
  }
  return { patient: p, enrolment: e, changes };
}
