/**
 * The follow-up questionnaire after the end: a response's week is 0 (baseline), 1-14, or 15, the
 * follow-up (FOLLOW_UP_WEEK in src/shared/clinical/calendar.ts), so series sort by week with the
 * follow-up last.
 */
export const name = 'follow_up_week';

export const sql = /* sql */ `
ALTER TABLE questionnaire_response DROP CONSTRAINT questionnaire_response_week_check;
ALTER TABLE questionnaire_response ADD CONSTRAINT questionnaire_response_week_check CHECK (week BETWEEN 0 AND 15);
`;
