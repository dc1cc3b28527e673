import { useFocusOnMount } from "../lib/useFocusOnMount";
import { selectActions, useAppStore } from "../store";

/** Shown when history (back, forward, reload) leads into a session that has ended. */
export function InvalidatedScreen() {
  const { backToStart } = useAppStore(selectActions);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <main className="ended">
      <div className="card">
        <h1 ref={heading} tabIndex={-1}>
          Session invalidated
        </h1>
        <p>
          This page belonged to a chat session that has ended. Sanctuary keeps nothing once a session is over,
          so there is nothing to go back to.
        </p>
        <button type="button" className="primary" onClick={backToStart}>
          Back to start
        </button>
      </div>
    </main>
  );
}
