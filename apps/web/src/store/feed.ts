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

export function isNotice(item: FeedItem): item is Notice {
  return item.kind === "notice";
}
