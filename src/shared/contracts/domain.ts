import { z } from 'zod';
import { FOLLOW_UP_WEEK } from '../clinical/calendar';

/**
 * The records the portal owns and the workstation caches. One schema per record, used by the
 * portal to shape what it sends, by the sync engine to validate what it receives, and by the
 * cache to type what it stores. Times are ISO-8601 instants set by the server; dates are
 * Europe/Oslo calendar dates ('YYYY-MM-DD').
 */

export const Id = z.uuid();
export const Instant = z.iso.datetime({ offset: true });
export const LocalDate = z.iso.date();

export const Programme = z.enum(['panic', 'social-anxiety', 'depression']);
export type Programme = z.infer<typeof Programme>;

export const EnrolmentStatus = z.enum(['referred', 'assessment', 'active', 'completed', 'discontinued']);
export type EnrolmentStatus = z.infer<typeof EnrolmentStatus>;

export const StaffRole = z.enum(['therapist', 'team_lead', 'admin']);
export type StaffRole = z.infer<typeof StaffRole>;

export const FlagSeverity = z.enum(['risk', 'urgent']);
export type FlagSeverity = z.infer<typeof FlagSeverity>;

export const FlagStatus = z.enum(['open', 'acknowledged', 'resolved']);
export type FlagStatus = z.infer<typeof FlagStatus>;

export const Team = z.object({ id: Id, name: z.string(), updatedAt: Instant });
export type Team = z.infer<typeof Team>;

/** A colleague as the workstation sees them: enough for the team-lead view, nothing more. */
export const StaffMember = z.object({
  id: Id,
  displayName: z.string(),
  role: StaffRole,
  teamIds: z.array(Id),
  /** How many active patients this therapist is planned to carry. */
  caseloadCapacity: z.number().int().nonnegative(),
  active: z.boolean(),
  updatedAt: Instant,
});
export type StaffMember = z.infer<typeof StaffMember>;

export const Patient = z.object({
  id: Id,
  givenName: z.string(),
  familyName: z.string(),
  birthYear: z.number().int(),
  phone: z.string().nullable(),
  /** The patient's local psychiatric centre (DPS), called on the same day when risk demands it. */
  localDps: z.string().nullable(),
  teamId: Id,
  updatedAt: Instant,
  /**
   * The national identity number (fødselsnummer or D-number) when registered; only the patient's
   * care team and the patient receive it. Optional, so records from older portals still parse.
   */
  nationalId: z.string().nullish(),
});
export type Patient = z.infer<typeof Patient>;

export const Enrolment = z.object({
  id: Id,
  patientId: Id,
  programme: Programme,
  status: EnrolmentStatus,
  startDate: LocalDate.nullable(),
  plannedEndDate: LocalDate.nullable(),
  therapistId: Id.nullable(),
  teamId: Id,
  updatedAt: Instant,
});
export type Enrolment = z.infer<typeof Enrolment>;

export const ModuleProgress = z.object({
  id: Id,
  patientId: Id,
  enrolmentId: Id,
  moduleNo: z.number().int().min(1).max(9),
  openedAt: Instant.nullable(),
  completedAt: Instant.nullable(),
  updatedAt: Instant,
});
export type ModuleProgress = z.infer<typeof ModuleProgress>;

export const Homework = z.object({
  id: Id,
  patientId: Id,
  enrolmentId: Id,
  moduleNo: z.number().int().min(1).max(9),
  body: z.string(),
  submittedAt: Instant,
  updatedAt: Instant,
});
export type Homework = z.infer<typeof Homework>;

export const Message = z.object({
  id: Id,
  patientId: Id,
  /** Who wrote it: the patient, or a member of staff (authorStaffId). */
  authorKind: z.enum(['patient', 'staff']),
  authorStaffId: Id.nullable(),
  body: z.string(),
  sentAt: Instant,
  readAt: Instant.nullable(),
  /** Set on a patient's message when staff have replied to it. */
  answeredAt: Instant.nullable(),
  updatedAt: Instant,
});
export type Message = z.infer<typeof Message>;

