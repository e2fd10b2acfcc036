import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FailedMessage, IpcError } from '../../../../shared/contracts/ipc';
import { isTyping, shortcutOf } from '../../shortcuts';
import { homeOf, useNavigation } from '../../stores/navigation';
import { adjacentPatient, openAdjacentPatient, useQueue } from '../../stores/queue';
import { useSession } from '../../stores/session';
import { ErrorMessage } from '../ErrorMessage';
import { ClinicalNotes } from './ClinicalNotes';
import { Composer } from './Composer';
import { MessageThread } from './MessageThread';
import { PatientHeader } from './PatientHeader';
import { RecordAccess } from './RecordAccess';
import { RiskFlags } from './RiskFlags';
import { SymptomTrend } from './SymptomTrend';
import { ThisWeekCard } from './ThisWeekCard';
import { usePatientDetail } from './usePatientDetail';
import { summariseWeek } from './weekSummary';
import { WorkHistory } from './WorkHistory';

/** Why the patient could not be marked done for this round. */
type Refusal = { kind: 'open-flag' } | { kind: 'not-in-week' } | { kind: 'error'; error: IpcError };

/**
 * One patient's week, opened from the queue: the record on the left (flags, this week, the trend,
 * the work, notes), the conversation and the reply on the right, each scrolling on its own so the
 * screen stays within the window. Escape goes back to the role's home (the queue, or a team
 * lead's team overview); n and p move through the queue.
 */
