import { EndCard } from "./EndedScreen";

/** Shown when history (back, forward, reload) leads into a session that has ended. */
export function InvalidatedScreen() {
  return (
    <EndCard heading="Session invalidated">
      <p>
        This page belonged to a chat session that has ended. Sanctuary keeps nothing once a session is over,
        so there is nothing to go back to.
      </p>
    </EndCard>
  );
}
