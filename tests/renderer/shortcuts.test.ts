import { describe, expect, it } from 'vitest';
import { parseKey, shortcutOf, shortcuts } from '../../src/renderer/src/shortcuts';

const press = (
  key: string,
  modifiers: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>> = {},
) => ({
  key,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...modifiers,
});

describe('keyboard shortcuts', () => {
  it.each([
    ['j', 'down'],
    ['ArrowDown', 'down'],
    ['k', 'up'],
    ['ArrowUp', 'up'],
    ['Home', 'first'],
    ['End', 'last'],
    ['Enter', 'open'],
    ['d', 'done'],
    ['D', 'done'],
    ['s', 'snooze'],
    ['/', 'search'],
    ['Escape', 'clearSearch'],
  ])('reads %s in the queue as %s', (key, action) => {
    expect(shortcutOf('queue', press(key))).toBe(action);
  });

  it('takes a printed character with whatever Shift the layout needs, a letter only without Ctrl', () => {
    expect(shortcutOf('everywhere', press('?', { shiftKey: true }))).toBe('help');
    expect(shortcutOf('queue', press('d', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf('queue', press('ArrowDown', { altKey: true }))).toBeNull();
    expect(shortcutOf('queue', press('x'))).toBeNull();
  });

  it('matches a chord only with its modifiers', () => {
    expect(shortcutOf('composer', press(' ', { ctrlKey: true }))).toBe('templates');
    expect(shortcutOf('composer', press(' '))).toBeNull();
    expect(parseKey('Ctrl+Space')).toEqual({ modifiers: ['Ctrl'], key: 'Space' });
  });

  it('lists the patient view and composer keys beside the queue', () => {
    expect(shortcuts.patient).toEqual({
      back: ['Escape'],
      next: ['n'],
      previous: ['p'],
      reply: ['r'],
      flags: ['f'],
    });
    expect(shortcuts.composer.templates).toEqual(['Ctrl+Space']);
  });

  it('tells sending from sending and going on by Shift', () => {
    const enter = (shiftKey: boolean) => press('Enter', { ctrlKey: true, shiftKey });
    expect(shortcutOf('composer', enter(false))).toBe('send');
    expect(shortcutOf('composer', enter(true))).toBe('sendAndNext');
    expect(shortcutOf('composer', press('Enter'))).toBeNull();
  });
});
