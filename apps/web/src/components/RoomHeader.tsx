import { formatRoomId } from "@sanctuary/protocol";
import { selectActions, selectLocked, selectRoom, useAppStore } from "../store";
import { CopyRoomIdButton } from "./CopyRoomIdButton";
import { RoomCountdown } from "./RoomCountdown";
import { RoomMenu } from "./RoomMenu";

/** Room name, its ID in groups of four, copy, the room menu and leave. */
export function RoomHeader() {
  const room = useAppStore(selectRoom);
  const locked = useAppStore(selectLocked);
  const { leave } = useAppStore(selectActions);
  if (!room) return null;
  const formatted = formatRoomId(room.roomId);
  return (
    <header className="room-header">
      <div className="room-title">
        <h1>{room.roomName ?? "Unnamed room"}</h1>
        <p className="room-facts">
          <span className="sr-only">Room ID </span>
          <code data-testid="room-id">{formatted}</code>
          {locked && <span className="badge">locked</span>}
          <RoomCountdown />
        </p>
      </div>
      <div className="room-actions">
        <CopyRoomIdButton text={formatted} />
        <RoomMenu />
        <button type="button" className="secondary danger" onClick={() => void leave()}>
          Leave room
        </button>
      </div>
    </header>
  );
}
