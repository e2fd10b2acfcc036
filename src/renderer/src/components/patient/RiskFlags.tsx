import { useId, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { FlagNote, TEXT_MAX } from '../../../../shared/contracts/fields';
import { flagHitsView, isFollowUpWeek } from '../../../../shared/clinical';
import type { Flag, FlagSeverity } from '../../../../shared/contracts/domain';
import type { IpcError, Local, PatientDetail } from '../../../../shared/contracts/ipc';
import { formatDateTime } from '../../i18n/format';
import { nb } from '../../i18n/nb';
import { formatAge, instrumentName } from './format';
import { TextForm } from './TextForm';

type Editing = { flagId: string; action: 'acknowledge' | 'resolve' } | { action: 'raise' } | null;

const errorOf = <T,>(result: { ok: true; value: T } | { ok: false; error: IpcError }) =>
  result.ok ? null : result.error;

function isKnownReason(code: string): code is keyof typeof nb.patient.flag.reason {
  return Object.hasOwn(nb.patient.flag.reason, code);
}

/** Which answer raised the flag: the instrument, the week, the item and the answer, or who raised it. */
function FlagSource({ flag, detail }: { flag: Flag; detail: PatientDetail }) {
  const { t } = useTranslation();
  const source = flag.source;
  if (source.kind === 'clinician') {
    return (
      <span>
        {t('patient.flag.raisedBy', { name: detail.staffNames[source.staffId] ?? t('patient.unknownStaff') })}
      </span>
    );
  }
  const response = detail.responses.find((r) => r.id === source.responseId);
  const instrument = instrumentName(source.instrumentId);
  const { linkId, value, baseline, change } = flag.details;
  const week = response?.week ?? null;
  const where =
    week === null
      ? instrument
      : week === 0
        ? t('patient.flag.sourceBaseline', { instrument })
        : isFollowUpWeek(week)
          ? t('patient.flag.sourceFollowUp', { instrument })
          : t('patient.flag.sourceWeek', { instrument, week });
  if (linkId != null && value != null) {
    return <span>{t('patient.flag.sourceItem', { where, item: linkId, value })}</span>;
  }
  if (baseline != null && value != null && change != null) {
    return <span>{t('patient.flag.sourceChange', { where, value, baseline, change: `+${change}` })}</span>;
  }
  if (value != null) return <span>{t('patient.flag.sourceTotal', { where, value })}</span>;
  return <span>{where}</span>;
}

/**
 * A flag that keeps firing shows every answer that met its rule, so a worse one is not hidden:
 * "Spørsmål 9: 2 i uke 5, 3 i uke 6" (a follow-up's answer "ved oppfølging", never "uke 15").
 */
function FlagHits({ flag }: { flag: Flag }) {
  const { t } = useTranslation();
  const hits = flagHitsView(flag.hits)
    .hits.map(({ value, week, followUp }) =>
      followUp ? t('patient.flag.hitFollowUp', { value }) : t('patient.flag.hit', { value, week }),
    )
    .join(', ');
  const item = flag.source.kind === 'questionnaire' ? flag.source.linkId : undefined;
  return (
    <p className="flag-hits" data-testid="flag-hits">
      {item ? t('patient.flag.hitsItem', { item, hits }) : t('patient.flag.hits', { hits })}
    </p>
  );
}

interface FlagCardProps {
  flag: Local<Flag>;
  detail: PatientDetail;
  loadedAt: number;
  editing: Editing;
  setEditing(editing: Editing): void;
  /** Closes the open form, keeping focus in the flags. */
  done(): void;
}

function FlagCard({ flag, detail, loadedAt, editing, setEditing, done }: FlagCardProps) {
  const { t } = useTranslation();
  const name = (id: string | null) => (id && detail.staffNames[id]) ?? t('patient.unknownStaff');
  const reason = isKnownReason(flag.reasonCode)
    ? t(`patient.flag.reason.${flag.reasonCode}`)
    : flag.reasonCode;
  const editingThis =
    editing !== null && 'flagId' in editing && editing.flagId === flag.id ? editing.action : null;
  const note = flag.source.kind === 'clinician' ? flag.details.note : null;

  return (
    <li
      className={`flag-card flag-card-${flag.severity} flag-card-${flag.status}`}
      data-testid="flag"
      data-status={flag.status}
      data-severity={flag.severity}
    >
      <div className="flag-head">
        <span className={`flag-severity flag-severity-${flag.severity}`}>
          <span aria-hidden="true">{flag.severity === 'urgent' ? '▲' : '◆'}</span>{' '}
          {t(`severity.${flag.severity}`)}
        </span>
        <span className="flag-reason">{reason}</span>
        <span className="muted">
          {t('patient.flag.raised', {
            age: formatAge(flag.raisedAt, loadedAt),
            at: formatDateTime(flag.raisedAt),
          })}
        </span>
        {flag.pending && <span className="badge">{t('patient.pending')}</span>}
      </div>
      <p className="flag-source">
        <FlagSource flag={flag} detail={detail} />
        {typeof note === 'string' && <span className="flag-note"> «{note}»</span>}
      </p>
      {flag.hits.length > 1 && <FlagHits flag={flag} />}
      {flag.acknowledgedAt && (
        // An open flag with an acknowledgement was reopened by a worse answer (the portal's flags.ts).
        <p
          className="flag-handled"
          data-testid={flag.status === 'open' ? 'flag-reopened' : 'flag-acknowledged'}
        >
          {t(flag.status === 'open' ? 'patient.flag.reopened' : 'patient.flag.acknowledged', {
            name: name(flag.acknowledgedBy),
            at: formatDateTime(flag.acknowledgedAt),
          })}
          {flag.acknowledgeNote && <span className="flag-note"> «{flag.acknowledgeNote}»</span>}
        </p>
      )}
      {flag.status === 'resolved' && flag.resolvedAt && (
        <p className="flag-handled">
          {t('patient.flag.resolved', { name: name(flag.resolvedBy), at: formatDateTime(flag.resolvedAt) })}
          {flag.resolveNote && <span className="flag-note"> «{flag.resolveNote}»</span>}
        </p>
      )}
      {flag.status === 'open' &&
        (editingThis === 'acknowledge' ? (
          <TextForm
            label={t('patient.flag.acknowledgeNote')}
            hint={t('patient.flag.acknowledgeHint')}
            submitLabel={t('patient.flag.acknowledge')}
            rule={FlagNote}
            max={TEXT_MAX.flagNote}
            autoFocus
            testId="acknowledge-form"
            onCancel={done}
            onSubmit={async (text) => {
              const error = errorOf(
                await window.api['flag.acknowledge']({ flagId: flag.id, note: text ?? '' }),
              );
              if (!error) done();
              return error;
            }}
          />
        ) : (
          <button
            type="button"
            className="button-danger"
            onClick={() => setEditing({ flagId: flag.id, action: 'acknowledge' })}
          >
            {t('patient.flag.acknowledgeOpen')}
          </button>
        ))}
      {flag.status === 'acknowledged' &&
        (editingThis === 'resolve' ? (
          <TextForm
            label={t('patient.flag.resolveNote')}
            submitLabel={t('patient.flag.resolve')}
            rule={FlagNote}
            max={TEXT_MAX.flagNote}
            optional
            autoFocus
            onCancel={done}
            onSubmit={async (text) => {
              const error = errorOf(await window.api['flag.resolve']({ flagId: flag.id, note: text }));
              if (!error) done();
              return error;
            }}
          />
        ) : (
          <button
            type="button"
            className="button-secondary"
            onClick={() => setEditing({ flagId: flag.id, action: 'resolve' })}
          >
            {t('patient.flag.resolveOpen')}
          </button>
        ))}
    </li>
  );
}

function RaiseFlag({ patientId, onDone }: { patientId: string; onDone(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [severity, setSeverity] = useState<FlagSeverity>('risk');
  return (
    <TextForm
      label={t('patient.flag.raiseNote')}
      submitLabel={t('patient.flag.raise')}
      rule={FlagNote}
      max={TEXT_MAX.flagNote}
      testId="raise-form"
      onCancel={onDone}
      onSubmit={async (text) => {
        const error = errorOf(await window.api['flag.raise']({ patientId, severity, note: text ?? '' }));
        if (!error) onDone();
        return error;
      }}
    >
      <label htmlFor={id}>{t('patient.flag.severity')}</label>
      <select
        id={id}
        value={severity}
        onChange={(event) => setSeverity(event.target.value as FlagSeverity)}
        // The first field of a form the user just opened.
        autoFocus
      >
        <option value="risk">{t('severity.risk')}</option>
        <option value="urgent">{t('severity.urgent')}</option>
      </select>
    </TextForm>
  );
}

/**
 * Risk flags, open ones first and impossible to miss: why, how severe, which answer raised it and
 * how long ago. Acknowledging needs a note saying what was done; an acknowledged flag shows who
 * and when, and can be resolved; a clinician can raise one by hand.
 */
export function RiskFlags({
  detail,
  loadedAt,
  sectionRef,
}: {
  detail: PatientDetail;
  loadedAt: number;
  sectionRef: Ref<HTMLElement>;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Editing>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // A closed form would leave focus nowhere: it goes back to the flags' heading.
  const done = () => {
    setEditing(null);
    headingRef.current?.focus();
  };
  const active = detail.flags.filter((f) => f.status !== 'resolved');
  const resolved = detail.flags.filter((f) => f.status === 'resolved');
  const open = active.filter((f) => f.status === 'open').length;
  const card = (flag: Local<Flag>) => (
    <FlagCard
      key={flag.id}
      flag={flag}
      detail={detail}
      loadedAt={loadedAt}
      editing={editing}
      setEditing={setEditing}
      done={done}
    />
  );

  return (
    <section
      ref={sectionRef}
      className={`patient-section patient-flags${open > 0 ? ' patient-flags-open' : ''}`}
      aria-labelledby="flags-title"
      data-testid="risk-flags"
    >
      <h2 id="flags-title" ref={headingRef} tabIndex={-1}>
        {t('patient.flag.title')}
        {open > 0 && <span className="flag-open-count">{t('patient.flag.openCount', { count: open })}</span>}
      </h2>
      {active.length === 0 ? (
        <p className="muted">{t('patient.flag.none')}</p>
      ) : (
        // Open flags first (newest first within each status).
        <ul className="flag-list">
          {[...active.filter((f) => f.status === 'open'), ...active.filter((f) => f.status !== 'open')].map(
            card,
          )}
        </ul>
      )}
      {resolved.length > 0 && (
        <details className="flag-resolved">
          <summary>{t('patient.flag.resolvedList', { count: resolved.length })}</summary>
          <ul className="flag-list">{resolved.map(card)}</ul>
        </details>
      )}
      {editing?.action === 'raise' ? (
        <RaiseFlag patientId={detail.patient.id} onDone={done} />
      ) : (
        <button type="button" className="button-secondary" onClick={() => setEditing({ action: 'raise' })}>
          {t('patient.flag.raiseOpen')}
        </button>
      )}
    </section>
  );
}
