import type { Navigation } from "../store/sdk";

/** The only route a room gets: the room ID never enters the URL or the history. */
export const ROOM_HASH = "#/room";

export const browserNavigation: Navigation = {
  enterRoom() {
    history.pushState(null, "", `/${ROOM_HASH}`);
  },
  goHome() {
    // A new entry, so "back" from the start screen lands on the dead #/room entry and
    // shows "Session invalidated" rather than nothing happening.
    if (location.hash === ROOM_HASH) history.pushState(null, "", "/");
  },
};
