import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueItem } from '../../../shared/contracts/ipc';
import { snoozeChoices, snoozeEnd } from '../snooze-dates';
import { ModalDialog } from './ModalDialog';

/**
 * Snooze a patient to a day: the next working day is filled in, so Enter right away takes it. A
 * snoozed patient can be put back in the round from here too.
 */
export function SnoozeDialog({
  item,
  now,
  onSnooze,
  onReopen,
  onClose,
}: {
  item: QueueItem;
  /** The clinic's clock (the queue's "now"), so the calendar is the clinic's. */
  now: Date;
  onSnooze: (until: string) => void;
  onReopen: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const choices = snoozeChoices(now);
  const [date, setDate] = useState(choices.suggested);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (date >= choices.min && date <= choices.max) onSnooze(snoozeEnd(date));
  }

  return (
    <ModalDialog
      title={t('queue.snoozeTitle', { name: item.name })}
      onClose={onClose}
      className="snooze-dialog"
      testId="snooze-dialog"
    >
      <form className="form" onSubmit={submit}>
        <label htmlFor="snooze-date">{t('queue.snoozeDate')}</label>
        <input
          id="snooze-date"
          type="date"
          required
          autoFocus
          min={choices.min}
          max={choices.max}
          value={date}
          aria-describedby="snooze-hint"
          onChange={(event) => setDate(event.target.value)}
        />
        <p id="snooze-hint" className="muted">
          {t('queue.snoozeHint')}
        </p>
        <div className="button-row">
          <button type="submit">{t('queue.snoozeSubmit')}</button>
          {item.round.status === 'snoozed' && (
            <button type="button" className="button-secondary" onClick={onReopen}>
              {t('queue.reopen')}
            </button>
          )}
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('queue.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
