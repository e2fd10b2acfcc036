import type { FastifyReply } from 'fastify';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { html, type Html } from './html';

/** Form posts may carry long Norwegian text, which URL-encoding makes up to six times longer. */
export const FORM_BODY_LIMIT = 512 * 1024;

/** The hidden CSRF field every form carries. */
export const csrfField = (reply: FastifyReply): Html =>
  html`<input type="hidden" name="_csrf" value="${reply.generateCsrf()}" />`;

/** A form's fields as posted: one string per name (the first, should a name repeat). */
export function formFields(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [name, value] of Object.entries(body)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') fields[name] = first;
  }
  return fields;
}

/**
 * Why a text field was refused by its rule (src/shared/contracts/fields.ts), in the patient's
 * words, or null when it is fine. An optional field may be left empty.
 */
export function textProblem(
  t: TFunction,
  value: string,
  rule: z.ZodType<string>,
  max: number,
  required = true,
): string | null {
  const trimmed = value.trim();
  if (!required && trimmed.length === 0) return null;
  const checked = rule.safeParse(value);
  if (checked.success) return null;
  const code = checked.error.issues[0]?.code;
  if (code === 'too_small') return t('common.empty');
  if (code === 'too_big') return t('common.tooLong', { max, count: trimmed.length });
  return t('common.invalidText');
}

export interface TextAreaInput {
  name: string;
  label: string;
  value: string;
  max: number;
  rows?: number;
  hint?: string;
  error?: string | null;
}

/** A labelled text box; its error is tied to it for screen readers, and what was typed stays. */
export function textArea(t: TFunction, input: TextAreaInput): Html {
  const id = `f-${input.name}`;
  const described = [input.hint || input.max ? `${id}-hint` : '', input.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="field">
    <label for="${id}"
      >${input.label}<span class="hint" id="${id}-hint"
        >${input.hint ? html`${input.hint} ` : ''}${t('common.charactersMax', { max: input.max })}</span
      ></label
    >
    ${input.error && html`<span class="field-error" id="${id}-error">${input.error}</span>`}
    <textarea
      id="${id}"
      name="${input.name}"
      rows="${input.rows ?? 5}"
      ${input.error ? html` aria-invalid="true"` : ''}
      aria-describedby="${described}"
    >
${input.value}</textarea>
  </div>`;
}

/** A message box at the top of a page. */
export const notice = (text: string | null | undefined, kind: 'notice' | 'error' = 'notice'): Html | null =>
  text
    ? html`<div class="${kind}" role="${kind === 'error' ? 'alert' : 'status'}"><p>${text}</p></div>`
    : null;
