import { useEffect, useRef, useState } from "react";
import { isNotice } from "../store/feed";
import type { FeedItem } from "../store/types";

/**
 * Where the reader left off (F41): the last item in the log when the tab was last
 * hidden, once messages from others have come after it; null otherwise. The log draws
 * its "New" line after that item.
 */
export function useLeftOff(items: readonly FeedItem[]): string | null {
  const latest = useRef(items);
  latest.current = items;
  const [hiddenAt, setHiddenAt] = useState<string | null>(null);
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState !== "hidden") return;
      const last = latest.current[latest.current.length - 1];
      setHiddenAt(last?.id ?? null);
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, []);
  if (hiddenAt === null) return null;
  const at = items.findIndex((item) => item.id === hiddenAt);
  if (at === -1) return null;
  const arrived = items.slice(at + 1).some((item) => !isNotice(item) && !item.mine);
  return arrived ? hiddenAt : null;
}
