import type { StateCreator } from "zustand";
import type { AppState, PreferencesSlice } from "./types";

/** Panels close when the room does; theme and sound stay for the page. */
export const PANELS_CLOSED: Pick<PreferencesSlice, "membersOpen" | "inviteOpen"> = {
  membersOpen: false,
  inviteOpen: false,
};

/** This page's preferences and open panels, in memory only (never stored). */
export function createPreferencesSlice(): StateCreator<AppState, [], [], PreferencesSlice> {
  return (set) => ({
    theme: "system",
    sound: false,
    ...PANELS_CLOSED,
    preferenceActions: {
      setTheme(theme) {
        set({ theme });
      },
      setSound(sound) {
        set({ sound });
      },
      setMembersOpen(membersOpen) {
        set({ membersOpen });
      },
      setInviteOpen(inviteOpen) {
        set({ inviteOpen });
      },
    },
  });
}
