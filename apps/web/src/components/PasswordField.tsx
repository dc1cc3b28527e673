import { useId } from "react";

interface PasswordFieldProps {
  value: string;
  shown: boolean;
  onChange: (value: string) => void;
  onToggle: () => void;
}

/** The room password with a show/hide toggle; nothing offers to save it. */
export function PasswordField({ value, shown, onChange, onToggle }: PasswordFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Password</label>
      <div className="input-row">
        <input
          id={id}
          type={shown ? "text" : "password"}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          onInput={(e) => onChange(e.currentTarget.value)}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          className={shown ? "mono" : undefined}
        />
        <button type="button" className="secondary" onClick={onToggle} aria-controls={id}>
          {shown ? "Hide" : "Show"}
          <span className="sr-only"> password</span>
        </button>
      </div>
    </div>
  );
}
