/**
 * A clinic set up from an empty database: a mark on a database that holds the demo clinic (so it
 * is never mistaken for a real one), accounts that wait for their owner to choose a password
 * through a one-time setup link, the clinic's own settings, and referred patients' national
 * identity numbers kept apart from every other column.
 */
export const name = 'clinic_admin';

export const sql = /* sql */ `
-- The demo profile seeded into this database; NULL for a real clinic's database.
ALTER TABLE server_meta ADD COLUMN demo_profile text CHECK (demo_profile IN ('demo', 'large'));

-- A new or reset account has no password until its owner sets one through a setup link.
ALTER TABLE account ALTER COLUMN password_hash DROP NOT NULL;

-- One-time setup links: only the token's SHA-256 is stored; a link works once, before it expires,
-- and a newer link for the same account replaces it.
CREATE TABLE account_setup (
  token_hash bytea PRIMARY KEY,
  principal_id uuid NOT NULL REFERENCES account (principal_id),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX account_setup_principal ON account_setup (principal_id);

-- ClinicStaffSettings in src/shared/contracts/admin.ts; NULL means the service defaults.
ALTER TABLE clinic ADD COLUMN staff_settings jsonb;

-- A patient's national identity number (fødselsnummer or D-number). Its own table, read by one
-- query only (the patient record sent to the patient's care team, data/records.ts): no other
-- select of patient can carry it by accident. Unique, so a referral is never registered twice.
CREATE TABLE patient_national_id (
  patient_id uuid PRIMARY KEY REFERENCES patient (id),
  national_id text NOT NULL UNIQUE CHECK (national_id ~ '^[0-9]{11}$')
);
`;
