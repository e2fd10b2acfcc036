import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { PROGRAMME_WEEKS } from '../../../../shared/clinical';
import type { PatientDetail, QueueItem } from '../../../../shared/contracts/ipc';
import { formatDateTime } from '../../i18n/format';
import { ReasonChip } from '../ReasonChip';
import { formatLocalDate } from './format';

interface PatientHeaderProps {
  detail: PatientDetail;
  /** This patient's row in the queue: why they are in the round now. */
  queueItem: QueueItem | null;
  titleRef: Ref<HTMLHeadingElement>;
  hasPrevious: boolean;
  hasNext: boolean;
  /** "Back to the round", or to the team overview for a team lead. */
  backLabel: string;
  onBack(): void;
  onPrevious(): void;
  onNext(): void;
  onMarkDone(): void;
  onShowFlags(): void;
}

function WeekText({ detail }: { detail: PatientDetail }) {
  const { t } = useTranslation();
  const week = detail.programmeWeek;
  if (week === null) return null;
  if (week === 'not-started') return <span>{t('patient.header.notStarted')}</span>;
  if (week === 'ended') return <span>{t('patient.header.ended')}</span>;
  return <span className="patient-week">{t('patient.header.week', { week, weeks: PROGRAMME_WEEKS })}</span>;
}

function RoundState({ round }: { round: PatientDetail['round'] }) {
  const { t } = useTranslation();
  if (round.status === 'done') return <span className="badge badge-done">✓ {t('patient.header.done')}</span>;
  if (round.status === 'snoozed') {
    return (
      <span className="badge">{t('patient.header.snoozed', { until: formatDateTime(round.until) })}</span>
    );
  }
  return null;
}

/** Who the patient is, where they are in the programme, what is open, and the way on through the round. */
export function PatientHeader({
  detail,
  queueItem,
  titleRef,
  hasPrevious,
  hasNext,
  backLabel,
  onBack,
  onPrevious,
  onNext,
  onMarkDone,
  onShowFlags,
}: PatientHeaderProps) {
  const { t } = useTranslation();
  const { patient, enrolment } = detail;
  const open = detail.flags.filter((f) => f.status === 'open');
  const urgent = open.filter((f) => f.severity === 'urgent').length;

  return (
    <header className="patient-header">
      <div className="patient-identity">
        <h1 id="patient-title" ref={titleRef} tabIndex={-1}>
          {patient.givenName} {patient.familyName}
        </h1>
        <p className="patient-facts">
          {enrolment ? (
            <>
              <span>{t(`programme.${enrolment.programme}`)}</span>
              <WeekText detail={detail} />
              <span>{t(`patient.status.${enrolment.status}`)}</span>
              {enrolment.plannedEndDate && (
                <span>
                  {t('patient.header.plannedEnd', { date: formatLocalDate(enrolment.plannedEndDate) })}
                </span>
              )}
            </>
          ) : (
            <span>{t('patient.header.noProgramme')}</span>
          )}
          <span className="muted">{t('patient.header.born', { year: patient.birthYear })}</span>
        </p>
        <div className="patient-attention">
          {open.length > 0 ? (
            <button
              type="button"
              className={`flag-summary ${urgent > 0 ? 'flag-summary-urgent' : 'flag-summary-risk'}`}
              onClick={onShowFlags}
            >
              <span aria-hidden="true">{urgent > 0 ? '▲' : '◆'}</span>{' '}
              {t('patient.header.openFlags', { count: open.length })}
            </button>
          ) : (
            <span className="muted">{t('patient.header.noOpenFlags')}</span>
          )}
          {queueItem?.reasons
            .filter((r) => r.code !== 'urgent-flag' && r.code !== 'risk-flag')
            .map((reason) => (
              <ReasonChip key={reason.code} reason={reason} />
            ))}
          <RoundState round={detail.round} />
        </div>
      </div>
      <nav className="patient-nav" aria-label={t('patient.header.navLabel')}>
        <button type="button" className="button-secondary" onClick={onBack}>
          ← {backLabel} <kbd>Esc</kbd>
        </button>
        <button type="button" className="button-secondary" onClick={onPrevious} disabled={!hasPrevious}>
          {t('patient.header.previous')} <kbd>p</kbd>
        </button>
        <button type="button" className="button-secondary" onClick={onNext} disabled={!hasNext}>
          {t('patient.header.next')} <kbd>n</kbd>
        </button>
        <button
          type="button"
          onClick={onMarkDone}
          disabled={detail.round.status === 'done' || typeof detail.programmeWeek !== 'number'}
        >
          {t('patient.header.markDone')}
        </button>
      </nav>
    </header>
  );
}
