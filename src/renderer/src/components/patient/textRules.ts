import type { z } from 'zod';

/** Why a text was refused before it left the screen. */
export type TextProblem = 'empty' | 'too-long' | 'invalid-characters';

/**
 * Checks text against its shared field rule (src/shared/contracts/fields.ts), the same rule the
 * core applies at the IPC boundary, so the user hears why before anything is queued.
 */
export function textProblem(rule: z.ZodType<string>, text: string): TextProblem | null {
  const result = rule.safeParse(text);
  if (result.success) return null;
  const issue = result.error.issues[0];
  if (issue?.code === 'too_small') return 'empty';
  if (issue?.code === 'too_big') return 'too-long';
  return 'invalid-characters';
}
