import { useTranslation } from 'react-i18next';
import type { HandOverLink } from '../../../../shared/contracts/ipc';
import { formatDateTime } from '../../i18n/format';

/**
 * A one-time setup link to hand to its owner, and only to them: whoever opens it chooses the
 * account's password. Selected on focus so it can be copied with the keyboard.
 */
export function SetupLinkNotice({ link, name }: { link: HandOverLink; name: string }) {
  const { t } = useTranslation();
  return (
    <div className="setup-link" role="status" data-testid="setup-link">
      <p>
        <strong>{t('admin.link.title', { name })}</strong>
      </p>
      <label htmlFor="setup-link-url">{t('admin.link.label')}</label>
      <input
        id="setup-link-url"
        readOnly
        value={link.url}
        onFocus={(event) => event.currentTarget.select()}
        aria-describedby="setup-link-hint"
      />
      <p id="setup-link-hint" className="muted">
        {t('admin.link.hint', { expires: formatDateTime(link.expiresAt) })}
      </p>
    </div>
  );
}
