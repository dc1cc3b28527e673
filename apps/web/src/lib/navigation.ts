import type { Navigation } from "../store/sdk";

/** The only route a room gets: the room ID never enters the URL or the history. */
export const ROOM_HASH = "#/room";

/** An invite link: `/#/r/<roomId>` (the fragment is never sent to the server). */
const INVITE_HASH = /^#\/r\/([^/?#]+)\/?$/;

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

/** The raw room ID text of an invite fragment, or null. */
export function inviteFromHash(hash: string): string | null {
  const match = INVITE_HASH.exec(hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}
