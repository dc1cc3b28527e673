import { useSyncExternalStore } from "react";

/** Whether a media query matches now, kept current (false where matchMedia is missing). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof window.matchMedia !== "function") return () => {};
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    () => typeof window.matchMedia === "function" && window.matchMedia(query).matches,
    () => false,
  );
}

/** Below this width the member list is a drawer (keep in step with room.css). */
export const PHONE_QUERY = "(max-width: 767.98px)";
export const DARK_QUERY = "(prefers-color-scheme: dark)";
