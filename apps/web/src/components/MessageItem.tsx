import { memo } from "react";
import { renderMessageHtml } from "../formatting/markdown";
import type { RoomMessage } from "../store";
import { MessageStatus } from "./MessageStatus";
import { RichText } from "./RichText";
import { shortTime } from "./time";

/**
 * One message, formatted: Markdown and HTML tags rendered and sanitised by
 * formatting/markdown.ts (which caches by text, so a re-mount costs nothing). A
 * message following one from the same sender within minutes is `grouped` under that
 * one's name and time (F41); one that mentions you is highlighted (F39). A whisper says so, and to or
 * from whom, and that it was sealed to its recipient's key (F22). Our own messages show
 * "Not sent yet" while offline, "Sending…" until the server acknowledges them, then "Sent". Memoised: a feed item
 * is never changed in place (delivery replaces it), so a new message renders only itself.
 */
export const MessageItem = memo(function MessageItem({
  message,
  grouped = false,
  mentionsYou = false,
}: {
  message: RoomMessage;
  grouped?: boolean;
  mentionsYou?: boolean;
}) {
  const whisper = message.kind === "whisper";
  const classes = ["message"];
  if (grouped) classes.push("grouped");
  if (mentionsYou) classes.push("mentions-you");
  if (message.mine) classes.push("mine");
  if (whisper) classes.push("whisper");
  if (message.status === "sending" || message.status === "queued") classes.push(message.status);
  return (
    <li className={classes.join(" ")}>
      {/* A grouped message keeps its name and time for screen readers only. */}
      <div className={grouped ? "message-meta sr-only" : "message-meta"}>
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
      {mentionsYou && <span className="sr-only">Mentions you: </span>}
      <RichText className="message-text" html={renderMessageHtml(message.text)} />
      {grouped && message.status === "sending" && <span className="message-status sending">Sending…</span>}
    </li>
  );
});