/** Where a questionnaire response sits in a patient's series: 0 baseline, 1-14, follow-up. */
export const QuestionnaireWeek = z.number().int().min(0).max(FOLLOW_UP_WEEK);

export const QuestionnaireResponse = z.object({
  id: Id,
  patientId: Id,
  enrolmentId: Id,
  instrumentId: z.string(),
  /**
   * Programme week (1-14) the response belongs to; 0 for the intake baseline; FOLLOW_UP_WEEK (15)
   * for the follow-up after the end (src/shared/clinical/calendar.ts).
   */
  week: QuestionnaireWeek,
  answers: z.record(z.string(), z.number().int()),
  total: z.number().int(),
  band: z.string(),
  submittedAt: Instant,
  updatedAt: Instant,
});
export type QuestionnaireResponse = z.infer<typeof QuestionnaireResponse>;

export const FlagSource = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('questionnaire'),
    instrumentId: z.string(),
    responseId: Id,
    linkId: z.string().nullable(),
  }),
  z.object({ kind: z.literal('clinician'), staffId: Id }),
]);
export type FlagSource = z.infer<typeof FlagSource>;

/**
 * One questionnaire answer that met a flag's rule: the one that raised it, and each later one the
 * flag covered while unresolved (no second flag is raised for those; they are recorded here).
 */
export const FlagHit = z.object({
  responseId: Id,
  week: QuestionnaireWeek,
  /** What met the rule: the item's answer, or the total for a band or change rule. */
  value: z.number(),
  /** The severity the answer alone would have raised. */
  severity: FlagSeverity,
  /** When the patient submitted it. */
  at: Instant,
});
export type FlagHit = z.infer<typeof FlagHit>;

export const Flag = z.object({
  id: Id,
  patientId: Id,
  severity: FlagSeverity,
  /** Stable id of the rule that raised it; the UI translates it. */
  reasonCode: z.string(),
  source: FlagSource,
  details: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  status: FlagStatus,
  raisedAt: Instant,
  acknowledgedBy: Id.nullable(),
  acknowledgedAt: Instant.nullable(),
  acknowledgeNote: z.string().nullable(),
  resolvedBy: Id.nullable(),
  resolvedAt: Instant.nullable(),
  /** What the clinician wrote when resolving (optional, so records from older portals still parse). */
  resolveNote: z.string().nullish(),
  /**
   * Every answer that met the rule while the flag was unresolved, in submission order; empty for
   * a flag raised by hand (and for records from older portals, hence the default).
   */
  hits: z.array(FlagHit).default([]),
  updatedAt: Instant,
});
export type Flag = z.infer<typeof Flag>;

