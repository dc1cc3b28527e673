import { type RefObject, useEffect, useRef } from "react";

/**
 * Keeps an element as tall as the visual viewport, which shrinks when a phone's
 * on-screen keyboard opens (iOS Safari does not shrink `dvh` for it; Android Chrome
 * does). The height goes into the `--vvh` custom property on the element, set through
 * CSSOM (allowed by the page's `style-src 'self'`); the CSS falls back to 100dvh.
 */
export function useViewportHeight<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    const viewport = window.visualViewport;
    const el = ref.current;
    if (!viewport || !el) return;
    const update = () => {
      el.style.setProperty("--vvh", `${Math.round(viewport.height)}px`);
      // A keyboard opening can scroll the layout viewport; keep the room in place.
      if (window.scrollY !== 0) window.scrollTo(0, 0);
    };
    update();
    viewport.addEventListener("resize", update);
    return () => {
      viewport.removeEventListener("resize", update);
      el.style.removeProperty("--vvh");
    };
  }, []);
  return ref;
}
