import { z } from 'zod';
import type { ProgrammeWeek, QueueBucket, QueueReason, RoundState, WeekWindow } from '../clinical';
import type {
  ClinicalNote,
  Enrolment,
  Flag,
  FlagSeverity,
  Homework,
  Message,
  ModuleProgress,
  Patient,
  Programme,
  QuestionnaireResponse,
  StaffRole,
  Team,
  WeeklyFeedback,
} from './domain';
import { RiskRuleConfig } from '../clinical/risk';
import { type ActionName, type ActionResponse, actionRequests } from './actions';
import {
  ClinicSettings,
  NewStaffRequest,
  ReferralRequest,
  TeamRequest,
  type ClinicRiskRules,
  type Organisation,
  type StaffAccount,
} from './admin';
import { Id, IsoWeek } from './domain';
import { Password, Username } from './fields';
import type { MutationType, RejectionCode } from './sync';
import type { TemplateLibrary } from '../templates';

/**
 * The contract between the renderer and the main process: every call, its request schema and
 * its response type, and every event main sends. Main validates every request against these
 * schemas (src/main/ipc/router.ts); preload exposes exactly these channels as `window.api`.
 *
 * Calls never reject: they resolve to an `IpcResult`, because an Error crossing contextBridge
 * loses everything but its message, and the UI needs the error code (locked, needs-decision...).
 * Nothing here carries a key or a token.
 */

// ---------------------------------------------------------------- request building blocks

const Empty = z.strictObject({});
const PatientRef = z.strictObject({ patientId: Id });

// ---------------------------------------------------------------- response types

export interface PortalInfo {
  /** 'embedded-demo': the demo portal runs inside the app on loopback. */
  kind: 'embedded-demo' | 'configured';
  origin: string;
  /** The portal holds the demo clinic (synthetic people, published passwords), not a real one. */
  demo: boolean;
}

export interface AppInfo {
  name: string;
  version: string;
  portal: PortalInfo;
}

export interface AccountView {
  staffId: string;
  username: string;
  displayName: string;
  role: StaffRole | 'patient';
}

/**
 * One pending change the user would lose: what, about whom and what they wrote, so they can copy
 * it out. Name and text are null on any screen that may show no patient data (locked, signed out).
 */
export interface PendingChangeSummary {
  mutationId: string;
  type: MutationType;
  /** The patient's name as the user sees it in the queue; null when the patient is not cached. */
  patientName: string | null;
  /** The message, note or flag text the user wrote; null for changes without text. */
  text: string | null;
  queuedAt: string;
}

/** Why the portal ended a session for good (an expiry only asks for the password again). */
export type RevocationCause =
  /** The session was ended at the portal (signed out elsewhere, or by an administrator). */
  | 'session-revoked'
  /** A spent refresh token was presented again after the grace window: possibly copied. */
  | 'token-reused'
  /** The account was deactivated. */
  | 'account-inactive';

export type CacheProblemCause =
  /** The keychain has no key for an existing cache file. */
  | 'missing-key'
  /** The key in the keychain does not open the file. */
  | 'wrong-key'
  /** The file opens but is damaged. */
  | 'corrupt'
  /** The user asked to sign out while changes were still waiting to be sent. */
  | 'pending-on-sign-out'
  /** The portal ended the session while changes were still waiting to be sent. */
  | RevocationCause;

/**
 * A decision the user must make before the cache is deleted. `pending` lists what would be lost;
 * `pendingReadable` is false when the old file cannot be read, so its unsent changes (if any)
 * cannot even be counted.
 */
export interface CacheProblem {
  id: string;
  cause: CacheProblemCause;
  /**
   * What happens on 'discard': rebuild the cache by a full sync, or finish signing out ('revoked':
   * signing out after a revocation; its 'retry' signs in again to send the changes).
   */
  action: 'rebuild' | 'sign-out' | 'revoked';
  pendingReadable: boolean;
  pending: PendingChangeSummary[];
  /** The workstation is locked: names and texts are withheld until the password is given. */
  detailsHidden: boolean;
  message: string;
}

