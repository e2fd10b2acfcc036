import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format';
import { useQueue } from '../stores/queue';
import { ErrorMessage } from './ErrorMessage';
import { QueueList } from './QueueList';

/** The therapist's home: this week's round, most pressing first. */
export function QueueScreen() {
  const { t } = useTranslation();
  const { queue, error, load } = useQueue();

  return (
    <section className="queue-screen" aria-labelledby="queue-title">
      <header className="queue-header">
        <h1 id="queue-title">{t('queue.title')}</h1>
        {queue && (
          <p className="muted">
            {t('queue.count', { count: queue.items.length })} ·{' '}
            {t('queue.computedAt', { at: formatDateTime(queue.at) })}
          </p>
        )}
      </header>
      <ErrorMessage error={error} onRetry={() => void load()} />
      {!queue && !error && (
        <p className="state-message" role="status">
          {t('app.loading')}
        </p>
      )}
      {queue && queue.items.length === 0 && <p className="state-message">{t('queue.empty')}</p>}
      {queue && queue.items.length > 0 && <QueueList items={queue.items} />}
    </section>
  );
}
