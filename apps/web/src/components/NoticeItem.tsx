import { shortTime } from "./time";

/** A system line: someone joined or left, ownership moved, the room was locked. */
export function NoticeItem({ text, ts }: { text: string; ts: number }) {
  return (
    <li className="notice">
      <span>{text}</span> <time dateTime={new Date(ts).toISOString()}>{shortTime(ts)}</time>
    </li>
  );
}
