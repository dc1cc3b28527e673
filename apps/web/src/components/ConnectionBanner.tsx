import "../styles/connection.css";
import { useEffect, useState } from "react";
import { spoken } from "../lib/duration";
import { selectConnection, selectReconnectingSince, useAppStore } from "../store";

/**
 * Shown while the network is gone and the SDK is getting back into the room (F17, F26):
 * how long it has been trying, and that it keeps trying while the page is open.
 */
export function ConnectionBanner() {
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
