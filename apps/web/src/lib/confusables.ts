import type realFold from "unhomoglyph";

/**
 * The web build's stand-in for `unhomoglyph` (vite.config.ts aliases the package here).
 * Its confusables table is about 60 KB of compressed JavaScript that the home screen
 * never uses: alias skeletons (`aliasKey`) are needed only inside a room, by the SDK's
 * roster and by command arguments. The table is loaded together with the SDK
 * (store/sdkAdapter.ts), and a room exists only once the SDK has loaded, so every call
 * made in a room finds it. Unit tests use the real package directly.
 */
let fold: typeof realFold | undefined;
let loading: Promise<void> | undefined;

/** Loads the confusables table (once); the SDK chunk waits for it. */
export function loadConfusables(): Promise<void> {
  loading ??= import("unhomoglyph/index.js").then((m) => {
    fold = m.default;
  });
  return loading;
}

/** `unhomoglyph(text)`; throws if called before `loadConfusables()` settled. */
export default function unhomoglyph(text: string): string {
  if (!fold) throw new Error("the confusables table is not loaded yet");
  return fold(text);
}
