import "../styles/connection.css";
import { useEffect, useState } from "react";
import { spoken } from "../lib/duration";
import { selectConnection, selectJoinActions, selectReconnectingSince, useAppStore } from "../store";
import { selectRejoinKnock } from "../store/knockSlice";
import { useSecondsLeft } from "./KnockWaiting";

/**
 * Shown while the network is gone and the SDK is getting back into the room (F17, F26):
 * how long it has been trying, and that it keeps trying while the page is open. When
 * getting back in takes a knock (F34), it says so instead.
 */
export function ConnectionBanner() {
  const knock = useAppStore(selectRejoinKnock);
  return knock ? <KnockingBack until={knock.until} /> : <Reconnecting />;
}

/**
 * Back after a long outage, into a room that was locked meanwhile (or from an address
 * group barred by someone else's kick): the owner must let this member back in. Cancel
 * gives up, which is leaving the room.
 */
function KnockingBack({ until }: { until: number }) {
  const { leave } = useAppStore(selectJoinActions);
  const left = useSecondsLeft(until);
  return (
    <div className="connection-banner knock-back" role="status">
      <p className="knock-back-title">Waiting for the owner to let you back in…</p>
      <p className="hint">
        You were away long enough to count as new, and the room is closed to newcomers right now, so you
        knocked.
        {left !== null ? <span aria-hidden="true">{` The knock waits ${left} more seconds.`}</span> : null}
      </p>
      <button type="button" className="secondary" onClick={() => void leave()}>
        Cancel and leave
      </button>
    </div>
  );
}

function Reconnecting() {
  const connection = useAppStore(selectConnection);
  const since = useAppStore(selectReconnectingSince);
  const [now, setNow] = useState(() => Date.now());
  const reconnecting = connection === "reconnecting";
  useEffect(() => {
    if (!reconnecting) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [reconnecting]);
  if (!reconnecting) return null;
  const tried = since === null ? "" : ` ${spoken(now - since)}`;
  return (
    <p className="connection-banner" role="status">
      {/* The count is for the eye; a live region re-read every second would be noise. */}
      <span className="connection-tried">
        Reconnecting…<span aria-hidden="true">{tried}</span>
      </span>{" "}
      <span className="hint">
        You get back in as soon as the network returns. Messages you send meanwhile wait here; what others say
        meanwhile will not be shown.
      </span>
    </p>
  );
}
