/**
 * Refused attempts to reach patient data or configuration out of scope: who tried what on which
 * id, and why it was refused. Kept apart from the audit log, which records access that happened.
 */
export const name = 'security_events';

export const sql = /* sql */ `
CREATE TABLE security_event (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid NOT NULL,
  actor_role text NOT NULL,
  request_id text NOT NULL,
  action text NOT NULL,
  target_id text,
  reason text NOT NULL CHECK (reason IN ('forbidden', 'not-found'))
);
CREATE INDEX security_event_at ON security_event (at);
`;
