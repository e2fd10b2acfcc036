import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { parseKey, shortcuts, type ShortcutAction, type ShortcutGroup } from '../shortcuts';
import { useShortcutsHelp } from '../stores/help';
import { ModalDialog } from './ModalDialog';

/** Every action's label key: a shortcut without a label in the i18n files fails to compile. */
type LabelKey = { [G in ShortcutGroup]: `shortcuts.${G}.${ShortcutAction<G>}` }[ShortcutGroup];

const NAMED_KEYS = ['ArrowDown', 'ArrowUp', 'Escape', 'Space'] as const;
type NamedKey = (typeof NAMED_KEYS)[number];
const isNamedKey = (key: string): key is NamedKey => (NAMED_KEYS as readonly string[]).includes(key);

/** One key as the keyboard labels it: <kbd>Ctrl</kbd>+<kbd>Mellomrom</kbd>. */
function Keys({ written }: { written: string }) {
  const { t } = useTranslation();
  const { modifiers, key } = parseKey(written);
  const label = (part: string) => (isNamedKey(part) ? t(`shortcuts.key.${part}`) : part);
  return (
    <span className="shortcut-keys">
      {[...modifiers, key].map((part, i) => (
        <Fragment key={part}>
          {i > 0 && '+'}
          <kbd>{label(part)}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

function Group({ group }: { group: ShortcutGroup }) {
  const { t } = useTranslation();
  const actions = Object.entries(shortcuts[group]) as [string, readonly string[]][];
  return (
    <section className="shortcut-group" aria-labelledby={`shortcuts-${group}`}>
      <h3 id={`shortcuts-${group}`}>{t(`shortcuts.group.${group}`)}</h3>
      <dl>
        {actions.map(([action, keys]) => (
          <div key={action} className="shortcut">
            <dt>
              {keys.map((written, i) => (
                <Fragment key={written}>
                  {i > 0 && <span className="muted"> {t('shortcuts.or')} </span>}
                  <Keys written={written} />
                </Fragment>
              ))}
            </dt>
            <dd>{t(`shortcuts.${group}.${action}` as LabelKey)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Every shortcut of the app, from the one list in shortcuts.ts. */
export function ShortcutsDialog() {
  const { t } = useTranslation();
  const { open, hide } = useShortcutsHelp();
  if (!open) return null;
  return (
    <ModalDialog
      title={t('shortcuts.title')}
      onClose={hide}
      className="shortcuts-dialog"
      testId="shortcuts-dialog"
    >
      <p className="muted">{t('shortcuts.intro')}</p>
      <div className="shortcut-groups">
        {(Object.keys(shortcuts) as ShortcutGroup[]).map((group) => (
          <Group key={group} group={group} />
        ))}
      </div>
      <div className="button-row">
        <button type="button" onClick={hide} autoFocus>
          {t('shortcuts.close')}
        </button>
      </div>
    </ModalDialog>
  );
}
