import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { IpcError } from '../../../../shared/contracts/ipc';
import { ErrorMessage } from '../ErrorMessage';
import { textProblem, type TextProblem } from './textRules';

interface TextFormProps {
  label: string;
  /** Shown under the label: what to write. */
  hint?: string;
  submitLabel: string;
  /** The field's shared rule. */
  rule: z.ZodType<string>;
  max: number;
  /** An empty text is allowed and sent as none. */
  optional?: boolean;
  /** Resolves to the call's error, or null when done (the form then empties). */
  onSubmit(text: string | undefined): Promise<IpcError | null>;
  onCancel?(): void;
  autoFocus?: boolean;
  /** More fields before the text (e.g. a severity). */
  children?: ReactNode;
  testId?: string;
}

export function ProblemText({ problem, max }: { problem: TextProblem; max: number }) {
  const { t } = useTranslation();
  return (
    <p className="field-problem" role="alert">
      {problem === 'too-long'
        ? t('patient.text.too-long', { max: max.toLocaleString() })
        : t(`patient.text.${problem}`)}
    </p>
  );
}

/**
 * A short text a clinician writes for the record (a flag note, a clinical note), checked against
 * its shared rule before it is sent, and kept in the field when anything fails.
 */
export function TextForm(props: TextFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<TextProblem | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const empty = text.trim() === '';
    const found = props.optional && empty ? null : textProblem(props.rule, text);
    setProblem(found);
    if (found || busy) return;
    setBusy(true);
    const failed = await props.onSubmit(empty ? undefined : text);
    setBusy(false);
    setError(failed);
    if (!failed) setText('');
  }

  function onKeyDown(event: KeyboardEvent) {
    // Escape closes this form only, not the patient screen.
    if (event.key === 'Escape' && props.onCancel) {
      event.preventDefault();
      event.stopPropagation();
      props.onCancel();
    }
  }

  return (
    <form
      className="text-form"
      onSubmit={(event) => void submit(event)}
      onKeyDown={onKeyDown}
      data-testid={props.testId}
    >
      {props.children}
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <p id={`${id}-hint`} className="muted field-hint">
          {props.hint}
        </p>
      )}
      <textarea
        id={id}
        value={text}
        rows={3}
        onChange={(event) => setText(event.target.value)}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        aria-invalid={problem !== null}
        // The form opens on the user's request, so the cursor goes where they will type.
        autoFocus={props.autoFocus}
      />
      {problem && <ProblemText problem={problem} max={props.max} />}
      <ErrorMessage error={error} />
      <div className="button-row-tight">
        <button type="submit" disabled={busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="button-secondary" onClick={props.onCancel}>
            {t('patient.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
