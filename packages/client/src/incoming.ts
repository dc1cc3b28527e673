import type { Envelope, IncomingMessage, IncomingWhisper, Member, Sender } from "@sanctuary/protocol";
import type { Stamp } from "./body.js";
import { ReplayGuard } from "./replayGuard.js";
import type { RoomCipher } from "./roomCipher.js";
import type { Roster } from "./roster.js";
import type { ChatMessage, DroppedEvent, DropReason } from "./types.js";

/** An incoming message, opened: what to show, or what to report as dropped. */
export type Opened = { message: ChatMessage } | { dropped: DroppedEvent };

/**
 * Everything that arrives with a sender goes through here before the UI sees it
 * (docs/design.md Crypto step 4, F25): the sender must be a current member under the
 * alias the server gives (the roster), the envelope must verify and open (the cipher),
 * and its stamp must name that member, be fresh and be new (the replay guard). What
 * fails is reported as `dropped` with the reason, never shown.
 */
export class IncomingGate {
  private readonly guard = new ReplayGuard();

  constructor(
    private readonly cipher: RoomCipher,
    private readonly roster: Roster,
  ) {}

  /** Remembers the stamp of something this member sent, so it is never shown to it again. */
  sent(stamp: Stamp): void {
    this.guard.remember(stamp);
  }

  /** A room message as the UI shows it, or why it is dropped. */
  message(msg: IncomingMessage): Opened {
    const from = senderOf(msg.from);
    if (!this.isMember(from)) return dropped(from, "msg", "not-member");
    const opened = this.cipher.openText("msg", msg.env, from.alias);
    if (!opened) return dropped(from, "msg");
    const problem = this.guard.admit(opened.stamp, from.id, msg.ts);
    if (problem) return dropped(from, "msg", problem);
    return { message: { id: msg.id, kind: "msg", from, ts: msg.ts, text: opened.text, mine: false } };
  }

  /** A whisper to this member (`toAlias`) as the UI shows it, or why it is dropped. */
  whisper(msg: IncomingWhisper, toAlias: string): Opened {
    const from = senderOf(msg.from);
    if (!this.isMember(from)) return dropped(from, "whisper", "not-member");
    const opened = this.cipher.openWhisper(msg.env, from.alias, toAlias);
    if ("failure" in opened) return dropped(from, "whisper", opened.failure);
    const problem = this.guard.admit(opened.stamp, from.id, msg.ts);
    if (problem) return dropped(from, "whisper", problem);
    const { id, to, ts } = msg;
    return { message: { id, kind: "whisper", from, to, ts, text: opened.text, mine: false } };
  }

  /**
   * The farewell of `member`, who has just left (the server's `member:left` names a
   * member, so it is one): its text, or why it is dropped. It has no server time, so
   * its freshness is judged by this client's clock.
   */
  farewell(member: Member, env: Envelope): { text: string } | { dropped: DroppedEvent } {
    const from = senderOf(member);
    const opened = this.cipher.openText("farewell", env, member.alias);
    if (!opened) return dropped(from, "farewell");
    const problem = this.guard.admit(opened.stamp, member.id, undefined);
    if (problem) return dropped(from, "farewell", problem);
    return { text: opened.text };
  }

  /** The server's `from` names a current member, under that member's alias. */
  private isMember(from: Sender): boolean {
    const member = this.roster.byIdOf(from.id);
    return member !== undefined && member.alias === from.alias;
  }
}

function senderOf(from: Sender): Sender {
  return { id: from.id, alias: from.alias };
}

function dropped(from: Sender, kind: DroppedEvent["kind"], reason?: DropReason): { dropped: DroppedEvent } {
  return { dropped: { from, kind, ...(reason !== undefined ? { reason } : {}) } };
}
