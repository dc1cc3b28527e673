import { memo } from "react";
import type { Notice } from "../store";
import { shortTime } from "./time";

/**
 * A system line: someone joined or left, ownership moved, the room was locked. Hints
 * and answers to commands are marked as seen by nobody else. Memoised like MessageItem.
 */
export const NoticeItem = memo(function NoticeItem({ notice }: { notice: Notice }) {
  const className = notice.tone ? `notice ${notice.tone}` : "notice";
  return (
    <li className={className}>
      <span>{notice.text}</span>{" "}
      <time dateTime={new Date(notice.ts).toISOString()}>{shortTime(notice.ts)}</time>
      {notice.lines && (
        <ul className="notice-lines">
          {notice.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {(notice.tone === "hint" || notice.tone === "local") && (
        <span className="notice-local"> Only you see this.</span>
      )}
    </li>
  );
});
