import { useEffect, useRef, useState } from "react";
import "../styles/knock.css";
import { useAppStore } from "../store";
import { selectKnockActions, selectKnockWait } from "../store/knockSlice";

/**
 * The joiner's side of a knock (F34): the owner has been asked; this says so, counts
 * down the minute the knock waits, and offers Cancel. Shown in place of the join
 * progress while the phase is "knocking".
 */
export function KnockWaiting() {
  const wait = useAppStore(selectKnockWait);
  const { cancelKnock } = useAppStore(selectKnockActions);
  const left = useSecondsLeft(wait?.until ?? null);
  const box = useRef<HTMLDivElement>(null);
  // On a phone the form is taller than the screen: the wait and its Cancel must show.
  const asked = wait !== null;
  useEffect(() => {
    if (asked) box.current?.scrollIntoView?.({ block: "center" });
  }, [asked]);
  return (
    <div className="knock-wait" role="status" ref={box}>
      <p className="progress">
        <span className="spinner" aria-hidden="true" />
        Waiting for the owner to let you in…
      </p>
      <p className="hint">
        The room is closed to newcomers right now, so its owner decides.
        {left !== null ? ` The knock waits ${left} more seconds.` : ""}
      </p>
      <button type="button" className="secondary" onClick={cancelKnock}>
        Cancel
      </button>
    </div>
  );
}

/** Whole seconds until `until` (this page's clock), ticking; null while there is none. */
export function useSecondsLeft(until: number | null): number | null {
  // Only a tick: the time itself is read at each render, so the first one is right too.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, [until]);
  if (until === null) return null;
  return Math.max(0, Math.ceil((until - Date.now()) / 1000));
}
