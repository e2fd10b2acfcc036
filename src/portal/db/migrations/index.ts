import * as schema from './001_schema';
import * as syncAuthAudit from './002_sync_auth_audit';
import * as integrityModulesRules from './003_integrity_modules_rules';
import * as retentionSupport from './004_retention_support';
import * as refreshGrace from './005_refresh_grace';
import * as patientPages from './006_patient_pages';
import * as securityEvents from './007_security_events';
import * as flagHits from './008_flag_hits';
import * as followUpWeek from './009_follow_up_week';
import * as clinicAdmin from './010_clinic_admin';
import * as accessGrants from './011_access_grants';
import * as teamLeadActions from './012_team_lead_actions';
import * as oversightTimeSupervision from './013_oversight_time_supervision';

/** In order. Never edit one that has shipped: add the next. */
export const migrations: readonly { name: string; sql: string }[] = [
  schema,
  syncAuthAudit,
  integrityModulesRules,
  retentionSupport,
  refreshGrace,
  patientPages,
  securityEvents,
  flagHits,
  followUpWeek,
  clinicAdmin,
  accessGrants,
  teamLeadActions,
  oversightTimeSupervision,
];
