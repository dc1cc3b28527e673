import { parseRoomId } from "@sanctuary/protocol";
import type { AppStore } from "../store/createAppStore";
import { inviteFromHash } from "./invite";
import { ROOM_HASH } from "./navigation";

/**
 * Ties the session to the page (F11): a reload or a closed tab ends it, history
 * navigation never brings an old chat back, and an invite fragment fills the join form
 * and then leaves the address bar. Returns a function that removes the listeners.
 */
export function installLifecycle(store: AppStore): () => void {
  const syncFromLocation = () => {
    const { screen, joinActions: actions } = store.getState();
    const invite = inviteFromHash(location.hash);
    if (invite !== null) {
      if (screen === "room") return;
      history.replaceState(null, "", "/");
      const roomId = parseRoomId(invite.roomId);
      if (roomId && invite.oneTime) {
        const { inviteId, linkKey } = invite.oneTime;
        void store.getState().inviteActions.redeemInvite(roomId, inviteId, linkKey);
      } else if (roomId) actions.prefillInvite(roomId, invite.password);
      if (screen === "ended" || screen === "invalidated") actions.backToStart();
      return;
    }
    if (location.hash === ROOM_HASH) {
      // Only a live session may sit on #/room; anything else is a dead entry.
      if (screen !== "room") actions.invalidate();
    } else if (screen === "room") {
      // "Back" out of a live room leaves it.
      void actions.leave();
    } else if (screen === "ended" || screen === "invalidated") {
      actions.backToStart();
    }
  };

  const onUnload = () => store.getState().joinActions.closeForUnload();

  syncFromLocation();
  // popstate fires for history traversal and for fragment navigation alike.
  window.addEventListener("popstate", syncFromLocation);
  window.addEventListener("pagehide", onUnload);
  window.addEventListener("beforeunload", onUnload);
  return () => {
    window.removeEventListener("popstate", syncFromLocation);
    window.removeEventListener("pagehide", onUnload);
    window.removeEventListener("beforeunload", onUnload);
  };
}
