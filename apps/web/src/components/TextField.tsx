import { type InputHTMLAttributes, type Ref, useId } from "react";

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value"> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled text input: the visible <label> is its accessible name. */
export function TextField({ label, value, onChange, inputRef, ...rest }: TextFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="text"
        value={value}
        // onInput as well: a value set by script (some automation drivers) fires
        // "input" without React's onChange noticing; both just copy the value.
        onChange={(e) => onChange(e.currentTarget.value)}
        onInput={(e) => onChange(e.currentTarget.value)}
        autoComplete="off"
        spellCheck={false}
        {...rest}
      />
    </div>
  );
}
