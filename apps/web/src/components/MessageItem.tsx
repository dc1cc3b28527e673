import { memo } from "react";
import type { RoomMessage } from "../store";
import { MessageStatus } from "./MessageStatus";
import { RichText } from "./RichText";
import { shortTime } from "./time";

/**
 * One message, formatted: its HTML was sanitised when it entered the store (see
 * formatting/messageHtml.ts for how typed text is read). A whisper says so, and to or
 * from whom, and that it was sealed to its recipient's key (F22). Our own messages show
 * "Not sent yet" while offline, "Sending…" until the server acknowledges them, then "Sent". Memoised: a feed item
 * is never changed in place (delivery replaces it), so a new message renders only itself.
 */
export const MessageItem = memo(function MessageItem({ message }: { message: RoomMessage }) {
  const whisper = message.kind === "whisper";
  const classes = ["message"];
  if (message.mine) classes.push("mine");
  if (whisper) classes.push("whisper");
  if (message.status === "sending" || message.status === "queued") classes.push(message.status);
  return (
    <li className={classes.join(" ")}>
      <div className="message-meta">
        {whisper && message.mine ? (
          <span className="message-whisper">
            Whisper to <span className="message-to">{message.toAlias ?? "someone who left"}</span>
          </span>
        ) : (
          <>
            {whisper && <span className="message-whisper">Whisper from </span>}
            <span className="message-from">{message.from.alias}</span>
          </>
        )}{" "}
        {whisper && (
          <span
            className="message-sealed"
            title={
              message.mine ? "Sealed to the recipient’s key" : "Sealed to your key: only you could open it"
            }
          >
            sealed
          </span>
        )}{" "}
        <time dateTime={new Date(message.ts).toISOString()}>{shortTime(message.ts)}</time>
        <MessageStatus message={message} />
      </div>
      <RichText className="message-text" html={message.html} />
    </li>
  );
});
