/** When a snooze was set: a patient message after it lifts the patient back up the queue. */
export const name = 'round_since';

export const sql = /* sql */ `
ALTER TABLE round ADD COLUMN since TEXT;
`;
