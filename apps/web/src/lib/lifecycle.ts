import { parseRoomId } from "@sanctuary/protocol";
import type { AppStore } from "../store/createAppStore";
import { inviteFromHash } from "./invite";
import { isGuardEntry, pushGuard, ROOM_HASH } from "./navigation";

/**
 * Ties the session to the page (F11): a reload or a closed tab ends it, history
 * navigation never brings an old chat back, and an invite fragment fills the join form
 * and then leaves the address bar. Nothing leaves by accident (F28): "Back" in a room
 * asks first, and a reload or a closed tab gets the browser's own "leave site?" prompt.
 * Returns a function that removes the listeners.
 */
export function installLifecycle(store: AppStore): () => void {
  /** "Back" in a room: stay on the room's entry (a fresh guard above it) and ask. */
  const askToLeave = () => {
    pushGuard();
    store.getState().moderationActions.askLeave();
  };

  const syncFromLocation = (event?: PopStateEvent) => {
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
      // Landed on the room's entry below the guard: that was "Back".
      else if (event && !isGuardEntry(history.state)) askToLeave();
    } else if (screen === "room") {
      // Further back than the room's own entries: go back onto them and ask.
      history.pushState(null, "", `/${ROOM_HASH}`);
      askToLeave();
    } else if (screen === "ended" || screen === "invalidated") {
      actions.backToStart();
    }
  };

  const onUnload = () => store.getState().joinActions.closeForUnload();
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (store.getState().screen !== "room") {
      onUnload();
      return;
    }
    // In a room: the browser asks "leave site?"; if the person goes, pagehide ends it.
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = "";
  };
  const onPopState = (event: PopStateEvent) => syncFromLocation(event);

  syncFromLocation();
  // popstate fires for history traversal and for fragment navigation alike.
  window.addEventListener("popstate", onPopState);
  window.addEventListener("pagehide", onUnload);
  window.addEventListener("beforeunload", onBeforeUnload);
  return () => {
    window.removeEventListener("popstate", onPopState);
    window.removeEventListener("pagehide", onUnload);
    window.removeEventListener("beforeunload", onBeforeUnload);
  };
}
