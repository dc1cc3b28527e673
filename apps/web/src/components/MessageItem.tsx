import type { ChatMessage } from "@sanctuary/client";
import { shortTime } from "./time";

interface MessageItemProps {
  message: ChatMessage;
  /** For a whisper: who it went to ("you" or an alias). */
  toLabel?: string | undefined;
}

/** One message. The text is shown as plain text (React escapes it); formatting comes later. */
export function MessageItem({ message, toLabel }: MessageItemProps) {
  const classes = ["message"];
  if (message.mine) classes.push("mine");
  if (message.kind === "whisper") classes.push("whisper");
  return (
    <li className={classes.join(" ")}>
      <div className="message-meta">
        <span className="message-from">{message.from.alias}</span>
        {message.kind === "whisper" && (
          <span className="message-whisper"> whispered{toLabel ? ` to ${toLabel}` : ""}</span>
        )}{" "}
        <time dateTime={new Date(message.ts).toISOString()}>{shortTime(message.ts)}</time>
      </div>
      <p className="message-text">{message.text}</p>
    </li>
  );
}
