import { useFocusOnMount } from "../lib/useFocusOnMount";
import { selectInviteSeq, useAppStore } from "../store";
import { CreateRoomForm } from "./CreateRoomForm";
import { JoinRoomForm } from "./JoinRoomForm";

/** The start screen: create a room or join one (side by side on wide screens). */
export function HomeScreen() {
  // After an invite link the join form's alias field takes focus instead.
  const inviteSeq = useAppStore(selectInviteSeq);
  const heading = useFocusOnMount<HTMLHeadingElement>(inviteSeq === 0);
  return (
    <main className="home">
      <div className="brand">
        <h1 ref={heading} tabIndex={-1}>
          Sanctuary
        </h1>
        <p className="tagline">
          Private rooms that vanish. Messages are encrypted in your browser with the room password; the server
          only relays ciphertext, and nothing is kept once everyone has left.
        </p>
      </div>
      <div className="home-forms">
        <CreateRoomForm />
        <JoinRoomForm />
      </div>
    </main>
  );
}