export type SessionState =
  | { status: 'signed-out'; portal: PortalInfo; notice: SessionNotice | null }
  | { status: 'signing-in'; portal: PortalInfo; username: string }
  /**
   * `signInNeeded`: the portal session expired (or its refresh went unanswered past the grace
   * window). Everything local is kept; unlocking signs in at the portal again and sync resumes.
   * Unlocked offline, the user works from the cache until they sign in again.
   */
  | { status: 'ready'; portal: PortalInfo; account: AccountView; signInNeeded: boolean }
  | { status: 'locked'; portal: PortalInfo; account: AccountView; signInNeeded: boolean }
  | { status: 'cache-problem'; portal: PortalInfo; account: AccountView; problem: CacheProblem };

/** Why the user was signed out, when it was not their own choice. */
export type SessionNotice =
  | {
      code: 'revoked';
      cause: RevocationCause;
      message: string;
      /**
       * The unsent changes the user chose to delete with the cache: kind and time only (name and
       * text null), since the signed-out screen shows no patient data.
       */
      lost: PendingChangeSummary[];
    }
  | { code: 'keychain-unavailable'; message: string };

export interface DemoAccountView {
  username: string;
  password: string;
  role: 'therapist' | 'team_lead' | 'admin' | 'patient';
  description: string;
}

export type { RoundState } from '../clinical';

export interface LatestScore {
  instrumentId: string;
  week: number;
  total: number;
  band: string;
  submittedAt: string;
}

export interface QueueItem {
  patientId: string;
  name: string;
  programme: Programme | null;
  programmeWeek: ProgrammeWeek | null;
  bucket: QueueBucket;
  /** Every reason for attention, most pressing first. */
  reasons: QueueReason[];
  openFlags: { risk: number; urgent: number };
  unreadMessages: number;
  latestScores: LatestScore[];
  hasDraft: boolean;
  round: RoundState;
}

export interface QueueView {
  /** The instant the queue was computed (its "now" for inactivity and snoozes). */
  at: string;
  items: QueueItem[];
}

/** A record plus whether it is a local change the portal has not confirmed yet. */
export type Local<T> = T & { pending: boolean };

export interface ScoreSeries {
  instrumentId: string;
  points: { responseId: string; week: number; total: number; band: string; submittedAt: string }[];
}

export interface Draft {
  patientId: string;
  body: string;
  updatedAt: string;
}

/** A message the portal refused to deliver: its text is kept so it can be sent again. */
export interface FailedMessage {
  /** The refused mutation (what sync.dismissRejected forgets). */
  mutationId: string;
  body: string;
  code: RejectionCode;
  /** The portal's reason, in its words. */
  message: string;
  rejectedAt: string;
}

export interface PatientDetail {
  patient: Patient;
  enrolment: Enrolment | null;
  therapist: { staffId: string; displayName: string } | null;
  programmeWeek: ProgrammeWeek | null;
  weekWindow: WeekWindow | null;
  modules: ModuleProgress[];
  homework: Homework[];
  /** Oldest first. */
  messages: Local<Message>[];
  responses: QuestionnaireResponse[];
  scoreSeries: ScoreSeries[];
  /** Newest first. */
  flags: Local<Flag>[];
  notes: Local<ClinicalNote>[];
  feedback: Local<WeeklyFeedback>[];
  draft: Draft | null;
  round: RoundState;
  /** The names of the staff this record mentions (authors, who acknowledged or resolved), by id. */
  staffNames: Record<string, string>;
  /** Oldest first. */
  failedMessages: FailedMessage[];
  /**
   * 'oversight': the user oversees the patient and holds no messages, homework or notes (opening
   * the record with a reason brings them); `openUntil`: when the user's grant on the record ends.
   */
  access: { level: 'record' | 'oversight'; openUntil: string | null };
}

/** The patients behind a number on the team screens (drill-down), by id into TeamView.patients. */
export type PatientIds = string[];

