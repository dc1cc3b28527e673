import type { RoomMessage } from "../store";
import { shortTime } from "./time";

/**
 * One message. The text is shown as plain text (React escapes it); formatting comes
 * later. A whisper says so, and to or from whom: only its two ends ever receive it.
 */
export function MessageItem({ message }: { message: RoomMessage }) {
  const whisper = message.kind === "whisper";
  const classes = ["message"];
  if (message.mine) classes.push("mine");
  if (whisper) classes.push("whisper");
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
        <time dateTime={new Date(message.ts).toISOString()}>{shortTime(message.ts)}</time>
      </div>
      <p className="message-text">{message.text}</p>
    </li>
  );
}
