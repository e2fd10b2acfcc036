import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Programme } from '../../../../shared/contracts/domain';
import {
  fillTemplate,
  type MessageTemplate,
  moduleTitleFor,
  searchTemplates,
  templatesFor,
} from '../../../../shared/templates';
import { useTemplates } from '../../stores/templates';
import { ErrorMessage } from '../ErrorMessage';

/** Who and what the templates are filled for: the open patient and the signed-in therapist. */
export interface TemplateContext {
  /** The enrolment's programme; null offers no templates. */
  programme: Programme | null;
  /** The programme week (1-14); null outside it, which offers only the any-week templates. */
  week: number | null;
  patientFirstName: string;
  therapistName: string;
}

export interface TemplatePaletteProps {
  open: boolean;
  context: TemplateContext;
  /** The filled text, to insert at the composer's caret; onClose follows. */
  onInsert(text: string): void;
  /** Escape, or after an insert: the caller sets `open` false; focus returns where it was. */
  onClose(): void;
}

/** The composer's key for the palette: Ctrl+Space. */
export function isTemplatePaletteShortcut(event: {
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  code: string;
}): boolean {
  return event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey && event.code === 'Space';
}

/**
 * The template palette: a modal dialog with the patient's templates (this week's first), filtered
 * as the user types; the arrow keys choose, Enter inserts the template with its placeholders
 * filled, Escape closes. Focus goes back to where it was (the composer) when it closes.
 */
export function TemplatePalette({ open, context, onInsert, onClose }: TemplatePaletteProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const load = useTemplates((state) => state.load);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.showModal();
      element.querySelector('input')?.focus();
      void load();
    } else if (!open && element.open) {
      element.close();
      returnFocus.current?.focus();
    }
  }, [open, load]);

  return (
    <dialog
      ref={dialog}
      className="template-palette"
      aria-labelledby={titleId}
      data-testid="template-palette"
      onKeyDown={(event) => {
        // Escape is the palette's: handled (default prevented) so no screen shortcut takes it too.
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onClose();
      }}
      onCancel={(event) => {
        // Any other way the browser cancels the dialog: the caller closes, so `open` stays the one truth.
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{t('templates.title')}</h2>
      {/* Mounted per opening: every opening starts with an empty search. */}
      {open && (
        <PaletteBody
          context={context}
          onInsert={(text) => {
            onInsert(text);
            onClose();
          }}
        />
      )}
    </dialog>
  );
}

function PaletteBody({ context, onInsert }: { context: TemplateContext; onInsert(text: string): void }) {
  const { t } = useTranslation();
  const { library, error, load } = useTemplates();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const ids = useId();
  const listId = `${ids}-list`;
  const hintId = `${ids}-hint`;
  const optionId = (template: MessageTemplate) => `${ids}-${template.id}`;

  const { programme, week } = context;
  const offered = useMemo(
    () => (library && programme ? templatesFor(library.templates, programme, week) : []),
    [library, programme, week],
  );
  const shown = useMemo(() => searchTemplates(offered, query), [offered, query]);
  const index = Math.min(active, shown.length - 1);
  const current = shown[index] ?? null;
  const values = {
    patientFirstName: context.patientFirstName,
    therapistName: context.therapistName,
    moduleTitle: library && programme ? moduleTitleFor(library.modules, programme, week) : null,
  };
  const filled = current ? fillTemplate(current.body, values) : null;

  useEffect(() => {
    if (current) document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
  });

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (shown.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index + step + shown.length) % shown.length);
    } else if (event.key === 'Enter' && filled) {
      event.preventDefault();
      onInsert(filled.text);
    }
  };

  const empty = !programme
    ? t('templates.noProgramme')
    : !library
      ? t('templates.loading')
      : offered.length === 0
        ? t('templates.none')
        : shown.length === 0
          ? t('templates.noMatch', { query })
          : null;

  return (
    <>
      <p id={hintId} className="muted palette-hint">
        {t('templates.hint')}
      </p>
      <ErrorMessage error={error} onRetry={() => void load()} />
      {/* type="text": in a search field, Escape would clear the field instead of closing. */}
      <input
        type="text"
        className="palette-search"
        role="combobox"
        aria-label={t('templates.search')}
        aria-describedby={hintId}
        aria-expanded={shown.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current ? optionId(current) : undefined}
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <p className="visually-hidden" role="status">
        {library && programme ? t('templates.count', { count: shown.length }) : ''}
      </p>
      <div className="palette-body">
        <ul id={listId} role="listbox" aria-label={t('templates.list')} className="palette-list">
          {shown.map((template, i) => (
            <li
              key={template.id}
              id={optionId(template)}
              role="option"
              aria-selected={i === index}
              className="palette-option"
              data-testid="template-option"
              // The search field keeps focus; a click inserts.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onInsert(fillTemplate(template.body, values).text)}
              onMouseMove={() => i !== index && setActive(i)}
            >
              <span className="palette-option-title">{template.title}</span>
              <span className="palette-tag">
                {template.week === 'any'
                  ? t('templates.anyWeek')
                  : t('templates.thisWeek', { week: template.week })}
              </span>
              {template.demo && <span className="palette-tag palette-demo">{t('templates.demo')}</span>}
            </li>
          ))}
        </ul>
        <section
          className="palette-preview"
          aria-label={t('templates.preview')}
          data-testid="template-preview"
        >
          {empty && <p className="muted">{empty}</p>}
          {filled && (
            <>
              {filled.missing.length > 0 && (
                <p className="palette-missing">
                  {t('templates.missing')}{' '}
                  {filled.missing.map((name) => t(`templates.placeholder.${name}`)).join(', ')}
                </p>
              )}
              <p className="palette-text">
                {filled.text
                  .split(/(\{\{[^{}]*\}\})/)
                  .map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part))}
              </p>
            </>
          )}
        </section>
      </div>
    </>
  );
}
