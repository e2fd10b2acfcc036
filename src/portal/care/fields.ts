import { z } from 'zod';

/** The longest message or homework text a patient may send, in characters. */
export const PATIENT_TEXT_MAX = 20_000;

/** Free text a patient sends (a message, a homework answer): trimmed, not empty, bounded. */
export const PatientText = z.string().trim().min(1).max(PATIENT_TEXT_MAX);
