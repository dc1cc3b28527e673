/**
 * The one place the SDK reads the time (message stamps and their freshness check), so a
 * test can move every client's clock at once without moving the transport's timers.
 */
export function clockNow(): number {
  return Date.now();
}
