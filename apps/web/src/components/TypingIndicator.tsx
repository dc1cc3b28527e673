import { selectMembers, selectTyping, useAppStore } from "../store";

function describe(aliases: string[]): string {
  if (aliases.length === 0) return "";
  if (aliases.length === 1) return `${aliases[0]} is typing…`;
  if (aliases.length === 2) return `${aliases[0]} and ${aliases[1]} are typing…`;
  return `${aliases.length} people are typing…`;
}

/** "alice is typing…"; deliberately not a live region, it would be too chatty. */
export function TypingIndicator() {
  const typing = useAppStore(selectTyping);
  const members = useAppStore(selectMembers);
  const aliases = typing.flatMap((id) => members.find((m) => m.id === id)?.alias ?? []);
  return <p className="typing">{describe(aliases)}</p>;
}
