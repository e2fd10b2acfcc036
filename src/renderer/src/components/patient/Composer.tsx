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
import { shortcutOf } from '../../shortcuts';
import { ErrorMessage } from '../ErrorMessage';
import { isTemplatePaletteShortcut, TemplatePalette, type TemplateContext } from './TemplatePalette';
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
  /** After "send and next": mark this week's feedback given and the patient done, then open the next. */
  finishAndNext(): Promise<void>;
  /** Whom the template palette fills its templates for. */
  templates: TemplateContext;
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
  finishAndNext,
  templates,
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
    if (andNext) await finishAndNext();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (isTemplatePaletteShortcut(event)) {
      event.preventDefault();
      setPaletteOpen(true);
      return;
    }
    const action = shortcutOf('composer', event);
    if (action === 'send' || action === 'sendAndNext') {
      event.preventDefault();
      void send(action === 'sendAndNext');
    }
  }

  /** A filled template goes in at the caret (replacing a selection), and the caret after it. */
  function insertTemplate(text: string) {
    const field = textareaRef.current;
    const start = field?.selectionStart ?? body.length;
    const end = field?.selectionEnd ?? start;
    caretAfterInsert.current = start + text.length;
    setBody(body.slice(0, start) + text + body.slice(end));
  }
  useLayoutEffect(() => {
    const caret = caretAfterInsert.current;
    if (caret === null) return;
    caretAfterInsert.current = null;
    textareaRef.current?.setSelectionRange(caret, caret);
  }, [body, textareaRef]);

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
        context={templates}
        onInsert={insertTemplate}
        onClose={() => setPaletteOpen(false)}
      />
    </section>
  );
}
