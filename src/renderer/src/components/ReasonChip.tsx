import { useTranslation } from 'react-i18next';
import type { QueueReason } from '../../../shared/clinical/queue';

function useReasonText(reason: QueueReason): string {
  const { t } = useTranslation();
  switch (reason.code) {
    case 'urgent-flag':
    case 'risk-flag':
    case 'unanswered-messages':
      return t(`reason.${reason.code}`, { count: reason.count });
    case 'feedback-due':
      return t('reason.feedback-due', { week: reason.week });
    case 'follow-up':
      return t('reason.follow-up');
    case 'inactive':
      return reason.days === null ? t('reason.inactiveNever') : t('reason.inactive', { count: reason.days });
    case 'ending-soon':
      return t('reason.ending-soon', { count: reason.weeksLeft });
  }
}

/** Flags carry a glyph as well as a colour, so they stand out without colour vision. */
const glyphs: Partial<Record<QueueReason['code'], string>> = { 'urgent-flag': '▲', 'risk-flag': '◆' };

export function ReasonChip({ reason }: { reason: QueueReason }) {
  const glyph = glyphs[reason.code];
  return (
    <span className={`chip chip-${reason.code}`} data-testid="reason-chip" data-reason={reason.code}>
      {glyph && (
        <span className="chip-glyph" aria-hidden="true">
          {glyph}
        </span>
      )}
      {useReasonText(reason)}
    </span>
  );
}
