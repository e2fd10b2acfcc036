import { useNavigation, type View } from './stores/navigation';

/** At most one report per this long: enough for a lock measured in minutes. */
const REPORT_EVERY_MS = 30_000;
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/**
 * Tells main the user is at work (a key, a click, a scroll), so its idle lock holds off. Main
 * decides when to lock; the page only reports. Returns the function that stops reporting.
 */
export function reportActivity(): () => void {
  let lastReport = -Infinity;
  const onActivity = () => {
    const now = performance.now();
    if (now - lastReport < REPORT_EVERY_MS) return;
    lastReport = now;
    void window.api['session.activity']();
  };
  for (const event of ACTIVITY_EVENTS) window.addEventListener(event, onActivity, { passive: true });
  return () => ACTIVITY_EVENTS.forEach((event) => window.removeEventListener(event, onActivity));
}

/**
 * Tells main which patient's view is shown (null: none), so main can measure the time spent on
 * each patient. Main does the measuring; the page only says what it shows.
 */
export function reportViewing(): () => void {
  const patientOf = (view: View | null) => (view?.screen === 'patient' ? view.patientId : null);
  // Said at the start too: after the page reloads, main must not go on counting the patient it
  // showed before.
  void window.api['session.viewing']({ patientId: patientOf(useNavigation.getState().view) });
  return useNavigation.subscribe((next, previous) => {
    const patientId = patientOf(next.view);
    if (patientId !== patientOf(previous.view)) void window.api['session.viewing']({ patientId });
  });
}
