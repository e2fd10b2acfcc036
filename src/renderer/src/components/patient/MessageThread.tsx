import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FailedMessage, Local, PatientDetail } from '../../../../shared/contracts/ipc';
import type { Message } from '../../../../shared/contracts/domain';
import { formatDateTime } from '../../i18n/format';
import { useMarkRead } from './useMarkRead';

const isUnread = (m: Message) => m.authorKind === 'patient' && m.readAt === null;

function DeliveryState({ message }: { message: Local<Message> }) {
  const { t } = useTranslation();
  return message.pending ? (
    <span className="delivery delivery-pending" data-testid="delivery" data-state="pending">
      <span aria-hidden="true">◷</span> {t('patient.thread.pending')}
    </span>
  ) : (
    <span className="delivery delivery-sent" data-testid="delivery" data-state="sent">
      <span aria-hidden="true">✓</span> {t('patient.thread.sent')}
    </span>
  );
}

function FailedItem({
  failed,
  onRetry,
  onDismiss,
}: {
  failed: FailedMessage;
  onRetry(failed: FailedMessage): void;
  onDismiss(failed: FailedMessage): void;
}) {
  const { t } = useTranslation();
  return (
    <li className="message message-staff message-failed" data-testid="message-failed">
      <div className="message-meta">
        <span className="delivery delivery-failed" data-testid="delivery" data-state="failed">
          <span aria-hidden="true">✕</span>{' '}
          {t('patient.thread.failed', { at: formatDateTime(failed.rejectedAt) })}
        </span>
      </div>
      <p className="message-body">{failed.body}</p>
      <p className="failed-reason">
        {t(`patient.thread.rejected.${failed.code}`)} <span className="muted">({failed.message})</span>
      </p>
      <div className="button-row-tight">
        <button type="button" onClick={() => onRetry(failed)}>
          {t('patient.thread.retry')}
        </button>
        <button type="button" className="button-secondary" onClick={() => onDismiss(failed)}>
          {t('patient.thread.dismiss')}
        </button>
      </div>
    </li>
  );
}

interface MessageThreadProps {
  detail: PatientDetail;
  onRetry(failed: FailedMessage): void;
  onDismiss(failed: FailedMessage): void;
}

/**
 * The conversation, oldest first: the patient's messages and the care team's told apart, the
 * unread ones marked (and kept marked for this visit after they are marked read), and each reply's
 * delivery: waiting in the outbox, sent, or refused by the portal with its reason.
 */
export function MessageThread({ detail, onRetry, onDismiss }: MessageThreadProps) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLOListElement>(null);
  const { messages, failedMessages, patient, staffNames } = detail;
  const unreadIds = messages.filter(isUnread).map((m) => m.id);

  // Messages unread at any point of this visit stay marked "new", so marking them read on sight
  // does not hide which ones arrived since last time.
  const [newIds, setNewIds] = useState<ReadonlySet<string>>(() => new Set(unreadIds));
  if (unreadIds.some((id) => !newIds.has(id))) setNewIds(new Set([...newIds, ...unreadIds]));

  useMarkRead(patient.id, scrollRef, unreadIds);

  // On opening, the first unread message (or the latest one) is in view; a new message at the end
  // (a reply just sent) scrolls into view.
  const count = messages.length + failedMessages.length;
  const [firstUnread] = useState(() => unreadIds[0] ?? null);
  const shownCount = useRef(0);
  useLayoutEffect(() => {
    const list = scrollRef.current;
    if (!list) return;
    const opening = shownCount.current === 0;
    shownCount.current = count;
    const target = opening && firstUnread ? list.querySelector(`[data-message-id="${firstUnread}"]`) : null;
    if (target) target.scrollIntoView({ block: 'start' });
    else list.scrollTop = list.scrollHeight;
  }, [count, firstUnread]);

  // While the latest message is in view, it stays in view when the column changes height (a
  // notice above it, a taller reply field).
  const atEnd = useRef(true);
  const hasList = count > 0;
  useEffect(() => {
    const list = scrollRef.current;
    if (!list) return;
    const onScroll = () => {
      atEnd.current = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
    };
    const resize = new ResizeObserver(() => {
      if (atEnd.current) list.scrollTop = list.scrollHeight;
    });
    list.addEventListener('scroll', onScroll, { passive: true });
    resize.observe(list);
    return () => {
      list.removeEventListener('scroll', onScroll);
      resize.disconnect();
    };
  }, [hasList]);

  return (
    <section className="patient-thread" aria-labelledby="thread-title">
      <h2 id="thread-title">
        {t('patient.thread.title')}
        {unreadIds.length > 0 && (
          <span className="badge badge-new">
            {t('patient.thread.unreadCount', { count: unreadIds.length })}
          </span>
        )}
      </h2>
      {count === 0 ? (
        <p className="muted thread-empty">{t('patient.thread.empty')}</p>
      ) : (
        // Focusable so the conversation scrolls from the keyboard too.
        <ol
          ref={scrollRef}
          className="thread-list"
          tabIndex={0}
          aria-labelledby="thread-title"
          data-testid="thread"
        >
          {messages.map((m) => {
            const fromPatient = m.authorKind === 'patient';
            const author = fromPatient
              ? `${patient.givenName} ${patient.familyName}`
              : ((m.authorStaffId && staffNames[m.authorStaffId]) ?? t('patient.thread.careTeam'));
            return (
              <li
                key={m.id}
                className={`message ${fromPatient ? 'message-patient' : 'message-staff'}`}
                data-testid="message"
                data-message-id={m.id}
                data-unread={isUnread(m) ? 'true' : undefined}
              >
                <div className="message-meta">
                  <span className="message-author">
                    {author}
                    <span className="visually-hidden">
                      {' '}
                      ({fromPatient ? t('patient.thread.fromPatient') : t('patient.thread.fromCareTeam')})
                    </span>
                  </span>
                  <time dateTime={m.sentAt}>{formatDateTime(m.sentAt)}</time>
                  {newIds.has(m.id) && <span className="badge badge-new">{t('patient.thread.new')}</span>}
                  {!fromPatient && <DeliveryState message={m} />}
                </div>
                <p className="message-body">{m.body}</p>
              </li>
            );
          })}
          {failedMessages.map((failed) => (
            <FailedItem key={failed.mutationId} failed={failed} onRetry={onRetry} onDismiss={onDismiss} />
          ))}
        </ol>
      )}
    </section>
  );
}
