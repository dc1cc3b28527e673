import { PHONE_QUERY, useMediaQuery } from "../lib/useMediaQuery";
import { useViewportHeight } from "../lib/useViewportHeight";
import { selectMembersOpen, useAppStore } from "../store";
import { Composer } from "./Composer";
import { ConfirmDialog } from "./ConfirmDialog";
import { ConnectionBanner } from "./ConnectionBanner";
import { FilesWatch } from "./FilesWatch";
import { InvitePanel } from "./InvitePanel";
import { KnockCards } from "./KnockCards";
import { MemberPanel } from "./MemberPanel";
import { MessageList } from "./MessageList";
import { RoomHeader } from "./RoomHeader";
import { TypingIndicator } from "./TypingIndicator";

/**
 * A live room: header, messages and composer, members beside them (desktop) or in a
 * drawer (phone). While the drawer is open the rest of the room is inert, so the focus
 * stays in the drawer. The room is as tall as the visual viewport, so the composer stays
 * above a phone's on-screen keyboard.
 */
export function RoomScreen() {
  const phone = useMediaQuery(PHONE_QUERY);
  const drawerOpen = useAppStore(selectMembersOpen) && phone;
  const room = useViewportHeight<HTMLDivElement>();
  return (
    <div className="room" ref={room}>
      <RoomHeader inert={drawerOpen} />
      <ConnectionBanner />
      <KnockCards />
      <div className="room-body">
        <MemberPanel phone={phone} />
        <main className="room-main" inert={drawerOpen}>
          <MessageList />
          <FilesWatch />
          <TypingIndicator />
          <Composer />
        </main>
      </div>
      <InvitePanel />
      <ConfirmDialog />
    </div>
  );
}
