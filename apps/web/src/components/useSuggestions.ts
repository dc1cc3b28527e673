import { useMemo } from "react";
import { mentionSuggestions } from "../commands/mention";
import { type Suggestion, suggest } from "../commands/suggest";
import { selectMembers, selectRoom, useAppStore } from "../store";

/** The command, alias and `@` mention suggestions for the composer's text and caret. */
export function useSuggestions(draft: string, caret: number): Suggestion[] {
  const members = useAppStore(selectMembers);
  const youId = useAppStore(selectRoom)?.youId ?? "";
  return useMemo(
    () =>
      draft.startsWith("/")
        ? suggest(draft, members, youId)
        : mentionSuggestions(draft, caret, members, youId),
    [draft, caret, members, youId],
  );
}
