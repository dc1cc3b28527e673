import { CopyButton } from "./CopyButton";

/** Copies the room ID and says so for a moment; works over plain http too. */
export function CopyRoomIdButton({ text }: { text: string }) {
  return (
    <span className="copy-room-id">
      <CopyButton text={text} label="Copy room ID" />
    </span>
  );
}
