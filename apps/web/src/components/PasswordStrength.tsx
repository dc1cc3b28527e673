import { useEffect, useState } from "react";
import { estimateStrength, type Strength } from "../lib/passwordStrength";

const LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"] as const;

/**
 * The strength meter under the create form's password (F32): a bar and one sentence,
 * announced to screen readers. Weak passwords are warned about, not refused.
 */
export function PasswordStrength({ password, id }: { password: string; id?: string }) {
  const [strength, setStrength] = useState<Strength | null>(null);

  useEffect(() => {
    if (password === "") {
      setStrength(null);
      return;
    }
    let live = true;
    estimateStrength(password).then(
      (s) => live && setStrength(s),
      () => live && setStrength(null),
    );
    return () => {
      live = false;
    };
  }, [password]);

  if (password === "") return <p id={id} className="strength" aria-live="polite" />;
  // The estimator loads on first use: hold the meter's place meanwhile, so the form
  // below (the Create button) does not move under a pointer when the verdict arrives.
  if (strength === null) {
    return (
      <div id={id} className="strength" aria-live="polite">
        <meter min={0} max={5} value={0} aria-hidden="true" />
        <p className="hint">Checking strength…</p>
      </div>
    );
  }
  const weak = strength.score < 2;
  return (
    <div id={id} className={`strength strength-${strength.score}`} aria-live="polite">
      <meter
        // One step above the score, so "very weak" shows as a red sliver, not an empty bar.
        min={0}
        max={5}
        low={2.5}
        high={3.5}
        optimum={5}
        value={strength.score + 1}
        aria-label="Password strength"
      >
        {LABELS[strength.score]}
      </meter>
      <p className={weak ? "strength-warning" : "hint"}>{strength.message}</p>
    </div>
  );
}