/** Staff-only note; never shown to the patient. */
export const ClinicalNote = z.object({
  id: Id,
  patientId: Id,
  authorStaffId: Id,
  body: z.string(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type ClinicalNote = z.infer<typeof ClinicalNote>;

/** The therapist's written weekly feedback for one programme week has been given. */
export const WeeklyFeedback = z.object({
  id: Id,
  patientId: Id,
  enrolmentId: Id,
  week: z.number().int().min(1).max(14),
  givenBy: Id,
  givenAt: Instant,
  updatedAt: Instant,
});
export type WeeklyFeedback = z.infer<typeof WeeklyFeedback>;

/**
 * Why a staff member opens a patient's whole record (Normen: access follows a need in the work).
 * The patient's access log shows the reason; the free text of 'other' is never shown to them.
 */
export const GrantReason = z.enum(['acute-risk', 'covering', 'supervision', 'patient-request', 'other']);
export type GrantReason = z.infer<typeof GrantReason>;

/**
 * Why a team lead declines a waiting patient: an exclusion criterion at intake (e.g. MADRS-S 35 or
 * more, suicide risk), another treatment fits better, the patient does not want it, the patient
 * could not be reached, or something else said in words (kept in the portal, never synced).
 */
export const DeclineReason = z.enum([
  'exclusion',
  'other-treatment',
  'patient-declined',
  'no-contact',
  'other',
]);
export type DeclineReason = z.infer<typeof DeclineReason>;

/** One patient's record opened to the signed-in staff member, until it expires (synced to them only). */
export const AccessGrant = z.object({
  id: Id,
  patientId: Id,
  staffId: Id,
  reason: GrantReason,
  grantedAt: Instant,
  expiresAt: Instant,
  updatedAt: Instant,
});
export type AccessGrant = z.infer<typeof AccessGrant>;

/** An ISO week, as '2026-W09': the week a therapist's time on a patient is counted in. */
export const IsoWeek = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'an ISO week, as 2026-W09');
export type IsoWeek = z.infer<typeof IsoWeek>;

/** A week's seconds: no more time fits in one. */
export const WEEK_SECONDS = 7 * 86_400;

/**
 * The time a therapist actively spent on one patient in one ISO week (the patient open, the window
 * focused, the hands on it): a duration, nothing of what was done. One per therapist, patient and
 * week; oversight data, so the team lead sees it.
 */
export const TherapistTime = z.object({
  id: Id,
  patientId: Id,
  staffId: Id,
  week: IsoWeek,
  seconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400),
  updatedAt: Instant,
});
export type TherapistTime = z.infer<typeof TherapistTime>;

/** [programme week, total, band, submittedAt]: a tuple, as a team lead's sync carries thousands. */
const ScorePoint = z.tuple([z.number().int().min(0).max(14), z.number().int(), z.string(), Instant]);

/**
 * What a team lead sees of a patient whose record they have not opened: times, counts and scores,
 * never a message, homework answer or note. One per patient (its id is the patient's), computed by
 * the portal from the record whenever it changes.
 */
export const PatientOverview = z.object({
  id: Id,
  patientId: Id,
  /** Each instrument's totals, oldest first. */
  scores: z.array(z.object({ instrumentId: z.string(), points: z.array(ScorePoint) })),
  /** [module number, openedAt, completedAt]. */
  modules: z.array(z.tuple([z.number().int().min(1).max(9), Instant.nullable(), Instant.nullable()])),
  /** The programme weeks whose written feedback was given, per enrolment. */
  feedback: z.array(z.object({ enrolmentId: Id, weeks: z.array(z.number().int()) })),
  /** When each of the patient's messages still waiting for an answer was sent, oldest first. */
  unanswered: z.array(Instant),
  /** The patient's messages staff have not read. */
  unread: z.number().int().nonnegative(),
  /** [sentAt, answeredAt] of the patient's messages answered in the last five weeks. */
  replies: z.array(z.tuple([Instant, Instant])),
  lastActivityAt: Instant.nullable(),
  /** [therapist, ISO week, seconds] of the measured time on the patient in the last four weeks. */
  time: z.array(z.tuple([Id, IsoWeek, TherapistTime.shape.seconds])),
  updatedAt: Instant,
});
export type PatientOverview = z.infer<typeof PatientOverview>;

/** Every record kind that travels through sync, with its schema. */
export const entitySchemas = {
  team: Team,
  staff: StaffMember,
  patient: Patient,
  enrolment: Enrolment,
  moduleProgress: ModuleProgress,
  homework: Homework,
  message: Message,
  questionnaireResponse: QuestionnaireResponse,
  flag: Flag,
  clinicalNote: ClinicalNote,
  weeklyFeedback: WeeklyFeedback,
  overview: PatientOverview,
  accessGrant: AccessGrant,
  therapistTime: TherapistTime,
} as const;

export type EntityKind = keyof typeof entitySchemas;
export const EntityKind = z.enum(Object.keys(entitySchemas) as [EntityKind, ...EntityKind[]]);

export type EntityRecord<K extends EntityKind> = z.infer<(typeof entitySchemas)[K]>;
