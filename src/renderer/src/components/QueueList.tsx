import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueItem } from '../../../shared/contracts/ipc';
import { shortcutOf } from '../shortcuts';
import { QueueRow, type QueueRowActions } from './QueueRow';

const ESTIMATED_ROW_HEIGHT = 84;

const moves = {
  down: (i: number, last: number) => Math.min(i + 1, last),
  up: (i: number) => Math.max(i - 1, 0),
  first: () => 0,
  last: (_i: number, last: number) => last,
};

interface QueueListProps {
  items: QueueItem[];
  /** The row in the tab order, by patient; the first row when it is not in the list. */
  activeId: string | null;
  /** Changes when the screen wants focus on the active row (after an action moved it). */
  focusRequest: number;
  onActivate: (patientId: string) => void;
  onOpen: (item: QueueItem) => void;
  onDone: (item: QueueItem) => void;
  onSnooze: (item: QueueItem) => void;
}

/**
 * The caseload, virtualized so a team lead's 1,500 patients scroll smoothly. One row is in the tab
 * order at a time (roving tabindex), remembered by patient so a refresh that reorders the queue
 * does not move it; j/k and the arrow keys move focus, Enter opens, d and s act on the row.
 */
export function QueueList(props: QueueListProps) {
  const { items, activeId, focusRequest, onActivate, onOpen, onDone, onSnooze } = props;
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  // Focus follows only the user's moves and actions, never a re-render from a data refresh. The
  // target row may render only after the scroll, so the move waits here until it exists.
  const pendingFocus = useRef<string | null>(null);
  const found = items.findIndex((item) => item.patientId === activeId);
  const activeIndex = found === -1 ? 0 : found;

  // No React Compiler here: TanStack Virtual re-renders the list itself when it scrolls.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    getItemKey: (index) => items[index]?.patientId ?? index,
    overscan: 6,
    // The active row stays in the page even when scrolled out of view: focus is never dropped by a
    // scroll, and a refresh that moves the focused patient keeps focus on them.
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      return indexes.includes(activeIndex) ? indexes : [...indexes, activeIndex].sort((a, b) => a - b);
    },
  });

  function focusRow(index: number): void {
    const item = items[index];
    if (!item) return;
    pendingFocus.current = item.patientId;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  }

  useEffect(() => {
    const patientId = pendingFocus.current;
    if (patientId === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-patient-id="${patientId}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  });

  // On arrival (a new queue, or back from a patient) and on request: focus on the active row, unless
  // the user is already somewhere else on the page.
  const arrived = useRef(false);
  useEffect(() => {
    const first = !arrived.current;
    arrived.current = true;
    const elsewhere = document.activeElement !== null && document.activeElement !== document.body;
    if (first && elsewhere) return;
    focusRow(activeIndex);
    // Only on arrival and on a new request: not when the rows change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>, index: number) {
    // Keys pressed on the row's own buttons keep their meaning (Enter presses the button).
    if (event.target !== event.currentTarget) return;
    const action = shortcutOf('queue', event);
    const item = items[index];
    if (!action || !item) return;
    if (action === 'down' || action === 'up' || action === 'first' || action === 'last') {
      event.preventDefault();
      const next = moves[action](index, items.length - 1);
      onActivate(items[next]!.patientId);
      focusRow(next);
    } else if (action === 'open') {
      event.preventDefault();
      onOpen(item);
    } else if (action === 'done') {
      event.preventDefault();
      onDone(item);
    } else if (action === 'snooze') {
      event.preventDefault();
      onSnooze(item);
    }
  }

  // The same object on every render, calling the latest handlers, so memoized rows stay as they are.
  const latest = useRef({ onActivate, onKeyDown, onOpen, onDone, onSnooze });
  useEffect(() => {
    latest.current = { onActivate, onKeyDown, onOpen, onDone, onSnooze };
  });
  const rowActions = useMemo<QueueRowActions>(
    () => ({
      focus: (item) => latest.current.onActivate(item.patientId),
      keyDown: (event, index) => latest.current.onKeyDown(event, index),
      open: (item) => latest.current.onOpen(item),
      done: (item) => latest.current.onDone(item),
      snooze: (item) => latest.current.onSnooze(item),
    }),
    [],
  );

  return (
    <div ref={scrollRef} className="queue-scroll" data-testid="queue-scroll">
      <div
        role="list"
        aria-label={t('queue.listLabel')}
        aria-describedby="queue-keyboard-hint"
        className="queue-list"
        style={{ height: `${virtualizer.getTotalSize()}px` }}
      >
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <QueueRow
              key={row.key}
              item={item}
              index={row.index}
              focusable={row.index === activeIndex}
              start={row.start}
              rowRef={virtualizer.measureElement}
              actions={rowActions}
            />
          );
        })}
      </div>
      <p id="queue-keyboard-hint" className="visually-hidden">
        {t('queue.keyboardHint')}
      </p>
    </div>
  );
}