export function PatientScreen({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const { detail, error, loadedAt, reload } = usePatientDetail(patientId);
  const home = useNavigation((state) => state.home);
  const queueItem = useQueue(
    (state) => state.queue?.items.find((item) => item.patientId === patientId) ?? null,
  );
  // Re-renders when the round's order or the queue changes, for the next/previous buttons.
  useQueue((state) => state.roundOrder);
  useQueue((state) => state.queue);
  const therapistName = useSession((state) =>
    state.session?.status === 'ready' ? state.session.account.displayName : '',
  );
  // Escape and the back button go to the role's home (Workspace's homeOf): a team lead's is the team overview.
  const homeScreen = useSession((state) =>
    state.session?.status === 'ready' && homeOf(state.session.account.role).screen === 'team'
      ? 'team'
      : 'round',
  );
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [retryError, setRetryError] = useState<IpcError | null>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const flagsRef = useRef<HTMLElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);

  const openFlags = detail?.flags.filter((f) => f.status === 'open').length ?? 0;
  const ready = detail !== null;

  const step = useCallback(
    (direction: 'next' | 'previous') => void openAdjacentPatient(patientId, direction),
    [patientId],
  );

  /** Brings the first open flag (or the flags section) into view and focus. */
  const showFlags = useCallback(() => {
    const section = flagsRef.current;
    const target =
      section?.querySelector<HTMLElement>('[data-status="open"] button') ??
      section?.querySelector<HTMLElement>('h2');
    target?.scrollIntoView({ block: 'nearest' });
    target?.focus();
  }, []);

  // Whose record this is, announced once it is there; the keys work from here.
  useEffect(() => {
    if (ready) titleRef.current?.focus();
  }, [ready]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      // A form's own Escape, or a dialog open over the screen (the palette, the shortcuts), comes first.
      if (event.defaultPrevented || (event.target instanceof Element && event.target.closest('dialog')))
        return;
      const action = shortcutOf('patient', event);
      if (!action || (action !== 'back' && isTyping(event.target))) return;
      event.preventDefault();
      if (action === 'back') home();
      else if (action === 'reply') composerRef.current?.focus();
      else if (action === 'flags') showFlags();
      else step(action);
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [home, step, showFlags]);

  /** A patient with an open flag stays in the round: say so, and point to the flag. */
  function canFinish(): boolean {
    if (openFlags === 0) return true;
    setRefusal({ kind: 'open-flag' });
    return false;
  }

  async function markDone(): Promise<boolean> {
    if (!canFinish()) return false;
    const result = await window.api['round.markDone']({ patientId });
    if (result.ok) {
      setRefusal(null);
      return true;
    }
    // The core refuses with a conflict for an open flag (one may have just arrived) or outside a programme week.
    const inWeek = typeof detail?.programmeWeek === 'number';
    setRefusal(
      result.error.code === 'conflict'
        ? { kind: inWeek ? 'open-flag' : 'not-in-week' }
        : { kind: 'error', error: result.error },
    );
    return false;
  }

  async function finishAndNext() {
    const given = await window.api['feedback.markGiven']({ patientId });
    // A conflict: this week's feedback is already marked (or there is no programme week, which
    // marking done reports).
    if (!given.ok && given.error.code !== 'conflict') {
      setRefusal({ kind: 'error', error: given.error });
      return;
    }
    // The round's order is the one the queue showed when the patient was opened: marking done
    // does not change who comes next.
    if ((await markDone()) && !openAdjacentPatient(patientId, 'next')) home();
  }

  async function retry(failed: FailedMessage) {
    const sent = await window.api['message.send']({ patientId, body: failed.body });
    if (!sent.ok) {
      setRetryError(sent.error);
      return;
    }
    setRetryError(null);
    await window.api['sync.dismissRejected']({ mutationId: failed.mutationId });
    await reload();
  }

  async function dismiss(failed: FailedMessage) {
    await window.api['sync.dismissRejected']({ mutationId: failed.mutationId });
    await reload();
  }

  return (
    <section
      className="patient-screen"
      aria-labelledby="patient-title"
      data-testid="patient-screen"
      data-patient-id={patientId}
      data-ready={ready ? 'true' : undefined}
    >
      {!detail ? (
        <>
          <h1 id="patient-title">{t('patient.title')}</h1>
          {error ? (
            <ErrorMessage error={error} onRetry={() => void reload()} />
          ) : (
            <p className="state-message" role="status">
              {t('app.loading')}
            </p>
          )}
        </>
      ) : (
        <>
          <PatientHeader
            detail={detail}
            queueItem={queueItem}
            titleRef={titleRef}
            hasPrevious={adjacentPatient(patientId, 'previous') !== null}
            hasNext={adjacentPatient(patientId, 'next') !== null}
            backLabel={t('patient.back', { home: t(`patient.home.${homeScreen}`) })}
            onBack={home}
            onPrevious={() => step('previous')}
            onNext={() => step('next')}
            onMarkDone={() => void markDone()}
            onShowFlags={showFlags}
          />
          <ErrorMessage error={error} onRetry={() => void reload()} />
          <RecordAccess detail={detail} />
          {refusal && !(refusal.kind === 'open-flag' && openFlags === 0) && (
            <div className="error-message refusal" role="alert" data-testid="done-refused">
              {refusal.kind === 'error' ? (
                <span>{t(`error.${refusal.error.code}`)}</span>
              ) : (
                <span>{t(`patient.round.${refusal.kind}`)}</span>
              )}
              {refusal.kind === 'open-flag' && (
                <button type="button" className="button-secondary" onClick={showFlags}>
                  {t('patient.round.showFlag')}
                </button>
              )}
              <button type="button" className="button-secondary" onClick={() => setRefusal(null)}>
                {t('patient.round.close')}
              </button>
            </div>
          )}
          <div className="patient-body">
            <div className="patient-record">
              <RiskFlags detail={detail} loadedAt={loadedAt} sectionRef={flagsRef} />
              <ThisWeekCard
                summary={summariseWeek(
                  detail,
                  queueItem?.reasons.some((r) => r.code === 'feedback-due') ?? false,
                )}
                staffNames={detail.staffNames}
              />
              {detail.enrolment && (
                <SymptomTrend
                  scoreSeries={detail.scoreSeries}
                  responses={detail.responses}
                  programme={detail.enrolment.programme}
                />
              )}
              <WorkHistory detail={detail} />
              <ClinicalNotes detail={detail} />
            </div>
            <div className="patient-conversation">
              <MessageThread
                detail={detail}
                onRetry={(f) => void retry(f)}
                onDismiss={(f) => void dismiss(f)}
              />
              <ErrorMessage error={retryError} />
              {/* Oversight shows no message text: nobody writes into a conversation they cannot read. */}
              {detail.access.level === 'record' && (
                <Composer
                  patientId={patientId}
                  draft={detail.draft}
                  textareaRef={composerRef}
                  canFinish={canFinish}
                  finishAndNext={finishAndNext}
                  templates={{
                    programme: detail.enrolment?.programme ?? null,
                    week: typeof detail.programmeWeek === 'number' ? detail.programmeWeek : null,
                    patientFirstName: detail.patient.givenName,
                    therapistName,
                  }}
                />
              )}
            </div>
          </div>
          <p className="patient-keys muted">{t('patient.keys', { home: t(`patient.home.${homeScreen}`) })}</p>
        </>
      )}
    </section>
  );
}
