import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FailedMessage, IpcError } from '../../../../shared/contracts/ipc';
import { useNavigation } from '../../stores/navigation';
import { useQueue } from '../../stores/queue';
import { useSession } from '../../stores/session';
import { ErrorMessage } from '../ErrorMessage';
import { ClinicalNotes } from './ClinicalNotes';
import { Composer } from './Composer';
import { MessageThread } from './MessageThread';
import { PatientHeader } from './PatientHeader';
import { neighbourInQueue } from './queueOrder';
import { RiskFlags } from './RiskFlags';
import { ThisWeekCard } from './ThisWeekCard';
import { TrendSection } from './TrendSection';
import { usePatientDetail } from './usePatientDetail';
import { summariseWeek } from './weekSummary';
import { WorkHistory } from './WorkHistory';

/** Why the patient could not be marked done for this round. */
type Refusal = { kind: 'open-flag' } | { kind: 'not-in-week' } | { kind: 'error'; error: IpcError };

/** Keys typed into a field are text, not shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * One patient's week, opened from the queue: the record on the left (flags, this week, the trend,
 * the work, notes), the conversation and the reply on the right, each scrolling on its own so the
 * screen stays within the window. Escape goes back to the queue; n and p move through it.
 */
export function PatientScreen({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const { detail, error, loadedAt, reload } = usePatientDetail(patientId);
  const open = useNavigation((state) => state.open);
  const home = useNavigation((state) => state.home);
  const queueItem = useQueue(
    (state) => state.queue?.items.find((item) => item.patientId === patientId) ?? null,
  );
  const queueOrder = useQueue((state) => state.queue?.items);
  const session = useSession((state) => state.session);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [retryError, setRetryError] = useState<IpcError | null>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const flagsRef = useRef<HTMLElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);

  const openFlags = detail?.flags.filter((f) => f.status === 'open').length ?? 0;
  const ready = detail !== null;

  const openPatient = useCallback(
    (next: string | null) => (next ? open({ screen: 'patient', patientId: next }) : home()),
    [open, home],
  );
  const step = useCallback(
    (direction: 1 | -1) => {
      const next = neighbourInQueue(patientId, direction);
      if (next) openPatient(next);
    },
    [patientId, openPatient],
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
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        home();
        return;
      }
      if (isTyping(event.target)) return;
      const actions: Record<string, () => void> = {
        n: () => step(1),
        p: () => step(-1),
        r: () => composerRef.current?.focus(),
        f: showFlags,
      };
      const action = actions[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
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

  async function finish(next: string | null) {
    const given = await window.api['feedback.markGiven']({ patientId });
    // A conflict: this week's feedback is already marked (or there is no programme week, which
    // marking done reports).
    if (!given.ok && given.error.code !== 'conflict') {
      setRefusal({ kind: 'error', error: given.error });
      return;
    }
    if (await markDone()) openPatient(next);
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

  const position = queueOrder?.findIndex((item) => item.patientId === patientId) ?? -1;
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
            hasPrevious={position > 0}
            hasNext={queueOrder !== undefined && position < queueOrder.length - 1}
            onBack={home}
            onPrevious={() => step(-1)}
            onNext={() => step(1)}
            onMarkDone={() => void markDone()}
            onShowFlags={showFlags}
          />
          <ErrorMessage error={error} onRetry={() => void reload()} />
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
              <TrendSection detail={detail} />
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
              <Composer
                patientId={patientId}
                draft={detail.draft}
                textareaRef={composerRef}
                canFinish={canFinish}
                finish={finish}
                templateContext={{
                  programme: detail.enrolment?.programme ?? null,
                  week: typeof detail.programmeWeek === 'number' ? detail.programmeWeek : null,
                  patientFirstName: detail.patient.givenName,
                  // Who writes: the signed-in user, whoever the patient's own therapist is.
                  therapistName: session?.status === 'ready' ? session.account.displayName : '',
                }}
              />
            </div>
          </div>
          <p className="patient-keys muted">{t('patient.keys')}</p>
        </>
      )}
    </section>
  );
}
