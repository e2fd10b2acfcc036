/** A refused admin call, announced to screen readers. */
export function Problem({ text }: { text: string | null }) {
  return text ? (
    <p className="error-message" role="alert">
      {text}
    </p>
  ) : null;
}
