import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../ErrorMessage';
import { useOrganisation } from './organisationStore';
import { ReferralForm } from './ReferralForm';
import { RiskRulesPanel } from './RiskRulesPanel';
import { SettingsPanel } from './SettingsPanel';
import { StaffPanel } from './StaffPanel';
import { TeamsPanel } from './TeamsPanel';

const SECTIONS = ['staff', 'teams', 'referral', 'settings', 'riskRules'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * The administrator's home: the clinic's staff, teams, referrals, settings and risk-flag rules.
 * No clinical content.
 */
export function AdminScreen() {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('staff');
  const { value: organisation, error, load } = useOrganisation();

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="admin-screen" aria-labelledby="admin-title">
      <h1 id="admin-title">
        {t('admin.title')}
        {organisation && <span className="admin-clinic-name">{organisation.clinic.name}</span>}
      </h1>
      <nav aria-label={t('admin.sections')} className="admin-sections">
        {SECTIONS.map((name) => (
          <button
            key={name}
            type="button"
            className="button-secondary"
            aria-current={section === name ? 'page' : undefined}
            onClick={() => setSection(name)}
          >
            {t(`admin.section.${name}`)}
          </button>
        ))}
      </nav>
      <ErrorMessage error={error} onRetry={() => void load()} />
      {organisation && section === 'staff' && (
        <StaffPanel staff={organisation.staff} teams={organisation.teams} onChanged={() => void load()} />
      )}
      {organisation && section === 'teams' && (
        <TeamsPanel teams={organisation.teams} onChanged={() => void load()} />
      )}
      {organisation && section === 'referral' && <ReferralForm teams={organisation.teams} />}
      {organisation && section === 'settings' && (
        <SettingsPanel settings={organisation.settings} onSaved={() => void load()} />
      )}
      {organisation && section === 'riskRules' && <RiskRulesPanel />}
    </section>
  );
}
