import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ClinicalNoteText, TEXT_MAX } from '../../../../shared/contracts/fields';
import type { PatientDetail } from '../../../../shared/contracts/ipc';
import { formatDateTime } from '../../i18n/format';
import { TextForm } from './TextForm';

/** The staff-only notes in the record, newest first, and a new one added from the keyboard. */
export function ClinicalNotes({ detail }: { detail: PatientDetail }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // A closed form would leave focus nowhere: it goes back to the notes' heading.
  const done = () => {
    setAdding(false);
    headingRef.current?.focus();
  };
  const notes = [...detail.notes].reverse();
  return (
    <section className="patient-section" aria-labelledby="notes-title" data-testid="clinical-notes">
      <h2 id="notes-title" ref={headingRef} tabIndex={-1}>
        {t('patient.notes.title')}
      </h2>
      {adding ? (
        <TextForm
          label={t('patient.notes.new')}
          submitLabel={t('patient.notes.add')}
          rule={ClinicalNoteText}
          max={TEXT_MAX.clinicalNote}
          autoFocus
          testId="note-form"
          onCancel={done}
          onSubmit={async (text) => {
            const result = await window.api['note.add']({ patientId: detail.patient.id, body: text ?? '' });
            if (result.ok) done();
            return result.ok ? null : result.error;
          }}
        />
      ) : (
        <button type="button" className="button-secondary" onClick={() => setAdding(true)}>
          {t('patient.notes.addOpen')}
        </button>
      )}
      {notes.length === 0 ? (
        <p className="muted">{t('patient.notes.none')}</p>
      ) : (
        <ul className="note-list">
          {notes.map((note) => (
            <li key={note.id} className="note" data-testid="note">
              <p className="note-meta">
                <span className="note-author">
                  {detail.staffNames[note.authorStaffId] ?? t('patient.unknownStaff')}
                </span>{' '}
                <time dateTime={note.createdAt}>{formatDateTime(note.createdAt)}</time>
                {note.pending && <span className="badge">{t('patient.pending')}</span>}
              </p>
              <p className="note-body">{note.body}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
