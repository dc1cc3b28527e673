import { Composer } from "./Composer";
import { ConfirmDialog } from "./ConfirmDialog";
import { ConnectionBanner } from "./ConnectionBanner";
import { MemberPanel } from "./MemberPanel";
import { MessageList } from "./MessageList";
import { RoomHeader } from "./RoomHeader";
import { TypingIndicator } from "./TypingIndicator";

/** A live room: header, messages and composer, members beside (desktop) or above (phone). */
export function RoomScreen() {
  return (
    <div className="room">
      <RoomHeader />
      <ConnectionBanner />
      <div className="room-body">
        <MemberPanel />
        <main className="room-main">
          <MessageList />
          <TypingIndicator />
          <Composer />
        </main>
      </div>
      <ConfirmDialog />
    </div>
  );
}
