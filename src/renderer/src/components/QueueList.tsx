import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueItem } from '../../../shared/contracts/ipc';
import { useNavigation } from '../stores/navigation';
import { QueueRow } from './QueueRow';

const ESTIMATED_ROW_HEIGHT = 96;

const keyMoves: Record<string, (index: number, last: number) => number> = {
  ArrowDown: (i, last) => Math.min(i + 1, last),
  ArrowUp: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_i, last) => last,
};

/**
 * The caseload, virtualized so a few hundred patients scroll smoothly. One row is in the tab
 * order at a time (roving tabindex); the arrow keys move focus, scrolling the row into view.
 */
export function QueueList({ items }: { items: QueueItem[] }) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  // Focus follows only keyboard moves, never a re-render from a data refresh. The target row may
  // render only after the scroll, so the move waits here until it exists.
  const pendingFocus = useRef<number | null>(null);
  const activeIndex = Math.min(active, Math.max(items.length - 1, 0));

  // No React Compiler here: TanStack Virtual re-renders the list itself when it scrolls.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    getItemKey: (index) => items[index]?.patientId ?? index,
    overscan: 6,
  });

  useEffect(() => {
    if (pendingFocus.current === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.current}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  });

  const open = useNavigation((state) => state.open);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>, index: number) {
    const patientId = items[index]?.patientId;
    if (event.key === 'Enter' && patientId) {
      event.preventDefault();
      open({ screen: 'patient', patientId });
      return;
    }
    const move = keyMoves[event.key];
    if (!move) return;
    event.preventDefault();
    const next = move(index, items.length - 1);
    setActive(next);
    pendingFocus.current = next;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  return (
    <div ref={scrollRef} className="queue-scroll">
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
              onFocus={() => setActive(row.index)}
              onKeyDown={(event) => onKeyDown(event, row.index)}
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
