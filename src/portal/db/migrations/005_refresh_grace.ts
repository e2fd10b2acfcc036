/**
 * A retried refresh gets the same new pair: the rotated row remembers its successor, sealed with a
 * key derived from the spent refresh token itself, so the database alone never yields a token.
 */
export const name = 'refresh_grace';

export const sql = /* sql */ `
ALTER TABLE session ADD COLUMN successor_id uuid REFERENCES session (id);
ALTER TABLE session ADD COLUMN successor_sealed bytea;
ALTER TABLE session ADD CONSTRAINT session_successor_whole
  CHECK ((successor_id IS NULL) = (successor_sealed IS NULL));
`;
