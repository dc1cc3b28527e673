import { create } from "zustand";
import { createComposerSlice } from "./composerSlice";
import { createFeedSlice } from "./feedSlice";
import { createFilesSlice } from "./filesSlice";
import { createInviteSlice } from "./inviteSlice";
import { createJoinFlowSlice } from "./joinFlowSlice";
import { createKnockSlice } from "./knockSlice";
import { createModerationSlice } from "./moderationSlice";
import { createPreferencesSlice } from "./preferencesSlice";
import { createRoomStateSlice } from "./roomStateSlice";
import type { StoreDeps } from "./sdk";
import type { AppState } from "./types";

/** One store from six slices (see types.ts); `deps` lets tests hand in a fake SDK. */
export function createAppStore(deps: StoreDeps) {
  return create<AppState>()((...a) => ({
    ...createJoinFlowSlice(deps)(...a),
    ...createRoomStateSlice()(...a),
    ...createFeedSlice()(...a),
    ...createComposerSlice(deps)(...a),
    ...createModerationSlice()(...a),
    ...createPreferencesSlice()(...a),
    ...createInviteSlice(deps)(...a),
    ...createKnockSlice()(...a),
    ...createFilesSlice()(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
