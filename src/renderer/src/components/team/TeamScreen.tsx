import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { ErrorMessage } from '../ErrorMessage';
import { CapacityTable, type Drill } from './CapacityTable';
import { OpenRecordDialog, type OpenRecordRequest } from './OpenRecordDialog';
import { PatientList } from './PatientList';
import { ReferralPanel } from './ReferralPanel';
import { RiskBoard } from './RiskBoard';
import { SupervisionPanel } from './SupervisionPanel';
import { TherapistTimeTable } from './TherapistTimeTable';
import { TeamActionDialog, type TeamAction } from './TeamActionDialog';
import { useTeamView } from './useTeamView';
import { WaitingList } from './WaitingList';

const TABS = ['capacity', 'risk', 'waiting', 'supervision'] as const;
type Tab = (typeof TABS)[number];

/**
 * The team lead's home: capacity per therapist, the risk board and the waiting list, from the
 * cache (oversight data: no message, homework or note text unless a record is opened with a
 * reason). Tabs follow the WAI-ARIA pattern: arrow keys move between them.
 */
export function TeamScreen() {
  const { t } = useTranslation();
  const { view, error, reload } = useTeamView();
  const [tab, setTab] = useState<Tab>('capacity');
  const [drill, setDrill] = useState<Drill | null>(null);
  const [opening, setOpening] = useState<OpenRecordRequest | null>(null);
  const [action, setAction] = useState<TeamAction | null>(null);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({
    capacity: null,
    risk: null,
    waiting: null,
    supervision: null,
  });
  const drillRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (drill) drillRef.current?.querySelector<HTMLElement>('#team-drill-title')?.focus();
  }, [drill]);

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const index = TABS.indexOf(tab);
    const next =
      event.key === 'ArrowRight'
        ? TABS[(index + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(index + TABS.length - 1) % TABS.length]
          : null;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    setDrill(null);
    tabRefs.current[next]?.focus();
  }

  const drillPatients =
    view && drill
      ? (drill.staffId === null
          ? view.totals.lists[drill.list]
          : (view.therapists.find((therapist) => therapist.staffId === drill.staffId)?.lists[drill.list] ??
            [])
        ).flatMap((id) => view.patients[id] ?? [])
      : [];
  const drillWho =
    drill?.staffId === null
      ? t('team.capacity.total')
      : (view?.therapists.find((therapist) => therapist.staffId === drill?.staffId)?.displayName ?? '');

  return (
    <section className="team-screen" aria-labelledby="team-title">
      <header className="queue-header">
        <h1 id="team-title">{t('team.title')}</h1>
        {view && (
          <p className="muted">
            {t('team.summary', {
              patients: view.totals.caseload,
              capacity: view.totals.capacity,
              flags: view.riskBoard.length,
            })}{' '}
            · {t('team.computedAt', { at: formatDateTime(view.at) })}
          </p>
        )}
      </header>
      <p className="muted team-oversight-note">{t('team.oversightNote')}</p>
      <ErrorMessage error={error} onRetry={reload} />
      {!view && !error && (
        <p className="state-message" role="status">
          {t('app.loading')}
        </p>
      )}
      {view && (
        <>
          <div role="tablist" aria-label={t('team.title')} className="team-tabs">
            {TABS.map((name) => (
              <button
                key={name}
                ref={(element) => {
                  tabRefs.current[name] = element;
                }}
                type="button"
                role="tab"
                id={`team-tab-${name}`}
                aria-selected={tab === name}
                aria-controls={`team-panel-${name}`}
                tabIndex={tab === name ? 0 : -1}
                className="team-tab"
                onClick={() => {
                  setTab(name);
                  setDrill(null);
                }}
                onKeyDown={onTabKey}
              >
                {t(`team.tabs.${name}`)}
                <span className="team-tab-count">
                  {name === 'risk'
                    ? view.riskBoard.length
                    : name === 'waiting'
                      ? view.waitingList.length
                      : name === 'supervision'
                        ? view.supervision.length
                        : ''}
                </span>
              </button>
            ))}
          </div>
          <div
            role="tabpanel"
            id={`team-panel-${tab}`}
            aria-labelledby={`team-tab-${tab}`}
            className="team-panel"
          >
            {tab === 'capacity' && (
              <>
                <CapacityTable
                  view={view}
                  onDrill={setDrill}
                  onSetTarget={(therapist) => setAction({ kind: 'capacity', therapist })}
                />
                {drill && (
                  <div ref={drillRef}>
                    <PatientList
                      title={t('team.drill.title', { what: t(`team.lists.${drill.list}`), who: drillWho })}
                      patients={drillPatients}
                      onOpenRecord={setOpening}
                      onReassign={(patients) => setAction({ kind: 'reassign', patients })}
                      onClose={() => setDrill(null)}
                    />
                  </div>
                )}
                <TherapistTimeTable view={view} onOpenRecord={setOpening} />
              </>
            )}
            {tab === 'risk' && <RiskBoard view={view} onOpenRecord={setOpening} />}
            {tab === 'waiting' && (
              <>
                <ReferralPanel teams={view.teams} />
                <WaitingList view={view} onOpenRecord={setOpening} onAction={setAction} />
              </>
            )}
            {tab === 'supervision' && <SupervisionPanel view={view} />}
          </div>
        </>
      )}
      {opening && <OpenRecordDialog request={opening} onClose={() => setOpening(null)} />}
      {view && action && <TeamActionDialog view={view} action={action} onClose={() => setAction(null)} />}
    </section>
  );
}
