/**
 * A clinic set up from an empty database: a mark on a database that holds the demo clinic, so it
 * is never mistaken for a real one (and real accounts never get the demo's published passwords).
 */
export const name = 'clinic_admin';

export const sql = /* sql */ `
-- The demo profile seeded into this database; NULL for a real clinic's database.
ALTER TABLE server_meta ADD COLUMN demo_profile text CHECK (demo_profile IN ('demo', 'large'));
`;
