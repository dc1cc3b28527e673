import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { mentions } from "../commands/mention";
import { selectMembers, selectMessages, selectRoom, selectTransfers, useAppStore } from "../store";
import { isNotice } from "../store/feed";
import type { TransferView } from "../store/types";
import { FileCards } from "./FileCards";
import { placeFileCards } from "./fileCardPlaces";
import { MessageItem } from "./MessageItem";
import { continues, countAfter } from "./messageGroups";
import { NoticeItem } from "./NoticeItem";
import { dayKey, dayLabel } from "./time";
import { useLeftOff } from "./useLeftOff";

/** Pixels from the bottom within which the log keeps following new messages. */
const STICK_PX = 64;

/**
 * The conversation, newest last; follows new messages unless scrolled up, and then
 * offers "New messages ↓ (N)" to jump down (F41). Sending always scrolls to your
 * message. A "New" line marks where you left off when the tab was last hidden. Files
 * show as cards under the message they were sent with, or alone at their time (F44).
 */
export function MessageList() {
  const messages = useAppStore(selectMessages);
  const youId = useAppStore(selectRoom)?.youId;
  const members = useAppStore(selectMembers);
  const transfers = useAppStore(selectTransfers);
  const yourAlias = members.find((m) => m.id === youId)?.alias ?? "";
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const lastTop = useRef(0);
  const lastId = useRef<string | null>(null);
  const lastCardId = useRef<string | null>(null);
  // The last item seen while at the bottom; null while following.
  const [seenUpTo, setSeenUpTo] = useState<string | null>(null);
  const leftOff = useLeftOff(messages);
  const newest = messages[messages.length - 1];

  const toBottom = () => {
    const el = scroller.current;
    stick.current = true;
    setSeenUpTo(null);
    if (el) el.scrollTop = el.scrollHeight;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run whenever a message arrives
  useLayoutEffect(() => {
    const el = scroller.current;
    const added = newest && newest.id !== lastId.current;
    lastId.current = newest?.id ?? null;
    // One of yours just sent: show it, wherever the reader was.
    if (added && !isNotice(newest) && newest.mine && newest.status === "sending") toBottom();
    else if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

  // A file card added or changed (progress ending, a preview) moves the bottom too; one
  // of yours just sent is shown like your message.
  const lastCard = transfers[transfers.length - 1];
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run whenever a card changes
  useLayoutEffect(() => {
    const el = scroller.current;
    if (lastCard && lastCard.direction === "out" && lastCard.id !== lastCardId.current) toBottom();
    else if (el && stick.current) el.scrollTop = el.scrollHeight;
    lastCardId.current = lastCard?.id ?? null;
  }, [transfers]);

  // Sizes also change with no new message: the log shrinks when the composer grows
  // (preview, a long draft, the phone keyboard) and a message grows when its image has
  // been decoded. Keep the newest message in view then too.
  useEffect(() => {
    const el = scroller.current;
    const content = list.current;
    if (!el || !content || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    observer.observe(content);
    return () => observer.disconnect();
  }, []);

  // Only the reader scrolling up lets go of the bottom. A scroll event can arrive after
  // content grew (an image decoded after the jump to the bottom), so "far from the
  // bottom" alone would let go by mistake.
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX) {
      stick.current = true;
      setSeenUpTo(null);
    } else if (el.scrollTop < lastTop.current && stick.current) {
      stick.current = false;
      setSeenUpTo(lastId.current);
    }
    lastTop.current = el.scrollTop;
  };

  const unseen = seenUpTo === null ? 0 : countAfter(messages, seenUpTo);

  const cards = placeFileCards(messages, transfers);
  let nextLoose = 0;
  /** The standalone cards older than `ts`, each a line of its own. */
  const looseUntil = (ts: number) => {
    const lines = [];
    for (let t = cards.loose[nextLoose]; t && t.ts <= ts; t = cards.loose[++nextLoose]) {
      lines.push(looseLine(t));
    }
    return lines;
  };

  // Each line's day, worked out once per line, compared with the line before it.
  let previousDay: string | undefined;
  let previous: (typeof messages)[number] | undefined;
  return (
    <div className="messages-frame">
      <div className="messages" ref={scroller} onScroll={onScroll}>
        <p className="intro">
          Messages are end-to-end encrypted and kept only in the open pages. When everyone has left, the room
          and everything said in it are gone.
        </p>
        {/* The live region wraps the list (role="log" on the <ol> itself would take away
            its list semantics). Additions only: "sending" turning "delivered" is not news. */}
        <div role="log" aria-label="Messages" aria-live="polite" aria-relevant="additions">
          <ol ref={list} className="message-list">
            {messages.flatMap((item) => {
              const lines = looseUntil(item.ts);
              // A card standing between two messages ends the group.
              if (lines.length > 0) previous = undefined;
              const day = dayKey(item.ts);
              const sameDay = day === previousDay;
              const marker = leftOff !== null && previous?.id === leftOff;
              const grouped = sameDay && !marker && continues(previous, item);
              previousDay = day;
              previous = item;
              if (!sameDay) {
                // A day separator before the first line of each day.
                lines.push(
                  <li key={`day-${day}-${item.id}`} className="day-separator">
                    <span>{dayLabel(item.ts)}</span>
                  </li>,
                );
              }
              if (marker) {
                lines.push(
                  <li key="unread-marker" className="unread-marker">
                    New
                  </li>,
                );
              }
              lines.push(
                isNotice(item) ? (
                  <NoticeItem key={item.id} notice={item} />
                ) : (
                  <MessageItem
                    key={item.id}
                    message={item}
                    grouped={grouped}
                    mentionsYou={!item.mine && mentions(item.text, yourAlias)}
                  />
                ),
              );
              const files = cards.under.get(item.id);
              if (files && !isNotice(item)) {
                lines.push(<FileCards key={`files-${item.id}`} cards={files} mine={item.mine} attached />);
              }
              return lines;
            })}
            {looseUntil(Number.POSITIVE_INFINITY)}
          </ol>
        </div>
      </div>
      {unseen > 0 && (
        <button type="button" className="new-messages primary" onClick={toBottom}>
          New messages ↓ ({unseen})
        </button>
      )}
    </div>
  );
}

/** A file with no message to go under, on its own line. */
function looseLine(t: TransferView) {
  return <FileCards key={`files-${t.id}`} cards={[t]} mine={t.direction === "out"} attached={false} />;
}
