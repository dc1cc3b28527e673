import { useLayoutEffect, useRef } from "react";
import { selectMessages, useAppStore } from "../store";
import { isNotice } from "../store/feed";
import { MessageItem } from "./MessageItem";
import { NoticeItem } from "./NoticeItem";

/** Pixels from the bottom within which the log keeps following new messages. */
const STICK_PX = 64;

/** The conversation, newest last; follows new messages unless scrolled up. */
export function MessageList() {
  const messages = useAppStore(selectMessages);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run whenever a message arrives
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

  const onScroll = () => {
    const el = scroller.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
  };

  return (
    <div className="messages" ref={scroller} onScroll={onScroll}>
      <p className="intro">
        Messages are end-to-end encrypted and kept only in the open pages. When everyone has left, the room
        and everything said in it are gone.
      </p>
      <ol aria-label="Messages" role="log" aria-live="polite" className="message-list">
        {messages.map((item) =>
          isNotice(item) ? (
            <NoticeItem key={item.id} notice={item} />
          ) : (
            <MessageItem key={item.id} message={item} />
          ),
        )}
      </ol>
    </div>
  );
}
