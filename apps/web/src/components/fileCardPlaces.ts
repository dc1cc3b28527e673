import { isNotice } from "../store/feed";
import type { FeedItem, TransferView } from "../store/types";

/** Where each file card goes in the conversation (F44). */
export interface FileCardPlaces {
  /** Cards under the message they were sent with, by that message's ID. */
  under: ReadonlyMap<string, readonly TransferView[]>;
  /** Cards with no message to go under, oldest first, placed by their time. */
  loose: readonly TransferView[];
}

/**
 * Puts each card under the message its offer names (`ref`), but only a message of the
 * file's own sender (a sender could name anyone's message); the rest stand alone at
 * their time.
 */
export function placeFileCards(
  items: readonly FeedItem[],
  transfers: readonly TransferView[],
): FileCardPlaces {
  const senders = new Map<string, { mine: boolean; from: string }>();
  for (const item of items) {
    if (!isNotice(item)) senders.set(item.id, { mine: item.mine, from: item.from.id });
  }
  const under = new Map<string, TransferView[]>();
  const loose: TransferView[] = [];
  for (const t of transfers) {
    const message = t.ref === undefined ? undefined : senders.get(t.ref);
    const own =
      message && (t.direction === "out" ? message.mine : !message.mine && message.from === t.fromId);
    if (own && t.ref !== undefined) under.set(t.ref, [...(under.get(t.ref) ?? []), t]);
    else loose.push(t);
  }
  loose.sort((a, b) => a.ts - b.ts);
  return { under, loose };
}
