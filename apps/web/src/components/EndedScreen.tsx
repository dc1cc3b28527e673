import type { SessionEndReason } from "@sanctuary/client";
import type { ReactNode } from "react";
import { useFocusOnMount } from "../lib/useFocusOnMount";
import { selectEnded, selectJoinActions, useAppStore } from "../store";
import { bannedFor } from "../store/describeError";
import type { EndedInfo } from "../store/types";

const HEADINGS: Readonly<Record<SessionEndReason, string>> = {
  left: "You left the room",
  kicked: "You were removed from the room",
  purged: "The room was purged",
  expired: "The room expired",
  shutdown: "The server went away",
  disconnected: "Connection lost",
  "room-gone": "The room is gone",
  "rejoin-refused": "You could not get back in",
};

/** Why the room would not take a member back after a long outage (F26, F34). */
function refusal(code: string | undefined, retryAfterMs: number | undefined): string {
  switch (code) {
    case "KNOCK_REFUSED":
      return "The room was closed to newcomers when you came back, so you knocked, and the owner did not let you back in.";
    case "KNOCK_EXPIRED":
      return "The room was closed to newcomers when you came back, so you knocked, but nobody let you in before the knock expired.";
    case "LOCKED":
      return "While you were away the room was locked, so it admits nobody new, and after that long you count as new.";
    case "BANNED":
      // The person removed while away: the bar's time left (F21).
      if (retryAfterMs !== undefined) return bannedFor(retryAfterMs);
      return "Your network address is barred from this room for now: you, or someone sharing your connection, was removed while you were away.";
    default:
      return "The room refused to take you back after the outage.";
  }
}

function detail(reason: SessionEndReason, ended: EndedInfo | null): string {
  const by = ended?.by;
  switch (reason) {
    case "kicked":
      return by
        ? `Removed by ${by}. You cannot rejoin this room for a while.`
        : "The owner removed you. You cannot rejoin this room for a while.";
    case "purged":
      return by
        ? `Purged by ${by}: everyone was sent out and the room no longer exists.`
        : "The owner ended it for everyone; the room no longer exists.";
    case "expired":
      return "Its self-destruct timer ran out.";
    case "shutdown":
      return "The server is shutting down; the room is gone with it.";
    case "disconnected":
      return "The connection was closed and could not be resumed.";
    case "room-gone":
      return "The connection dropped, and when it came back the room no longer existed (it was purged, expired, or the server restarted).";
    case "rejoin-refused":
      return refusal(ended?.code, ended?.retryAfterMs);
    default:
      return "Your session has ended.";
  }
}

/** Why the session is over. Nothing of the conversation is kept. */
export function EndedScreen() {
  const ended = useAppStore(selectEnded);
  const reason = ended?.reason ?? "left";
  return (
    <EndCard heading={HEADINGS[reason]}>
      <p>{detail(reason, ended)}</p>
      <p className="hint">The messages and keys of this session have been discarded from this page.</p>
    </EndCard>
  );
}

/**
 * The frame of the screens after a session: a heading that takes the focus, what
 * happened, and the way back to the forms.
 */
export function EndCard({ heading, children }: { heading: string; children: ReactNode }) {
  const { backToStart } = useAppStore(selectJoinActions);
  const title = useFocusOnMount<HTMLHeadingElement>();
  return (
    <main className="ended">
      <div className="card">
        <h1 ref={title} tabIndex={-1}>
          {heading}
        </h1>
        {children}
        <button type="button" className="primary" onClick={backToStart}>
          Back to start
        </button>
      </div>
    </main>
  );
}
