import { z } from 'zod';

/**
 * Each input field's rule, declared once and checked at the first boundary the text crosses (IPC,
 * HTTP, a sync push), so bad text gets the same clear answer everywhere and is never queued.
 */

/** Control characters other than line breaks and tabs: never part of text a person typed. */
const CONTROL = /[^\P{Cc}\n\r\t]/u;
/** Every control character, line breaks included: a name or a user name is one line. */
const ANY_CONTROL = /\p{Cc}/u;
/** Half a UTF-16 surrogate pair: not text, and PostgreSQL refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Well-formed text without control characters (`singleLine`: no line breaks or tabs either). */
function cleanText(schema: z.ZodString, { singleLine = false } = {}) {
  const control = singleLine ? ANY_CONTROL : CONTROL;
  return schema
    .refine((text) => !control.test(text), 'must not contain control characters')
    .refine((text) => !LONE_SURROGATE.test(text), 'must be well-formed text');
}

/** Written text of at most `max` characters, trimmed, not empty. */
const writtenText = (max: number) => cleanText(z.string().trim().min(1).max(max));

/** The longest text of each kind, in characters (forms show it). */
export const TEXT_MAX = {
  message: 20_000,
  clinicalNote: 20_000,
  flagNote: 5_000,
  homework: 20_000,
  grantReason: 500,
  declineReason: 500,
} as const;

/** A message between therapist and patient. */
export const MessageBody = writtenText(TEXT_MAX.message);
/** A clinical note in the record. */
export const ClinicalNoteText = writtenText(TEXT_MAX.clinicalNote);
/** The note on a risk flag (raised, acknowledged or resolved). */
export const FlagNote = writtenText(TEXT_MAX.flagNote);
/** Why a record is opened, when none of the standard reasons says it (never shown to the patient). */
export const GrantReasonText = writtenText(TEXT_MAX.grantReason);
/** Why a waiting patient is declined, when none of the standard reasons says it. */
export const DeclineReasonText = writtenText(TEXT_MAX.declineReason);
/** A patient's homework answer (all of an exercise's fields together). */
export const HomeworkAnswer = writtenText(TEXT_MAX.homework);
/** Text being written (a draft): may be empty, never holds what sending would refuse. */
export const DraftText = (max: number) => cleanText(z.string().max(max));
/** A person's name, one line. */
export const PersonName = cleanText(z.string().trim().min(1).max(200), { singleLine: true });
/** The title of a message template, one line (the palette lists it). */
export const TemplateTitle = cleanText(z.string().trim().min(1).max(200), { singleLine: true });
/** A login name, one line. */
export const Username = cleanText(z.string().trim().min(1).max(200), { singleLine: true });
/** A password: any characters a person can type, but no NUL or other control character. */
export const Password = cleanText(z.string().min(1).max(1000), { singleLine: true });
/** A code or id in configuration (an instrument, item or reason code), one line. */
export const Code = cleanText(z.string().min(1).max(100), { singleLine: true });
/** A password a person chooses for a new or reset account: long enough to resist guessing. */
export const NewPassword = cleanText(z.string().min(12).max(1000), { singleLine: true });
/** The name of a clinic or a team, one line. */
export const OrganisationName = cleanText(z.string().trim().min(1).max(200), { singleLine: true });
/** A telephone number as written: digits, spaces, +, - and parentheses. */
export const PhoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{5,30}$/, 'must be a telephone number');
/** Text a clinic shows its patients (where to get help), one or a few lines; may be empty. */
export const ClinicNotice = cleanText(z.string().trim().max(300));
