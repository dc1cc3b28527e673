import { create } from "zustand";
import { createRoomSlice } from "./roomSlice";
import type { StoreDeps } from "./sdk";
import { createSessionSlice } from "./sessionSlice";
import type { AppState } from "./types";
import { createUiSlice } from "./uiSlice";

/** One store from three slices; `deps` lets tests hand in a fake SDK. */
export function createAppStore(deps: StoreDeps) {
  return create<AppState>()((...a) => ({
    ...createUiSlice(deps)(...a),
    ...createSessionSlice(deps)(...a),
    ...createRoomSlice(deps)(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
