import type { AppStore } from "../store/createAppStore";
import { isNotice } from "../store/feed";
import type { FeedItem } from "../store/types";
import { notifyNewMessage } from "./notifications";
import { playTone } from "./tone";

const BASE_TITLE = "Sanctuary";

/** "(3) Sanctuary" while 3 messages came in unseen; the plain title otherwise. */
export function unreadTitle(unread: number): string {
  return unread > 0 ? `(${unread}) ${BASE_TITLE}` : BASE_TITLE;
}

/** Messages from others in `next` that were not in `prev` (the log only ever appends). */
function arrivals(prev: readonly FeedItem[], next: readonly FeedItem[]): number {
  if (next === prev) return 0;
  const seen = new Set(prev.map((item) => item.id));
  let n = 0;
  for (const item of next) if (!seen.has(item.id) && !isNotice(item) && !item.mine) n += 1;
  return n;
}

/**
 * While the tab is hidden, counts messages from others in the title and, when the
 * sound is on, chimes; with notifications on (F40), shows one without the message's
 * content. Showing the tab again clears the count. Nothing is stored.
 * Returns a function that stops watching.
 */
export function installAttention(store: AppStore, doc: Document = document): () => void {
  let unread = 0;
  const show = () => {
    doc.title = unreadTitle(unread);
  };
  const unsubscribe = store.subscribe((state, prev) => {
    if (state.session === null) {
      if (unread !== 0) {
        unread = 0;
        show();
      }
      return;
    }
    if (doc.visibilityState !== "hidden" || state.session !== prev.session) return;
    const n = arrivals(prev.messages, state.messages);
    if (n === 0) return;
    unread += n;
    show();
    if (state.sound) playTone();
    notifyNewMessage();
  });
  const onVisibility = () => {
    if (doc.visibilityState === "visible" && unread !== 0) {
      unread = 0;
      show();
    }
  };
  doc.addEventListener("visibilitychange", onVisibility);
  return () => {
    unsubscribe();
    doc.removeEventListener("visibilitychange", onVisibility);
  };
}
