import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { useTranslation } from 'react-i18next';
import { DraftText, MessageBody, TEXT_MAX } from '../../../../shared/contracts/fields';
import type { Draft, IpcError } from '../../../../shared/contracts/ipc';
import { formatDateTime } from '../../i18n/format';
import { ErrorMessage } from '../ErrorMessage';
import { neighbourInQueue } from './queueOrder';
import { isTemplatePaletteShortcut, type TemplateContext, TemplatePalette } from './TemplatePalette';
import { ProblemText } from './TextForm';
import { textProblem, type TextProblem } from './textRules';

/** A pause in typing this long saves the draft (the issue allows at most a second). */
const DRAFT_PAUSE_MS = 700;
/** The counter shows from this share of the longest message on. */
const COUNTER_FROM = 0.9;

type DraftStatus =
  | { kind: 'none' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'failed'; problem: TextProblem | null; error: IpcError };

interface ComposerProps {
  patientId: string;
  draft: Draft | null;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  /** Whether this patient may be marked done now; when not, the screen says why. */
  canFinish(): boolean;
  /** After "send and next": mark this week's feedback given and the patient done, then open `next`. */
  finish(next: string | null): Promise<void>;
  /** Whom the template palette (Ctrl+Space) fills its templates for. */
  templateContext: TemplateContext;
}

/**
 * The reply to the patient. What is typed is saved as a draft in the encrypted cache at every
 * pause, on leaving the field and on leaving the screen, and comes back from there; a message is
 * checked against the shared MessageBody rule before it goes to the outbox, and the text stays in
 * the field until the core has taken it.
 */
