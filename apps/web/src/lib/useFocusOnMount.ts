import { type RefObject, useEffect, useRef } from "react";

/**
 * Focuses the element once, when the screen that owns it appears, so keyboard and
 * screen-reader users land on the new screen's heading or first field.
 */
export function useFocusOnMount<T extends HTMLElement>(enabled = true): RefObject<T | null> {
  const ref = useRef<T>(null);
  const shouldFocus = useRef(enabled);
  useEffect(() => {
    if (shouldFocus.current) ref.current?.focus();
  }, []);
  return ref;
}
