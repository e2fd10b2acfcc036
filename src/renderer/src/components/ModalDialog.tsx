import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the native <dialog>: the browser keeps focus inside it, closes it on Escape
 * and makes the page behind it inert. Focus goes back where it was when the dialog closes, unless
 * the caller moves it on purpose (`onClose` runs first).
 */
export function ModalDialog({
  title,
  onClose,
  children,
  className,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    return () => {
      dialog.close();
      // Only when the caller has not already moved focus somewhere on purpose.
      if (returnTo?.isConnected && (document.activeElement === document.body || !document.activeElement)) {
        returnTo.focus();
      }
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal-dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      // Escape closes the dialog only, not the screen behind it (the patient view goes back on it).
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.stopPropagation();
      }}
      onCancel={(event) => {
        // Escape: React unmounts the dialog, the effect closes it.
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
