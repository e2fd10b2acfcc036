/**
 * Every keyboard shortcut of the app, in one list: the handlers match keys through it and the "?"
 * dialog shows it, so the two cannot drift apart. A screen that adds a shortcut adds it here (and
 * its label under `shortcuts` in the i18n files), then matches it with `shortcutOf`.
 *
 * A key is written as KeyboardEvent.key, with modifiers before it: 'j', 'ArrowDown', 'Ctrl+Space'.
 * Several keys for one action are alternatives.
 */
export const shortcuts = {
  queue: {
    down: ['j', 'ArrowDown'],
    up: ['k', 'ArrowUp'],
    first: ['Home'],
    last: ['End'],
    open: ['Enter'],
    done: ['d'],
    snooze: ['s'],
    search: ['/'],
    clearSearch: ['Escape'],
  },
  patient: {
    back: ['Escape'],
    next: ['n'],
    previous: ['p'],
    reply: ['r'],
    flags: ['f'],
  },
  composer: {
    templates: ['Ctrl+Space'],
    send: ['Ctrl+Enter'],
    sendAndNext: ['Ctrl+Shift+Enter'],
  },
  everywhere: {
    help: ['?'],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

export type ShortcutGroup = keyof typeof shortcuts;
export type ShortcutAction<G extends ShortcutGroup> = keyof (typeof shortcuts)[G] & string;

const MODIFIERS = ['Ctrl', 'Alt', 'Shift', 'Meta'] as const;
type Modifier = (typeof MODIFIERS)[number];

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/** A key written as 'Ctrl+Space' split into its modifiers and its key. */
export function parseKey(written: string): { modifiers: Modifier[]; key: string } {
  const parts = written.split('+');
  const key = parts.pop() ?? written;
  return { modifiers: parts as Modifier[], key };
}

const eventKeyOf = (key: string) => (key === 'Space' ? ' ' : key);

function matches(event: KeyLike, written: string): boolean {
  const { modifiers, key } = parseKey(written);
  const pressed: Record<Modifier, boolean> = {
    Ctrl: event.ctrlKey,
    Alt: event.altKey,
    Shift: event.shiftKey,
    Meta: event.metaKey,
  };
  // A printed character ('?', '/') carries whatever Shift the keyboard layout needs for it.
  const printable = key.length === 1 && key !== ' ';
  const modifiersMatch = MODIFIERS.every(
    (modifier) => (printable && modifier === 'Shift') || pressed[modifier] === modifiers.includes(modifier),
  );
  // Letters match with Caps Lock on too; named keys ('ArrowDown') as they are.
  const fold = (k: string) => (k.length === 1 ? k.toLowerCase() : k);
  return modifiersMatch && fold(event.key) === fold(eventKeyOf(key));
}

/** The action of a group the key press stands for, or null. */
export function shortcutOf<G extends ShortcutGroup>(group: G, event: KeyLike): ShortcutAction<G> | null {
  const actions = shortcuts[group] as Record<string, readonly string[]>;
  for (const [action, keys] of Object.entries(actions)) {
    if (keys.some((written) => matches(event, written))) return action as ShortcutAction<G>;
  }
  return null;
}

/** Typing in a field: letters are text there, not shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit'].includes(target.type))
  );
}
