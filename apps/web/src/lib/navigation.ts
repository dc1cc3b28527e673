import type { Navigation } from "../store/sdk";

/** The only route a room gets: the room ID never enters the URL or the history. */
export const ROOM_HASH = "#/room";

/**
 * The state of the guard entry pushed above the room's own (F28): "Back" lands on the
 * room's entry below it, which the page notices and answers with "Leave the room?".
 * It marks the entry and holds nothing else.
 */
const GUARD = { guard: 1 } as const;

/** Whether a history state is the guard entry's. */
export function isGuardEntry(state: unknown): boolean {
  return typeof state === "object" && state !== null && (state as { guard?: unknown }).guard === 1;
}

/** Pushes the guard entry (same address) above the current one. */
export function pushGuard(): void {
  history.pushState(GUARD, "", `/${ROOM_HASH}`);
}

export const browserNavigation: Navigation = {
  enterRoom() {
    history.pushState(null, "", `/${ROOM_HASH}`);
    pushGuard();
  },
  goHome() {
    // A new entry, so "back" from the start screen lands on the dead #/room entry and
    // shows "Session invalidated" rather than nothing happening.
    if (location.hash === ROOM_HASH) history.pushState(null, "", "/");
  },
};
