import "../styles/connection.css";
import { selectConnection, useAppStore } from "../store";

/**
 * Shown while the network is gone and the SDK is taking the seat back (F17): nothing
 * can be sent meanwhile, and what others say in the gap will not be shown later.
 */
export function ConnectionBanner() {
  const connection = useAppStore(selectConnection);
  if (connection !== "reconnecting") return null;
  return (
    <p className="connection-banner" role="status">
      Reconnecting…{" "}
      <span className="hint">
        Your seat is held for a short while; messages sent meanwhile will not be shown.
      </span>
    </p>
  );
}