export interface TherapistLoad {
  staffId: string;
  displayName: string;
  active: boolean;
  /** Active enrolments this therapist carries. */
  caseload: number;
  capacity: number;
  openFlags: { risk: number; urgent: number };
  /** Patient messages unanswered past the reply deadline (working days). */
  overdueReplies: number;
  startsSoon: number;
  endsSoon: number;
  /** This week's round: patients in a programme week, and those whose weekly feedback is given. */
  round: { due: number; done: number };
  /** Median hours from a patient's message to its answer, over the last four weeks; null with none. */
  medianReplyHours: number | null;
  /** The patients behind each number. */
  lists: {
    caseload: PatientIds;
    flagged: PatientIds;
    overdueReplies: PatientIds;
    startsSoon: PatientIds;
    endsSoon: PatientIds;
    roundOpen: PatientIds;
  };
}

/** One patient as the team screens list them: whose patient, and whether their record is open. */
export interface TeamPatient {
  patientId: string;
  name: string;
  programme: Programme;
  status: string;
  programmeWeek: ProgrammeWeek | null;
  therapistId: string | null;
  therapistName: string | null;
  startDate: string | null;
  plannedEndDate: string | null;
  openFlags: { risk: number; urgent: number };
  unanswered: number;
  /** 'record': the whole record is here (the user's own patient, or opened with a reason). */
  access: 'record' | 'oversight';
  /** Until when a grant keeps the record open to the user; null without one. */
  openUntil: string | null;
  /** The user's decision on the patient (enrol, decline, move) is still on its way to the portal. */
  decisionPending: boolean;
}

/** An open or acknowledged (not yet resolved) flag on the risk board. */
export interface RiskFlagRow {
  flagId: string;
  patientId: string;
  severity: FlagSeverity;
  reasonCode: string;
  status: 'open' | 'acknowledged';
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  /** Not acknowledged after 24 hours. */
  overdue: boolean;
}

/** A referred or assessed patient waiting for a therapist and a start. */
export interface WaitingPatient {
  patientId: string;
  /** The prescreening scores (programme week 0). */
  scores: LatestScore[];
  /** The programme's exclusion signals among them: a MADRS-S total of 35 or more, a risk flag. */
  signals: ('severe-depression' | 'risk-flag')[];
}

/** One therapist's measured time in one ISO week: the total, over how many patients. */
export interface TherapistTimeWeek {
  week: string;
  seconds: number;
  /** The patients worked on that week (their list: `team.timePatients`). */
  patients: number;
}

/** A patient behind a therapist's week: the time spent on them. */
export interface PatientTime {
  patientId: string;
  seconds: number;
}

/** Therapist time on the capacity screen: per therapist, each of the last four ISO weeks. */
export interface TeamTimeView {
  /** Oldest first, this week last. */
  weeks: string[];
  /** The minutes per patient per week that published routine iCBT clinics report. */
  reference: { min: number; max: number };
  therapists: { staffId: string; displayName: string; weeks: TherapistTimeWeek[] }[];
}

/** A record open to the team lead for supervision (a sampled message's patient). */
export interface SupervisionOpening {
  patientId: string;
  expiresAt: string;
}

export interface TeamView {
  at: string;
  replyDeadlineWorkingDays: number;
  therapists: TherapistLoad[];
  totals: Omit<TherapistLoad, 'staffId' | 'displayName' | 'active'>;
  /** Every patient any list names, by id. */
  patients: Record<string, TeamPatient>;
  /** Urgent first, then the oldest first. */
  riskBoard: RiskFlagRow[];
  /** Referred or in assessment, the planned start first (undated last). */
  waitingList: WaitingPatient[];
  /** The lead's own teams, by name: where they may register a referral. */
  teams: Team[];
  time: TeamTimeView;
  supervision: SupervisionOpening[];
}

