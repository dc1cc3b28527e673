import type { ChatMessage } from "@sanctuary/client";
import type { FeedItem, Notice, RoomMessage } from "./types";

/** Only the newest messages stay in memory (and in the DOM). */
export const MESSAGE_CAP = 500;

export function appendCapped(items: readonly FeedItem[], item: FeedItem): readonly FeedItem[] {
  const next = items.length >= MESSAGE_CAP ? items.slice(items.length - MESSAGE_CAP + 1) : items.slice();
  next.push(item);
  return next;
}

let noticeSeq = 0;

export function notice(text: string, ts: number = Date.now()): Notice {
  noticeSeq += 1;
  return { kind: "notice", id: `notice-${noticeSeq}`, ts, text };
}

/** A local explanation of a command that was not run or was refused; never sent. */
export function hint(text: string): Notice {
  return { ...notice(text), tone: "hint" };
}

/** A local answer to a command (/who, /help, /clear); never sent. */
export function localNotice(text: string, lines?: readonly string[]): Notice {
  return { ...notice(text), tone: "local", ...(lines ? { lines } : {}) };
}

export function isNotice(item: FeedItem): item is Notice {
  return item.kind === "notice";
}

let localSeq = 0;

/**
 * One of ours, shown the moment it is sent and marked `sending` until the server's
 * acknowledgement; a local ID and the local clock until then.
 */
export function pendingMessage(
  you: { id: string; alias: string },
  kind: "msg" | "whisper",
  text: string,
  to?: { id: string; alias: string },
  status: "queued" | "sending" = "sending",
): RoomMessage {
  localSeq += 1;
  const message: RoomMessage = {
    id: `local-${localSeq}`,
    kind,
    from: { id: you.id, alias: you.alias },
    ts: Date.now(),
    text,
    mine: true,
    status,
  };
  if (to) {
    message.to = to.id;
    message.toAlias = to.alias;
  }
  return message;
}

/**
 * The server acknowledged one of ours: the oldest matching `sending` item becomes the
 * delivered message, in place (acks come back in the order things were sent). With no
 * such item (the screen was cleared meanwhile) it is added at the end.
 */
export function settle(items: readonly FeedItem[], sent: ChatMessage): readonly FeedItem[] {
  const at = items.findIndex(
    (item) =>
      !isNotice(item) &&
      item.status === "sending" &&
      item.kind === sent.kind &&
      item.to === sent.to &&
      item.text === sent.text,
  );
  const pending = at === -1 ? undefined : (items[at] as RoomMessage);
  const delivered: RoomMessage = {
    ...sent,
    ...(pending?.toAlias !== undefined ? { toAlias: pending.toAlias } : {}),
    status: "delivered",
  };
  if (at === -1) return appendCapped(items, delivered);
  const next = items.slice();
  next[at] = delivered;
  return next;
}

/** The same log with one of our messages in another state (outbox, F27). */
export function withStatus(
  items: readonly FeedItem[],
  id: string,
  status: "queued" | "sending",
): readonly FeedItem[] {
  return items.map((item) => (item.id === id && !isNotice(item) ? { ...item, status } : item));
}

export function withoutItem(items: readonly FeedItem[], id: string): readonly FeedItem[] {
  return items.filter((item) => item.id !== id);
}
