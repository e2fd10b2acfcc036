/** The demo clinic's logins. The desktop app and the README show these; keep them in one place. */
export const DEMO_PASSWORD = 'demo-passord';

export interface DemoAccount {
  username: string;
  password: string;
  role: 'therapist' | 'team_lead' | 'admin' | 'patient';
  description: string;
}

const account = (username: string, role: DemoAccount['role'], description: string): DemoAccount => ({
  username,
  password: DEMO_PASSWORD,
  role,
  description,
});

/** Present in every profile (the large one adds terapeut4..60, teamleder2..10, pasient3..20). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account('terapeut1', 'therapist', 'Therapist with a full caseload'),
  account('terapeut2', 'therapist', 'Therapist with a full caseload'),
  account('terapeut3', 'therapist', 'Therapist with a full caseload'),
  account('teamleder', 'team_lead', 'Team lead of the first team'),
  account('admin', 'admin', 'Administrator: configuration only'),
  account('pasient1', 'patient', 'Patient in an active programme (terapeut1)'),
  account('pasient2', 'patient', 'Patient in an active programme (terapeut1)'),
  account('henvist1', 'patient', 'Referred patient: prescreening before the start'),
  account('oppfolging1', 'patient', 'Patient after the end: the follow-up is due (terapeut1)'),
];
