import type { ReactNode } from 'react';

/** A reason the team lead states: one from a fixed list, and words only for "other". */
export interface StatedReason<R extends string> {
  reason: R | null;
  reasonText: string;
}

/** Whether the reason is complete: chosen, and said in words when it is "other". */
export const reasonComplete = <R extends string>({ reason, reasonText }: StatedReason<R>) =>
  reason !== null && (reason !== 'other' || reasonText.trim().length > 0);

/** The request's fields for a stated reason: the free text goes with "other" only. */
export const reasonFields = <R extends string>({ reason, reasonText }: StatedReason<R>) => ({
  reason: reason!,
  ...(reason === 'other' ? { reasonText } : {}),
});

interface ReasonChoiceProps<R extends string> {
  /** The radio group's name, unique on the page. */
  name: string;
  legend: string;
  options: readonly R[];
  labelOf: (option: R) => string;
  value: StatedReason<R>;
  onChange: (value: StatedReason<R>) => void;
  textLabel: string;
  maxLength: number;
  /** Under the free text, e.g. who will read it. */
  textHint?: ReactNode;
}

/** Radio buttons for the fixed reasons, and a text field once "other" is chosen. */
export function ReasonChoice<R extends string>(props: ReasonChoiceProps<R>) {
  const { name, legend, options, labelOf, value, onChange, textLabel, maxLength, textHint } = props;
  return (
    <>
      <fieldset>
        <legend>{legend}</legend>
        {options.map((option) => (
          <label key={option} className="team-choice">
            <input
              type="radio"
              name={name}
              value={option}
              checked={value.reason === option}
              onChange={() => onChange({ ...value, reason: option })}
            />
            {labelOf(option)}
          </label>
        ))}
      </fieldset>
      {value.reason === 'other' && (
        <label className="team-field">
          {textLabel}
          <textarea
            value={value.reasonText}
            maxLength={maxLength}
            required
            rows={2}
            onChange={(event) => onChange({ ...value, reasonText: event.target.value })}
          />
          {textHint && <span className="muted">{textHint}</span>}
        </label>
      )}
    </>
  );
}
