/**
 * What the retention job needs: when a name last failed to log in (failures for names nobody has
 * grow without bound otherwise), and an index to prune push results by age without a full scan.
 */
export const name = 'retention_support';

export const sql = `
ALTER TABLE login_failure ADD COLUMN last_failed_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX mutation_result_created_at ON mutation_result (created_at);
`;
