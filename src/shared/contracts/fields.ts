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

/** A message between therapist and patient. */
export const MessageBody = writtenText(20_000);
/** A clinical note in the record. */
export const ClinicalNoteText = writtenText(20_000);
/** The note on a risk flag (raised, acknowledged or resolved). */
export const FlagNote = writtenText(5_000);
/** A patient's homework answer. */
export const HomeworkAnswer = writtenText(20_000);
/** A message being written: may be empty (the user cleared it), never holds what sending refuses. */
export const DraftText = cleanText(z.string().max(20_000));
/** A person's name, one line. */
export const PersonName = cleanText(z.string().trim().min(1).max(200), { singleLine: true });
/** A login name, one line. */
export const Username = cleanText(z.string().trim().min(1).max(200), { singleLine: true });
/** A password: any characters a person can type, but no NUL or other control character. */
export const Password = cleanText(z.string().min(1).max(1000), { singleLine: true });
