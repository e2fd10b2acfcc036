import { instruments } from '../../src/shared/clinical/index';

/**
 * PHQ-9 answers with item 9 (suicidal thoughts) at `item9` and every other item at `otherItems`.
 * Free of Vitest, so the Playwright specs and the benchmarks use it too.
 */
export function phq9(item9: number, otherItems = 0): Record<string, number> {
  return Object.fromEntries(
    instruments['phq-9'].items.map((item) => [item.linkId, item.linkId === '9' ? item9 : otherItems]),
  );
}
