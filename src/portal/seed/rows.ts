import type {
  FlagHit,
  EnrolmentStatus,
  Flag,
  FlagSeverity,
  FlagStatus,
  Programme,
  StaffRole,
} from '../../shared/contracts/domain';
import type { ProposedFlag } from '../care/assessment';
import type { ClinicPatientInfo } from '../../shared/contracts/admin';

/**
 * The seeded clinic's rows, one type per table, with the tables' column names: they go into the
 * database as JSON (json_populate_recordset), so a misspelt column would silently stay empty.
 * Instants are ISO strings, dates `YYYY-MM-DD`.
 */
export interface ClinicRow {
  id: string;
  name: string;
  patient_info: ClinicPatientInfo;
}

export interface TeamRow {
  id: string;
  clinic_id: string;
  name: string;
  updated_at: string;
}

export interface StaffRow {
  id: string;
  display_name: string;
  role: StaffRole;
  caseload_capacity: number;
  /** Set: the capacity is the therapist's own target, not the clinic's default. */
  capacity_set_at: string | null;
  active: boolean;
  updated_at: string;
}

export interface StaffTeamRow {
  staff_id: string;
  team_id: string;
}

export interface PatientRow {
  id: string;
  given_name: string;
  family_name: string;
  birth_year: number;
  phone: string;
  local_dps: string;
  team_id: string;
  updated_at: string;
}

/** A login; the seed adds the shared demo password hash when it inserts the rows. */
export interface AccountRow {
  principal_id: string;
  kind: 'staff' | 'patient';
  username: string;
}

export interface EnrolmentRow {
  id: string;
  patient_id: string;
  programme: Programme;
  status: EnrolmentStatus;
  start_date: string | null;
  planned_end_date: string | null;
  therapist_id: string | null;
  updated_at: string;
}

export interface ModuleProgressRow {
  id: string;
  patient_id: string;
  enrolment_id: string;
  programme: Programme;
  module_no: number;
  opened_at: string;
  completed_at: string | null;
  updated_at: string;
}

export interface HomeworkRow {
  id: string;
  patient_id: string;
  enrolment_id: string;
  module_no: number;
  body: string;
  submitted_at: string;
  updated_at: string;
}

export interface MessageRow {
  id: string;
  patient_id: string;
  author_kind: 'patient' | 'staff';
  author_staff_id: string | null;
  body: string;
  sent_at: string;
  read_at: string | null;
  answered_at: string | null;
  updated_at: string;
}

export interface QuestionnaireResponseRow {
  id: string;
  patient_id: string;
  enrolment_id: string;
  instrument_id: string;
  week: number;
  answers: Record<string, number>;
  total: number;
  band: string;
  submitted_at: string;
  updated_at: string;
}

/** Seeded flags all come from questionnaires, raised by the shared risk rules. */
export interface FlagRow {
  id: string;
  patient_id: string;
  severity: FlagSeverity;
  reason_code: string;
  source: ProposedFlag['source'];
  details: Flag['details'];
  status: FlagStatus;
  raised_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  acknowledge_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  resolve_note: string | null;
  hits: FlagHit[];
  updated_at: string;
}

export interface ClinicalNoteRow {
  id: string;
  patient_id: string;
  author_staff_id: string;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface WeeklyFeedbackRow {
  id: string;
  patient_id: string;
  enrolment_id: string;
  week: number;
  given_by: string;
  given_at: string;
  updated_at: string;
}

export interface TherapistTimeRow {
  id: string;
  staff_id: string;
  patient_id: string;
  week: string;
  seconds: number;
  updated_at: string;
}

/** A whole clinic as rows per table, in foreign-key order. */
export interface ClinicData {
  clinic: ClinicRow[];
  team: TeamRow[];
  staff: StaffRow[];
  staff_team: StaffTeamRow[];
  patient: PatientRow[];
  account: AccountRow[];
  enrolment: EnrolmentRow[];
  module_progress: ModuleProgressRow[];
  homework: HomeworkRow[];
  message: MessageRow[];
  questionnaire_response: QuestionnaireResponseRow[];
  flag: FlagRow[];
  clinical_note: ClinicalNoteRow[];
  weekly_feedback: WeeklyFeedbackRow[];
  therapist_time: TherapistTimeRow[];
}
