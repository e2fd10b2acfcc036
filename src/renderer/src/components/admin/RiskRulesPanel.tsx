import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FlagSeverity } from '../../../../shared/clinical/flags';
import { getInstrument, instrumentIds } from '../../../../shared/clinical/instruments/registry';
import type { RiskRuleConfig } from '../../../../shared/clinical/risk';
import { BandName } from '../patient/BandName';
import { Problem } from './Problem';
import {
  checkDraft,
  draftOf,
  ruleField,
  thresholdField,
  thresholdRange,
  type DraftProblem,
  type RiskRulesDraft,
  type ThresholdKey,
} from './riskRulesDraft';
import { useAdminCall } from './useAdminCall';

const THRESHOLDS: ThresholdKey[] = ['riskAt', 'urgentAt'];

/**
 * The clinic's risk-flag rules: the answer on a single question that raises a flag, the severity
 * bands of a total that do, and reliable deterioration. Checked by the shared rules before it is
 * sent (the portal checks again); each problem is told at its field.
 */
export function RiskRulesPanel() {
  const { t } = useTranslation();
  const { busy, problem, run } = useAdminCall();
  const [isDefault, setIsDefault] = useState<boolean | null>(null);
  const [draft, setDraft] = useState<RiskRulesDraft | null>(null);
  const [problems, setProblems] = useState<Map<string, DraftProblem>>(new Map());
  const [saved, setSaved] = useState<'saved' | 'restored' | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  function show(rules: { isDefault: boolean; config: RiskRuleConfig }) {
    setIsDefault(rules.isDefault);
    setDraft(draftOf(rules.config));
    setProblems(new Map());
  }

  useEffect(() => {
    void run(() => window.api['admin.riskRules']()).then((rules) => rules && show(rules));
    // Once, when the panel opens; `run` is a new function each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function save(config: RiskRuleConfig | null) {
    setSaved(null);
    const rules = await run(() => window.api['admin.saveRiskRules']({ config }));
    if (!rules) return;
    show(rules);
    setSaved(config === null ? 'restored' : 'saved');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const checked = checkDraft(draft);
    if (checked.ok) {
      void save(checked.config);
      return;
    }
    setSaved(null);
    setProblems(checked.problems);
    // After React has marked the fields: the first one wrong takes focus.
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );
  }

  function describe(found: DraftProblem): string {
    switch (found.kind) {
      case 'range':
        return t('admin.risk.errors.range', { min: found.min, max: found.max });
      case 'none':
        return t('admin.risk.errors.none');
      case 'order':
        return t('admin.risk.errors.order');
      case 'other':
        return t('admin.risk.errors.other');
    }
  }

  const change = (next: RiskRulesDraft) => {
    setDraft(next);
    setSaved(null);
  };

  if (!draft) {
    return (
      <section aria-labelledby="admin-risk-title" className="admin-panel">
        <h2 id="admin-risk-title">{t('admin.risk.title')}</h2>
        {!problem && <p role="status">{t('app.loading')}</p>}
        <Problem text={problem} />
      </section>
    );
  }

  const instrumentName = (id: string) =>
    t(`instrument.${id}` as 'instrument.phq-9', { defaultValue: getInstrument(id)?.title ?? id });
  const severityChoice = (id: string, value: FlagSeverity, onChange: (severity: FlagSeverity) => void) => (
    <span className="risk-severity">
      <label htmlFor={id}>{t('admin.risk.severity')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as FlagSeverity)}>
        {FlagSeverity.options.map((option) => (
          <option key={option} value={option}>
            {t(`severity.${option}`)}
          </option>
        ))}
      </select>
    </span>
  );

  return (
    <section aria-labelledby="admin-risk-title" className="admin-panel risk-rules">
      <h2 id="admin-risk-title">{t('admin.risk.title')}</h2>
      <p>{t('admin.risk.intro')}</p>
      <p className="muted" data-testid="risk-rules-source">
        {isDefault ? t('admin.risk.usingDefaults') : t('admin.risk.usingOwn')}
      </p>
      {problems.size > 0 && (
        <p className="error-message" role="alert">
          {t('admin.risk.invalid')}
        </p>
      )}
      <form ref={formRef} className="form risk-rules-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('admin.risk.items')}</legend>
          <p className="muted">{t('admin.risk.itemsHint')}</p>
          {draft.items.length === 0 ? (
            <p className="muted">{t('admin.risk.noItems')}</p>
          ) : (
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.risk.question')}</th>
                  <th scope="col">{t('admin.risk.reason')}</th>
                  <th scope="col">{t('admin.risk.scale')}</th>
                  {THRESHOLDS.map((key) => (
                    <th scope="col" key={key}>
                      {t(`admin.risk.${key}`)}
                    </th>
                  ))}
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.staff.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {draft.items.map((item, index) => {
                  const { rule } = item;
                  const name = t('admin.risk.itemName', {
                    instrument: getInstrument(rule.instrumentId)?.title ?? rule.instrumentId,
                    item: rule.linkId,
                  });
                  const range = thresholdRange(rule);
                  const ruleProblem = problems.get(ruleField(index));
                  return (
                    <tr key={`${rule.instrumentId}:${rule.linkId}`}>
                      <th scope="row">
                        {name}
                        {ruleProblem && (
                          <p className="field-problem" id={`${ruleField(index)}-problem`}>
                            {describe(ruleProblem)}
                          </p>
                        )}
                      </th>
                      <td>
                        {t(`team.flagReason.${rule.reasonCode}` as 'team.flagReason.other', {
                          defaultValue: rule.reasonCode,
                        })}
                      </td>
                      <td>{range && t('admin.risk.scaleRange', { min: range.min - 1, max: range.max })}</td>
                      {THRESHOLDS.map((key) => {
                        const id = thresholdField(index, key);
                        const found = problems.get(id);
                        const describedBy = [
                          found && `${id}-problem`,
                          ruleProblem && `${ruleField(index)}-problem`,
                        ]
                          .filter(Boolean)
                          .join(' ');
                        return (
                          <td key={key}>
                            <label className="visually-hidden" htmlFor={id}>
                              {t('admin.risk.fieldFor', { field: t(`admin.risk.${key}`), item: name })}
                            </label>
                            <input
                              id={id}
                              className="risk-threshold"
                              type="text"
                              inputMode="numeric"
                              autoComplete="off"
                              maxLength={3}
                              value={item[key]}
                              aria-invalid={found || ruleProblem ? true : undefined}
                              aria-describedby={describedBy || undefined}
                              onChange={(event) =>
                                change({
                                  ...draft,
                                  items: draft.items.map((each, i) =>
                                    i === index ? { ...each, [key]: event.target.value } : each,
                                  ),
                                })
                              }
                            />
                            {found && (
                              <p className="field-problem" id={`${id}-problem`}>
                                {describe(found)}
                              </p>
                            )}
                          </td>
                        );
                      })}
                      <td>
                        <button
                          type="button"
                          className="button-secondary"
                          aria-label={t('admin.risk.removeRule', { item: name })}
                          onClick={() => {
                            change({ ...draft, items: draft.items.filter((_, i) => i !== index) });
                            setProblems(new Map());
                          }}
                        >
                          {t('admin.risk.remove')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('admin.risk.bands')}</legend>
          <p className="muted">{t('admin.risk.bandsHint')}</p>
          {instrumentIds.map((id) => {
            const choice = draft.bands[id];
            const setChoice = (next: typeof choice) =>
              change({ ...draft, bands: { ...draft.bands, [id]: next } });
            return (
              <fieldset key={id} className="risk-band-group">
                <legend>{instrumentName(id)}</legend>
                <div className="risk-band-choices">
                  {getInstrument(id)!.bands.map((band) => (
                    <label key={band.id} className="risk-band">
                      <input
                        type="checkbox"
                        checked={choice.bandIds.includes(band.id)}
                        onChange={(event) =>
                          setChoice({
                            ...choice,
                            bandIds: event.target.checked
                              ? [...choice.bandIds, band.id]
                              : choice.bandIds.filter((each) => each !== band.id),
                          })
                        }
                      />
                      <BandName band={band.id} /> ({band.min}–{band.max})
                    </label>
                  ))}
                </div>
                {severityChoice(`risk-band-severity-${id}`, choice.severity, (severity) =>
                  setChoice({ ...choice, severity }),
                )}
              </fieldset>
            );
          })}
        </fieldset>
        <fieldset>
          <legend>{t('admin.risk.deterioration')}</legend>
          <label className="risk-band">
            <input
              type="checkbox"
              checked={draft.deterioration.enabled}
              onChange={(event) =>
                change({ ...draft, deterioration: { ...draft.deterioration, enabled: event.target.checked } })
              }
            />
            {t('admin.risk.deteriorationEnabled')}
          </label>
          {severityChoice('risk-deterioration-severity', draft.deterioration.severity, (severity) =>
            change({ ...draft, deterioration: { ...draft.deterioration, severity } }),
          )}
        </fieldset>
        {problems.has('form') && <p className="field-problem">{t('admin.risk.errors.other')}</p>}
        <div className="button-row">
          <button type="submit" disabled={busy}>
            {t('admin.risk.save')}
          </button>
          <button
            type="button"
            className="button-secondary"
            disabled={busy || isDefault === true}
            onClick={() => void save(null)}
          >
            {t('admin.risk.restore')}
          </button>
        </div>
        {saved && (
          <p role="status" className="muted">
            {t(`admin.risk.${saved}`)}
          </p>
        )}
      </form>
      <Problem text={problem} />
    </section>
  );
}
