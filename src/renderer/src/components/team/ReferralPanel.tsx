import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../../shared/contracts/domain';
import { ReferralForm } from '../admin/ReferralForm';

/**
 * The team lead registers a referred patient from the waiting list: the administrator's form, shown
 * below its button (a disclosure). The patient joins the waiting list with the next sync, asked for
 * at once.
 */
export function ReferralPanel({ teams }: { teams: Team[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="team-referral">
      <button
        type="button"
        className="button-secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {open ? t('team.waiting.closeReferral') : t('team.waiting.refer')}
      </button>
      <div id={panelId} hidden={!open}>
        {open && <ReferralForm teams={teams} onReferred={() => void window.api['sync.now']()} />}
      </div>
    </div>
  );
}
