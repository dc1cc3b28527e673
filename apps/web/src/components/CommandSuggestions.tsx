import type { Suggestion } from "../commands/suggest";

interface CommandSuggestionsProps {
  id: string;
  suggestions: readonly Suggestion[];
  active: number;
  onPick: (suggestion: Suggestion) => void;
  /** The list's accessible name. */
  label?: string;
}

export function suggestionId(listId: string, index: number): string {
  return `${listId}-${index}`;
}

/**
 * The list under a `/`: commands, then aliases after `/kick ` and `/purr `; or the
 * members matching an `@` being typed. The
 * composer keeps the focus and points at the active option with
 * aria-activedescendant (so the options take no keyboard handlers of their own); a
 * click takes an option without moving the focus.
 */
export function CommandSuggestions({
  id,
  suggestions,
  active,
  onPick,
  label = "Command suggestions",
}: CommandSuggestionsProps) {
  return (
    <div id={id} role="listbox" aria-label={label} className="suggestions">
      {suggestions.map((s, i) => (
        // biome-ignore lint/a11y/useKeyWithClickEvents: the message box handles the keys (aria-activedescendant)
        <div
          key={s.key}
          id={suggestionId(id, i)}
          role="option"
          tabIndex={-1}
          aria-selected={i === active}
          aria-label={`${s.label}: ${s.detail}`}
          className={i === active ? "suggestion active" : "suggestion"}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(s)}
        >
          <span className="suggestion-label">{s.label}</span>
          <span className="suggestion-detail">{s.detail}</span>
        </div>
      ))}
    </div>
  );
}
