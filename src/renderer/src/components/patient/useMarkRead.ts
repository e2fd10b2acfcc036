import { useEffect, useRef, type RefObject } from 'react';

/** How long a message must have been on screen, roughly, before it counts as read. */
const SETTLE_MS = 400;
/** The most ids one markRead call takes (the contract's limit). */
const BATCH_MAX = 500;

/**
 * Marks the patient's unread messages read once they have been on screen: an IntersectionObserver
 * on the thread collects the ones that came into view, and after a short pause one
 * `message.markRead` call sends them all. An id is sent once per visit; a failed call lets its
 * ids be sent again when next seen.
 */
export function useMarkRead(
  patientId: string,
  scrollRef: RefObject<HTMLElement | null>,
  /** The unread messages now in the thread, in order. */
  unreadIds: readonly string[],
): void {
  const sent = useRef(new Set<string>());
  const key = unreadIds.join(',');

  useEffect(() => {
    const root = scrollRef.current;
    if (!root || key === '') return;
    const seen = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;

    const flush = () => {
      timer = null;
      const ids = [...seen].filter((id) => !sent.current.has(id)).slice(0, BATCH_MAX);
      seen.clear();
      if (ids.length === 0) return;
      ids.forEach((id) => sent.current.add(id));
      void window.api['message.markRead']({ patientId, messageIds: ids }).then((result) => {
        if (!result.ok) ids.forEach((id) => sent.current.delete(id));
      });
    };

    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.messageId;
          if (entry.isIntersecting && id) seen.add(id);
        }
        if (seen.size > 0 && timer === null) timer = setTimeout(flush, SETTLE_MS);
      },
      { root, threshold: 0.5 },
    );
    for (const id of key.split(',')) {
      const element = root.querySelector(`[data-message-id="${id}"]`);
      if (element) observer.observe(element);
    }
    return () => {
      observer.disconnect();
      // Leaving the screen still counts what was seen.
      if (timer !== null) {
        clearTimeout(timer);
        flush();
      }
    };
  }, [patientId, scrollRef, key]);
}