/** What the UI shows about sync, as the sync engine reports it. Codes and counts only: never patient data. */
export interface SyncStatusView {
  /**
   * Counts the engine's status changes. An answer and a pushed event can cross on the way to the
   * renderer, so it keeps the status with the higher revision and never goes back to an older one.
   */
  revision: number;
  /** Signed in and running (start() called, stop() not). */
  running: boolean;
  /** A sync cycle is in progress right now. */
  syncing: boolean;
  /** The nudge stream is connected: portal changes arrive within seconds, not at the next timer. */
  live: boolean;
  /** Whether the portal answered the last request; null until the first attempt. */
  online: boolean | null;
  /**
   * When the last cycle completed, by this computer's clock. Informational only (shown as
   * "synced 2 min ago"); it is never sent to the portal nor used to order anything.
   */
  lastSyncAt: string | null;
  /** Mutations waiting in the outbox. */
  pending: number;
  /** Mutations the portal refused, kept for the user to see. */
  rejected: number;
  lastError: { code: string; message: string } | null;
  initialSync: { running: boolean; pagesDone: number; changesApplied: number };
}

export interface RejectedChangeView {
  mutationId: string;
  type: MutationType;
  patientName: string | null;
  code: RejectionCode;
  message: string;
  rejectedAt: string;
}

/** A one-time setup link, whole, for the user to hand over to its owner (and to no one else). */
export interface HandOverLink {
  url: string;
  expiresAt: string;
}

export interface InvitedStaff {
  staff: StaffAccount;
  link: HandOverLink;
}

export interface ReferredPatient {
  patientId: string;
  link: HandOverLink;
}

// ---------------------------------------------------------------- the calls

/**
 * Every channel with its request schema: queries, the actions of the registry (actions.ts), and
 * the session's own calls.
 */
export const ipcRequests = {
  'app.info': Empty,
  'session.get': Empty,
  'session.demoAccounts': Empty,
  'queue.get': Empty,
  'patient.get': PatientRef,
  'drafts.list': Empty,
  'templates.list': Empty,
  'team.get': Empty,
  /** The patients behind one therapist's week of measured time, most time first. */
  'team.timePatients': z.strictObject({ staffId: Id, week: IsoWeek }),
  'sync.status': Empty,
  'sync.rejected': Empty,
  'admin.clinic': Empty,
  'admin.createTeam': TeamRequest,
  'admin.renameTeam': TeamRequest.extend({ teamId: Id }),
  'admin.createStaff': NewStaffRequest,
  'admin.deactivateStaff': z.strictObject({ staffId: Id }),
  'admin.resetPassword': z.strictObject({ staffId: Id }),
  'admin.saveSettings': ClinicSettings,
  'admin.riskRules': Empty,
  /** null restores the service defaults. */
  'admin.saveRiskRules': z.strictObject({ config: RiskRuleConfig.nullable() }),
  'referral.create': ReferralRequest,

  ...actionRequests,
  'sync.now': Empty,
  'session.signIn': z.strictObject({ username: Username, password: Password }),
  'session.signOut': Empty,
  'session.lock': Empty,
  /** The user is at work (a key or a click): holds off the idle lock. */
  'session.activity': Empty,
  /** Which patient's view the page shows now (null: none), for the time spent on each patient. */
  'session.viewing': z.strictObject({ patientId: Id.nullable() }),
  /** Checked locally, so a locked workstation can be unlocked offline. */
  'session.unlock': z.strictObject({ password: Password }),
  /**
   * The user's answer to a cache problem: 'retry' tries to send the pending changes again,
   * 'discard' deletes them with the cache and goes on (rebuild, or finish signing out), 'cancel'
   * keeps working with the current cache (only when it is readable).
   */
  'cache.resolveProblem': z.strictObject({
    problemId: z.string().min(1).max(100),
    choice: z.enum(['retry', 'discard', 'cancel']),
  }),
} as const satisfies Record<string, z.ZodType>;

type ActionResponses = { [A in ActionName]: ActionResponse<A> };