export function Composer({
  patientId,
  draft,
  textareaRef,
  canFinish,
  finish,
  templateContext,
}: ComposerProps) {
  const { t } = useTranslation();
  const id = useId();
  const [body, setBody] = useState(draft?.body ?? '');
  const [draftStatus, setDraftStatus] = useState<DraftStatus>(
    draft ? { kind: 'saved', at: draft.updatedAt } : { kind: 'none' },
  );
  const [problem, setProblem] = useState<TextProblem | null>(null);
  const [sendError, setSendError] = useState<IpcError | null>(null);
  const [sending, setSending] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  /** Where the caret goes once an inserted template is in the field. */
  const caretAfterInsert = useRef<number | null>(null);

  /** The text as typed, for saves that run after the render that scheduled them. */
  const typed = useRef(body);
  /** The text the cache holds as this patient's draft. */
  const saved = useRef(draft?.body ?? '');
  /** Set while a message is being sent: no draft save may bring its text back afterwards. */
  const sendingNow = useRef(false);
  /** Saves run one after another, so an older one never lands after a newer one. */
  const saves = useRef<Promise<void>>(Promise.resolve());

  const saveDraft = useCallback(() => {
    saves.current = saves.current.then(async () => {
      const text = typed.current;
      if (sendingNow.current || text === saved.current) return;
      setDraftStatus({ kind: 'saving' });
      if (text.trim() === '') {
        const result = await window.api['draft.discard']({ patientId });
        if (result.ok) saved.current = text;
        setDraftStatus(result.ok ? { kind: 'none' } : { kind: 'failed', problem: null, error: result.error });
        return;
      }
      const result = await window.api['draft.save']({ patientId, body: text });
      if (result.ok) {
        saved.current = text;
        setDraftStatus({ kind: 'saved', at: result.value.updatedAt });
      } else {
        // The text stays in the field; say why the cache would not take it.
        setDraftStatus({
          kind: 'failed',
          problem: textProblem(DraftText(TEXT_MAX.message), text),
          error: result.error,
        });
      }
    });
  }, [patientId]);

  // Every pause in typing saves; so does leaving the screen.
  useEffect(() => {
    typed.current = body;
    if (body === saved.current) return;
    const timer = setTimeout(saveDraft, DRAFT_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [body, saveDraft]);
  useEffect(() => () => saveDraft(), [saveDraft]);

  useLayoutEffect(() => {
    if (caretAfterInsert.current === null) return;
    textareaRef.current?.setSelectionRange(caretAfterInsert.current, caretAfterInsert.current);
    caretAfterInsert.current = null;
  }, [body, textareaRef]);

  /** A template goes in at the caret, replacing any selected text. */
  function insertTemplate(text: string) {
    const start = textareaRef.current?.selectionStart ?? body.length;
    const end = textareaRef.current?.selectionEnd ?? body.length;
    caretAfterInsert.current = start + text.length;
    setBody(body.slice(0, start) + text + body.slice(end));
    if (problem) setProblem(null);
  }

  async function send(andNext: boolean) {
    if (sendingNow.current) return;
    const found = textProblem(MessageBody, body);
    setProblem(found);
    setSendError(null);
    if (found) {
      textareaRef.current?.focus();
      return;
    }
    if (andNext && !canFinish()) return;
    // The next patient as the therapist sees the queue now, before this one moves in it.
    const next = andNext ? neighbourInQueue(patientId, 1) : null;
    sendingNow.current = true;
    setSending(true);
    await saves.current;
    const result = await window.api['message.send']({ patientId, body });
    sendingNow.current = false;
    setSending(false);
    if (!result.ok) {
      setSendError(result.error);
      return;
    }
    // The core discarded the draft together with the send.
    saved.current = '';
    typed.current = '';
    setBody('');
    setDraftStatus({ kind: 'none' });
    if (andNext) await finish(next);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (isTemplatePaletteShortcut(event) && !sending) {
      event.preventDefault();
      setPaletteOpen(true);
      return;
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send(event.shiftKey);
    }
  }

  const length = body.trim().length;
  return (
    <section className="composer" aria-labelledby={`${id}-title`} data-testid="composer">
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('patient.composer.title')}
      </h2>
      <label htmlFor={id} className="composer-label">
        {t('patient.composer.label')}
      </label>
      <textarea
        id={id}
        ref={textareaRef}
        className="composer-input"
        data-testid="composer-input"
        value={body}
        readOnly={sending}
        aria-describedby={`${id}-keys ${id}-status`}
        aria-invalid={problem !== null}
        onChange={(event) => {
          setBody(event.target.value);
          if (problem) setProblem(null);
        }}
        onBlur={saveDraft}
        onKeyDown={onKeyDown}
      />
      {problem && <ProblemText problem={problem} max={TEXT_MAX.message} />}
      <ErrorMessage error={sendError} />
      <div className="composer-bar">
        <p id={`${id}-status`} className="composer-status muted" role="status" data-testid="draft-status">
          {draftStatus.kind === 'saving' && t('patient.composer.saving')}
          {draftStatus.kind === 'saved' &&
            t('patient.composer.saved', { at: formatDateTime(draftStatus.at) })}
          {draftStatus.kind === 'failed' &&
            (draftStatus.problem === 'too-long'
              ? t('patient.composer.draftTooLong')
              : t('patient.composer.draftFailed', { reason: t(`error.${draftStatus.error.code}`) }))}
          {length >= TEXT_MAX.message * COUNTER_FROM && (
            <span className={length > TEXT_MAX.message ? 'field-problem' : undefined}>
              {' '}
              {t('patient.composer.count', {
                count: length.toLocaleString(),
                max: TEXT_MAX.message.toLocaleString(),
              })}
            </span>
          )}
        </p>
        <div className="composer-actions">
          <button
            type="button"
            className="button-secondary"
            onClick={() => void send(false)}
            disabled={sending}
          >
            {t('patient.composer.send')}
          </button>
          <button
            type="button"
            onClick={() => void send(true)}
            disabled={sending}
            data-testid="send-and-next"
          >
            {t('patient.composer.sendAndNext')}
          </button>
        </div>
      </div>
      <p id={`${id}-keys`} className="composer-keys muted">
        {t('patient.composer.keys')}
      </p>
      <TemplatePalette
        open={paletteOpen}
        context={templateContext}
        onInsert={insertTemplate}
        onClose={() => setPaletteOpen(false)}
      />
    </section>
  );
}
