import { z } from 'zod';
import { DEFAULT_REPLY_WORKING_DAYS } from '../clinical/replies';
import { RiskRuleConfig } from '../clinical/risk';
import { isValidNationalId } from '../identity/nationalId';
import { Id, Instant, Programme, StaffMember, StaffRole, Team } from './domain';
import { ClinicNotice, OrganisationName, PersonName, PhoneNumber, Username } from './fields';

/**
 * The administrator's API (and the referral, which team leads use too): requests and answers,
 * validated by the portal's routes and again by the workstation's client and IPC handlers.
 */

/** How many active patients a therapist is planned to carry. */
export const CaseloadCapacity = z.number().int().min(0).max(200);

/** The clinic's settings for its staff and workstations (clinic.staff_settings). */
export const ClinicStaffSettings = z.strictObject({
  /** A therapist's target capacity until their team lead sets one. */
  defaultCaseloadCapacity: CaseloadCapacity,
  /** A patient's message counts as overdue after this many working days without a reply. */
  replyDeadlineDays: z.number().int().min(1).max(14),
  /** A workstation locks after this many minutes without activity. */
  idleLockMinutes: z.number().int().min(1).max(120),
});
export type ClinicStaffSettings = z.infer<typeof ClinicStaffSettings>;

export const defaultClinicStaffSettings: ClinicStaffSettings = {
  defaultCaseloadCapacity: 25,
  replyDeadlineDays: DEFAULT_REPLY_WORKING_DAYS,
  idleLockMinutes: 10,
};

/**
 * What a clinic tells its patients (clinic.patient_info): where to get help now besides 113 and
 * 116 117, and how soon messages are usually answered. The patient pages show it.
 */
export const ClinicPatientInfo = z.strictObject({
  /** The local psychiatric centre (DPS) and how to reach it, as the patient should read it. */
  localPsychiatricCentre: ClinicNotice,
  /** Messages are usually answered within this many working days. */
  replyWithinWorkingDays: z.number().int().min(1).max(10),
});
export type ClinicPatientInfo = z.infer<typeof ClinicPatientInfo>;

export const defaultClinicPatientInfo: ClinicPatientInfo = {
  localPsychiatricCentre: '',
  replyWithinWorkingDays: 3,
};

export const ClinicSettings = z.strictObject({
  staff: ClinicStaffSettings,
  patientInfo: ClinicPatientInfo,
});
export type ClinicSettings = z.infer<typeof ClinicSettings>;

export const Clinic = z.object({ id: Id, name: z.string() });
export type Clinic = z.infer<typeof Clinic>;

/** The risk-flag rules of a clinic, and whether they are the service defaults. */
export const ClinicRiskRules = z.object({ isDefault: z.boolean(), config: RiskRuleConfig });
export type ClinicRiskRules = z.infer<typeof ClinicRiskRules>;

/** A staff member as the administrator sees them: the synced record plus the login name. */
export const StaffAccount = StaffMember.extend({
  username: z.string(),
  /** The account waits for its owner to choose a password through a setup link. */
  awaitingSetup: z.boolean(),
});
export type StaffAccount = z.infer<typeof StaffAccount>;

export const Organisation = z.object({
  clinic: Clinic,
  teams: z.array(Team),
  staff: z.array(StaffAccount),
  settings: ClinicSettings,
});
export type Organisation = z.infer<typeof Organisation>;

export const TeamRequest = z.strictObject({ name: OrganisationName });
export type TeamRequest = z.infer<typeof TeamRequest>;

export const NewStaffRequest = z.strictObject({
  displayName: PersonName,
  username: Username,
  role: StaffRole,
  /** Therapists and team leads work in a team; an administrator in none. */
  teamId: Id.nullable(),
  /** Planned caseload; the clinic's default when left out. */
  caseloadCapacity: CaseloadCapacity.optional(),
});
export type NewStaffRequest = z.infer<typeof NewStaffRequest>;

/**
 * A one-time link where its owner chooses a password. `path` is on the portal's origin (the
 * workstation, which knows that origin, shows it whole); only its owner should get it.
 */
export const SetupLink = z.object({ path: z.string().startsWith('/'), expiresAt: Instant });
export type SetupLink = z.infer<typeof SetupLink>;

export const StaffWithLink = z.object({ staff: StaffAccount, setupLink: SetupLink });
export type StaffWithLink = z.infer<typeof StaffWithLink>;

/** A national identity number (fødselsnummer or D-number), digits only, with valid control digits. */
export const NationalId = z
  .string()
  .transform((text) => text.replace(/[\s-]/g, ''))
  .refine(isValidNationalId, 'must be a valid fødselsnummer or D-number');

/** A referred patient, registered by a team lead or an administrator. */
export const ReferralRequest = z.strictObject({
  givenName: PersonName,
  familyName: PersonName,
  nationalId: NationalId,
  phone: PhoneNumber.nullable(),
  programme: Programme,
  teamId: Id,
  /** The patient's own login name for the patient pages. */
  username: Username,
});
export type ReferralRequest = z.infer<typeof ReferralRequest>;

export const ReferralCreated = z.object({
  patientId: Id,
  enrolmentId: Id,
  setupLink: SetupLink,
});
export type ReferralCreated = z.infer<typeof ReferralCreated>;
