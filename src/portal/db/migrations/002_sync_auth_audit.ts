/** The machinery around the clinic's data: sessions, the audit log, the sync change log, idempotency. */
export const name = 'sync_auth_audit';

export const sql = /* sql */ `
-- One row per issued token pair. A refresh rotates: the old row is marked replaced and a new row
-- joins the same family; presenting a replaced refresh token again revokes the whole family.
CREATE TABLE session (
  id uuid PRIMARY KEY,
  family_id uuid NOT NULL,
  principal_id uuid NOT NULL REFERENCES account (principal_id),
  access_hash bytea NOT NULL UNIQUE,
  access_expires_at timestamptz NOT NULL,
  refresh_hash bytea NOT NULL UNIQUE,
  refresh_expires_at timestamptz NOT NULL,
  replaced_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX session_family ON session (family_id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid NOT NULL,
  actor_role text NOT NULL,
  patient_id uuid,
  action text NOT NULL,
  resource text NOT NULL,
  request_id text NOT NULL
);
CREATE INDEX audit_log_patient ON audit_log (patient_id, at);

-- Every write to synced data adds rows here in the same transaction. txid is the writing
-- transaction's id: pull only serves rows below the oldest running transaction, so a row can never
-- appear behind a cursor that has already passed it.
CREATE TABLE change_log (
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq bigserial NOT NULL,
  entity text NOT NULL,
  entity_id uuid NOT NULL,
  op text NOT NULL CHECK (op IN ('upsert', 'delete', 'grant', 'revoke')),
  patient_id uuid,
  team_id uuid,
  -- For grant and revoke: the one staff member whose scope changed.
  audience_staff_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (txid, seq)
);

CREATE TABLE mutation_result (
  principal_id uuid NOT NULL,
  mutation_id uuid NOT NULL,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal_id, mutation_id)
);
`;
