import { useTranslation } from 'react-i18next';
import { moduleSchedules } from '../../../../shared/clinical';
import type { PatientDetail } from '../../../../shared/contracts/ipc';
import { formatDateTime } from '../../i18n/format';
import { BandName } from './BandName';
import { instrumentName } from './format';
import { workByWeek, type WorkWeek } from './weekSummary';

function ModuleTable({ detail }: { detail: PatientDetail }) {
  const { t } = useTranslation();
  if (!detail.enrolment) return null;
  const current = typeof detail.programmeWeek === 'number' ? detail.programmeWeek : null;
  return (
    <table className="module-table">
      <caption className="visually-hidden">{t('patient.work.modulesCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('patient.work.module')}</th>
          <th scope="col">{t('patient.work.dueWeek')}</th>
          <th scope="col">{t('patient.work.opened')}</th>
          <th scope="col">{t('patient.work.completed')}</th>
        </tr>
      </thead>
      <tbody>
        {moduleSchedules[detail.enrolment.programme].map((slot) => {
          const progress = detail.modules.find((m) => m.moduleNo === slot.moduleNo);
          const late = current !== null && slot.dueWeek < current && !progress?.completedAt;
          return (
            <tr key={slot.moduleNo} className={late ? 'module-late' : undefined}>
              <th scope="row">{t('patient.work.moduleNo', { module: slot.moduleNo })}</th>
              <td>{slot.dueWeek}</td>
              <td>{progress?.openedAt ? formatDateTime(progress.openedAt) : '–'}</td>
              <td>
                {progress?.completedAt
                  ? formatDateTime(progress.completedAt)
                  : late
                    ? t('patient.work.late')
                    : '–'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Week({ week, current }: { week: WorkWeek; current: boolean }) {
  const { t } = useTranslation();
  return (
    <details className="work-week" open={current} data-testid="work-week">
      <summary>
        <span className="work-week-title">{t('patient.work.week', { week: week.week })}</span>
        <span className="muted">
          {' · '}
          {t('patient.work.homeworkCount', { count: week.homework.length })}
          {week.totals.map((total) => (
            <span key={total.instrumentId}>
              {' · '}
              {instrumentName(total.instrumentId)} {total.total} (<BandName band={total.band} />)
            </span>
          ))}
        </span>
      </summary>
      {week.due.length > 0 && (
        <p>{t('patient.work.due', { modules: week.due.map((slot) => slot.moduleNo).join(', ') })}</p>
      )}
      {week.modulesCompleted.length > 0 && (
        <p>
          {t('patient.work.completedThisWeek', {
            modules: week.modulesCompleted.map((m) => m.moduleNo).join(', '),
          })}
        </p>
      )}
      {week.homework.length === 0 ? (
        <p className="muted">{t('patient.work.noHomework')}</p>
      ) : (
        <ul className="homework-list">
          {week.homework.map((homework) => (
            <li key={homework.id} className="homework">
              <p className="homework-meta">
                {t('patient.work.homeworkFor', { module: homework.moduleNo })}{' '}
                <span className="muted">{formatDateTime(homework.submittedAt)}</span>
              </p>
              <p className="homework-body">{homework.body}</p>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/** Module progress against the schedule, and each week's homework answers, this week first. */
export function WorkHistory({ detail }: { detail: PatientDetail }) {
  const { t } = useTranslation();
  const weeks = workByWeek(detail);
  return (
    <section className="patient-section" aria-labelledby="work-title" data-testid="work-history">
      <h2 id="work-title">{t('patient.work.title')}</h2>
      <ModuleTable detail={detail} />
      {weeks.length === 0 ? (
        <p className="muted">{t('patient.work.none')}</p>
      ) : (
        weeks.map((week) => <Week key={week.week} week={week} current={week.week === detail.programmeWeek} />)
      )}
    </section>
  );
}
