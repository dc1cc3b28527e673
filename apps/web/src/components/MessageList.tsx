import { useEffect, useLayoutEffect, useRef } from "react";
import { selectMessages, useAppStore } from "../store";
import { isNotice } from "../store/feed";
import { MessageItem } from "./MessageItem";
import { NoticeItem } from "./NoticeItem";
import { dayKey, dayLabel } from "./time";

/** Pixels from the bottom within which the log keeps following new messages. */
const STICK_PX = 64;

/** The conversation, newest last; follows new messages unless scrolled up. */
export function MessageList() {
  const messages = useAppStore(selectMessages);
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const lastTop = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run whenever a message arrives
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

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
    if (el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX) stick.current = true;
    else if (el.scrollTop < lastTop.current) stick.current = false;
    lastTop.current = el.scrollTop;
  };

  // Each line's day, worked out once per line, compared with the line before it.
  let previousDay: string | undefined;
  return (
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
            const day = dayKey(item.ts);
            const sameDay = day === previousDay;
            previousDay = day;
            const line = isNotice(item) ? (
              <NoticeItem key={item.id} notice={item} />
            ) : (
              <MessageItem key={item.id} message={item} />
            );
            if (sameDay) return [line];
            // A day separator before the first line of each day.
            return [
              <li key={`day-${day}-${item.id}`} className="day-separator">
                <span>{dayLabel(item.ts)}</span>
              </li>,
              line,
            ];
          })}
        </ol>
      </div>
    </div>
  );
}
