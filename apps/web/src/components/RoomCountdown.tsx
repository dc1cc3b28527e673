import "../styles/connection.css";
import { useEffect, useState } from "react";
import { selectRoom, useAppStore } from "../store";

/** "14:59", "1:05:00": what is left of a room's life, never below zero. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}

/**
 * The room's self-destruct countdown (F10), from `expiresAt` in the store, ticking
 * every second. The server ends the room on time whatever this shows.
 */
export function RoomCountdown() {
  const expiresAt = useAppStore(selectRoom)?.expiresAt;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (expiresAt === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [expiresAt]);
  if (expiresAt === undefined) return null;
  const left = expiresAt - now;
  return (
    <span className={left < 60_000 ? "room-countdown soon" : "room-countdown"} role="timer">
      Self-destructs in {formatCountdown(left)}
    </span>
  );
}
