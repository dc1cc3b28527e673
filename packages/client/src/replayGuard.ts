import type { Stamp } from "./body.js";
import { clockNow } from "./clock.js";
import { toBase64url } from "./encoding.js";
import { randomBytes } from "./random.js";
import type { DropReason } from "./types.js";

/**
 * Replay checks on message stamps (docs/design.md Crypto step 4, F25). The MAC binds an
 * envelope to its room, kind and sender alias; the stamp inside the ciphertext binds it
 * to one sending, so a server that shows a captured envelope again (twice, an hour
 * later, under another member's ID) is caught here.
 */

/**
 * How far two clocks may disagree: the sender's `sent` and the server's `ts`, and the
 * server's `ts` and this client's clock. Two minutes covers phones and laptops whose
 * clocks are set by the network; a device set by hand further off than that has its
 * messages dropped as `stale` (and the UI says why).
 */
export const CLOCK_SKEW_MS = 2 * 60_000;
/**
 * A farewell has no server time, so its `sent` is compared with this client's clock
 * directly, with the tolerance a message has end to end (sender → server → receiver).
 */
const FAREWELL_SKEW_MS = 2 * CLOCK_SKEW_MS;
/**
 * Message IDs remembered at most. An ID is kept for as long as its message could still
 * pass the time check (at most 4 × CLOCK_SKEW_MS); this cap only bounds memory against
 * a flood, evicting the oldest first. Reaching it takes that many genuine messages
 * from members within those minutes, far above what the server's rate limits relay.
 */
export const SEEN_IDS_MAX = 10_000;
const MID_BYTES = 16;

/** A fresh stamp for a message this member is about to seal. */
export function newStamp(from: string): Stamp {
  return { mid: toBase64url(randomBytes(MID_BYTES)), sent: clockNow(), from };
}

export class ReplayGuard {
  /** Message ID → when it may be forgotten (this client's clock); insertion order ≈ age. */
  private readonly seen = new Map<string, number>();

  /**
   * Whether a message that opened may be shown: undefined when it may (its ID is then
   * remembered), otherwise why not. `fromId` is the member the server says sent it;
   * `serverTs` the server's time for it (none for a farewell).
   */
  admit(stamp: Stamp | undefined, fromId: string, serverTs: number | undefined): DropReason | undefined {
    if (!stamp) return "outdated";
    if (stamp.from !== fromId) return "wrong-sender";
    if (!this.fresh(stamp.sent, serverTs)) return "stale";
    if (this.seen.has(stamp.mid)) return "repeat";
    this.remember(stamp);
    return undefined;
  }

  /** Remembers a stamp this member sealed, so the server cannot show it back to it. */
  remember(stamp: Stamp): void {
    const now = clockNow();
    this.forgetExpired(now);
    // A replay passes the time check only while now ≤ sent + FAREWELL_SKEW_MS.
    this.seen.set(stamp.mid, Math.max(now, stamp.sent) + FAREWELL_SKEW_MS);
    while (this.seen.size > SEEN_IDS_MAX) this.seen.delete(this.seen.keys().next().value as string);
  }

  private fresh(sent: number, serverTs: number | undefined): boolean {
    const now = clockNow();
    if (serverTs === undefined) return Math.abs(sent - now) <= FAREWELL_SKEW_MS;
    // Both, because the server chooses `ts`: it cannot make an old message look new
    // without `ts` then being far from this client's own clock.
    return Math.abs(sent - serverTs) <= CLOCK_SKEW_MS && Math.abs(serverTs - now) <= CLOCK_SKEW_MS;
  }

  /** Drops expired IDs from the oldest end; one out of order waits its turn (the cap bounds it). */
  private forgetExpired(now: number): void {
    for (const [mid, until] of this.seen) {
      if (until >= now) return;
      this.seen.delete(mid);
    }
  }
}
