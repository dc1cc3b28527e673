import { useMemo } from "react";
import { type Suggestion, suggest } from "../commands/suggest";
import { selectMembers, selectRoom, useAppStore } from "../store";

/** The command and alias suggestions for the composer's current text. */
export function useSuggestions(draft: string): Suggestion[] {
  const members = useAppStore(selectMembers);
  const youId = useAppStore(selectRoom)?.youId ?? "";
  return useMemo(() => suggest(draft, members, youId), [draft, members, youId]);
}
