import { useEffect, useState } from "react";

function remaining(expiresAt: number, now: number): string {
  const minutes = Math.max(0, Math.ceil((expiresAt - now) / 60_000));
  if (minutes >= 120) return `${Math.round(minutes / 60)} h`;
  return `${minutes} min`;
}

/** "Self-destructs in 14 min", refreshed every 15 seconds. */
export function ExpiryNote({ expiresAt }: { expiresAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return <span className="expiry">Self-destructs in {remaining(expiresAt, now)}</span>;
}
