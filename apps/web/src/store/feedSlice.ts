import type { StateCreator } from "zustand";
import { helpLines } from "../commands/commands";
import { appendCapped, localNotice } from "./feed";
import type { AppState, FeedSlice } from "./types";

/** The feed when there is no room. */
export const NO_FEED: Pick<FeedSlice, "messages" | "typing"> = { messages: [], typing: [] };

/**
 * The message log (messages and notices, newest last) and who is typing. The session's
 * events fill it (sessionSync.ts); these actions are the page's own.
 */
export function createFeedSlice(): StateCreator<AppState, [], [], FeedSlice> {
  return (set) => ({
    ...NO_FEED,
    feedActions: {
      showHelp() {
        set((s) => ({ messages: appendCapped(s.messages, localNotice("Commands:", helpLines())) }));
      },

      clearScreen() {
        set({ messages: [localNotice("You cleared your screen. Nobody else’s changed.")] });
      },
    },
  });
}
