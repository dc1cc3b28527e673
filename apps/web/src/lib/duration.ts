/**
 * A length of time as people say it: "12 s", "1 min 20 s", "4 min", "1 h 5 min". Used
 * for "Reconnecting… 1 min 20 s" and "You were away 4 min" (F26). Seconds are dropped
 * from five minutes on, where they only add noise.
 */
export function spoken(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes >= 60) {
    const rest = minutes % 60;
    return rest ? `${Math.floor(minutes / 60)} h ${rest} min` : `${Math.floor(minutes / 60)} h`;
  }
  const rest = seconds % 60;
  return minutes >= 5 || rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
