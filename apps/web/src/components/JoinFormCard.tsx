import type { FormEvent, ReactNode } from "react";
import { selectJoiningForm, useAppStore } from "../store";
import type { FormName } from "../store/types";
import { FormError } from "./FormError";
import { JoinProgress } from "./JoinProgress";

interface JoinFormCardProps {
  form: FormName;
  title: string;
  submitLabel: string;
  /** The store action that validates the form and starts the join. */
  onSubmit: () => Promise<void>;
  children: ReactNode;
}

/**
 * The frame both home-screen forms share: heading, fields, the form's error and join
 * progress, and a submit button that is off while any join is in flight.
 */
export function JoinFormCard({ form, title, submitLabel, onSubmit, children }: JoinFormCardProps) {
  const busy = useAppStore(selectJoiningForm) !== null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit();
  };
  return (
    <form aria-label={title} className="card" onSubmit={submit} noValidate>
      <h2>{title}</h2>
      {children}
      <FormError form={form} />
      <JoinProgress form={form} />
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
