import type { FeedItem, Notice } from "./types";

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
