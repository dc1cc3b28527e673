import { isNotice } from "../store/feed";
import type { FeedItem } from "../store/types";

/** Messages from one sender less than this far apart share one name and time (F41). */
export const GROUP_WINDOW_MS = 5 * 60_000;

/**
 * Whether `item` continues the message before it: same sender, both plain messages
 * (a whisper always shows whom it is to or from), less than `GROUP_WINDOW_MS` apart.
 */
export function continues(previous: FeedItem | undefined, item: FeedItem): boolean {
  if (!previous || isNotice(previous) || isNotice(item)) return false;
  return (
    previous.kind === "msg" &&
    item.kind === "msg" &&
    previous.from.id === item.from.id &&
    item.ts - previous.ts >= 0 &&
    item.ts - previous.ts < GROUP_WINDOW_MS
  );
}

/**
 * Messages from others after the item with `afterId` (all of them when that item is
 * gone from the log): what the "New messages" button counts.
 */
export function countAfter(items: readonly FeedItem[], afterId: string | null): number {
  const at = afterId === null ? -1 : items.findIndex((item) => item.id === afterId);
  let n = 0;
  for (let i = at + 1; i < items.length; i += 1) {
    const item = items[i];
    if (item && !isNotice(item) && !item.mine) n += 1;
  }
  return n;
}
