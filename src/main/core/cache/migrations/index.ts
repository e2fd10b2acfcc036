import * as schema from './001_schema';
import * as roundSince from './002_round_since';
import * as flagHitsFollowUp from './003_flag_hits_follow_up';
import * as oversight from './004_oversight';
import * as therapistTime from './005_therapist_time';

/**
 * In order; version N is the N-th, recorded in `PRAGMA user_version`. Never edit one that has
 * shipped: caches already on it keep its shape, so a change is the next migration.
 */
export const migrations: readonly { name: string; sql: string }[] = [
  schema,
  roundSince,
  flagHitsFollowUp,
  oversight,
  therapistTime,
];
