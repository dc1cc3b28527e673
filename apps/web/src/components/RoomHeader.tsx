import { formatRoomId } from "@sanctuary/protocol";
import {
  selectLocked,
  selectMemberCount,
  selectMembersOpen,
  selectModerationActions,
  selectPreferenceActions,
  selectRoom,
  useAppStore,
} from "../store";
import { CopyRoomIdButton } from "./CopyRoomIdButton";
import { MEMBER_PANEL_ID, MEMBERS_BUTTON_ID } from "./MemberPanel";
import { RoomCountdown } from "./RoomCountdown";
import { RoomMenu } from "./RoomMenu";
import { ThemeToggle } from "./ThemeToggle";

/**
 * Room name, its ID in groups of four, and the room's actions: the member drawer (on
 * phones), invite, copy, theme, the room menu and leave.
 */
export function RoomHeader({ inert }: { inert: boolean }) {
  const room = useAppStore(selectRoom);
  const locked = useAppStore(selectLocked);
  const count = useAppStore(selectMemberCount);
  const membersOpen = useAppStore(selectMembersOpen);
  // Leaving asks first (F28): one tap on a phone header must not throw the room away.
  const { askLeave } = useAppStore(selectModerationActions);
  const { setMembersOpen, setInviteOpen } = useAppStore(selectPreferenceActions);
  if (!room) return null;
  const formatted = formatRoomId(room.roomId);
  return (
    <header className="room-header" inert={inert}>
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
        <button
          id={MEMBERS_BUTTON_ID}
          type="button"
          className="secondary members-button"
          aria-expanded={membersOpen}
          aria-controls={MEMBER_PANEL_ID}
          onClick={() => setMembersOpen(!membersOpen)}
        >
          Members ({count})
        </button>
        <button type="button" className="secondary" onClick={() => setInviteOpen(true)}>
          Invite
        </button>
        <CopyRoomIdButton text={formatted} />
        <ThemeToggle />
        <RoomMenu />
        <button type="button" className="secondary danger" onClick={askLeave}>
          Leave<span className="leave-long"> room</span>
        </button>
      </div>
    </header>
  );
}
