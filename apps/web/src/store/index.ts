import { browserNavigation } from "../lib/navigation";
import { nextPaint } from "../lib/nextPaint";
import { createAppStore } from "./createAppStore";
import { sdk } from "./sdkAdapter";

/** The app's single store, bound to the real SDK and the browser's history. */
export const useAppStore = createAppStore({ sdk, nav: browserNavigation, yieldToBrowser: nextPaint });

export type { AppStore } from "./createAppStore";
export * from "./selectors";
export type * from "./types";