/** What each channel answers with (IpcResponse<C> fails to compile for a channel missing here). */
export interface IpcResponses extends ActionResponses {
  'app.info': AppInfo;
  'session.get': SessionState;
  /** The demo logins; empty unless the embedded demo portal runs. */
  'session.demoAccounts': DemoAccountView[];
  'queue.get': QueueView;
  'patient.get': PatientDetail;
  'drafts.list': Draft[];
  /** The clinic's message templates and the module titles they are filled from. */
  'templates.list': TemplateLibrary;
  'team.get': TeamView;
  'team.timePatients': PatientTime[];
  'sync.status': SyncStatusView;
  'sync.rejected': RejectedChangeView[];
  'admin.clinic': Organisation;
  'admin.createTeam': Team;
  'admin.renameTeam': Team;
  'admin.createStaff': InvitedStaff;
  'admin.deactivateStaff': StaffAccount;
  'admin.resetPassword': InvitedStaff;
  'admin.saveSettings': ClinicSettings;
  'admin.riskRules': ClinicRiskRules;
  'admin.saveRiskRules': ClinicRiskRules;
  'referral.create': ReferredPatient;
  /** Resolves when the push and pull cycle has ended. */
  'sync.now': SyncStatusView;
  'session.signIn': SessionState;
  /** May answer 'cache-problem' (pending changes could not be sent): the user decides next. */
  'session.signOut': SessionState;
  'session.lock': SessionState;
  'session.activity': null;
  'session.viewing': null;
  'session.unlock': SessionState;
  'cache.resolveProblem': SessionState;
}

export type IpcChannel = keyof typeof ipcRequests;
export const ipcChannels = Object.keys(ipcRequests) as IpcChannel[];

export type IpcRequest<C extends IpcChannel> = z.infer<(typeof ipcRequests)[C]>;
export type IpcResponse<C extends IpcChannel> = IpcResponses[C];

export function isIpcChannel(name: string): name is IpcChannel {
  return Object.hasOwn(ipcRequests, name);
}

// ---------------------------------------------------------------- results and errors

export type IpcErrorCode =
  /** No such channel. */
  | 'unknown-channel'
  /** The call did not come from our window's main frame (answered by the shell, before the router). */
  | 'forbidden-sender'
  /** The request failed the channel's schema. */
  | 'invalid-request'
  | 'not-signed-in'
  | 'locked'
  /** A cache problem waits for the user's decision. */
  | 'needs-decision'
  | 'not-found'
  /** The request is valid but not now (e.g. acknowledging a resolved flag). */
  | 'conflict'
  | 'wrong-credentials'
  /** The lock screen's password was wrong (there is no user name to get wrong there). */
  | 'wrong-password'
  /** Too many wrong passwords in a row: wait before the next try. */
  | 'too-many-attempts'
  | 'portal-unreachable'
  /** No usable OS keychain: nothing is cached until one is available. */
  | 'keychain-unavailable'
  /** Anything unexpected; details stay in the main process. */
  | 'internal';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
  /** For 'invalid-request': which fields failed, without their values. */
  issues?: { path: string; message: string }[];
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

// ---------------------------------------------------------------- events (main -> renderer)

export interface DataChanged {
  /** The patients whose data changed; 'all' after a full rebuild or a large pull. */
  patientIds: string[] | 'all';
  /** Team-level records (staff, teams) changed. */
  team: boolean;
}

export interface IpcEvents {
  'sync.status': SyncStatusView;
  'data.changed': DataChanged;
  'session.changed': SessionState;
}

export type IpcEventName = keyof IpcEvents;
export const ipcEventNames: readonly IpcEventName[] = ['sync.status', 'data.changed', 'session.changed'];

// ---------------------------------------------------------------- what the page gets

type CallOf<C extends IpcChannel> =
  Record<string, never> extends IpcRequest<C>
    ? (request?: IpcRequest<C>) => Promise<IpcResult<IpcResponse<C>>>
    : (request: IpcRequest<C>) => Promise<IpcResult<IpcResponse<C>>>;

/**
 * `window.api`: one function per channel (an empty request may be omitted; preload sends `{}`),
 * plus `on` for events, which returns the unsubscribe function.
 */
export type WindowApi = { [C in IpcChannel]: CallOf<C> } & {
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
};
