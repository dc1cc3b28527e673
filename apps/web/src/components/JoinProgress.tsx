import type { JoinPhase } from "@sanctuary/client";
import { selectJoiningForm, selectPhase, useAppStore } from "../store";
import type { FormName } from "../store/types";
import { KnockWaiting } from "./KnockWaiting";

const PHASE_LABELS: Readonly<Record<JoinPhase, string>> = {
  "looking-up": "Looking up room…",
  "deriving-key": "Deriving key…",
  connecting: "Connecting…",
  knocking: "Waiting for the owner to let you in…",
};

/** What a join in flight from this form is doing (key derivation takes a moment). */
export function JoinProgress({ form }: { form: FormName }) {
  const joiningForm = useAppStore(selectJoiningForm);
  const phase = useAppStore(selectPhase);
  if (joiningForm !== form || phase === null) return null;
  if (phase === "knocking") return <KnockWaiting />;
  return (
    <p role="status" className="progress">
      <span className="spinner" aria-hidden="true" />
      {PHASE_LABELS[phase]}
    </p>
  );
}
