import { aliasKey, type Member } from "@sanctuary/protocol";
import { aliasArg } from "./aliasArg";
import { COMMANDS } from "./commands";

/** One entry of the composer's suggestion list. */
export interface Suggestion {
  key: string;
  label: string;
  detail: string;
  /** The composer's whole text once this suggestion is taken. */
  completion: string;
  /** Where the caret goes then; the end of the text when not set. */
  caret?: number;
}

const MAX_SUGGESTIONS = 8;
const NAME_STAGE = /^\/(\S*)$/;
const MEMBER_STAGE = /^\/(kick|purr)\s+([\s\S]*)$/i;

/**
 * What to offer while a command is being typed: command names after `/`, then member
 * aliases after `/kick ` and `/purr ` (never yourself). Nothing once the text is
 * already what the suggestion would make it, so Enter then runs the command.
 *
 * @example
 * suggest("/pu", members, youId)        // → [/purr <alias> <message>]
 * suggest("/purr ca", members, youId)   // → [carol] completing "/purr carol "
 */
export function suggest(draft: string, members: readonly Member[], youId: string): Suggestion[] {
  if (!draft.startsWith("/") || draft.startsWith("//")) return [];
  const nameStage = NAME_STAGE.exec(draft);
  if (nameStage) {
    const typed = (nameStage[1] ?? "").toLowerCase();
    // A command typed in full drops out (Enter runs it), unless it needs an argument.
    const offered = COMMANDS.filter(
      (c) => c.name.startsWith(typed) && (c.name !== typed || c.args === "required"),
    );
    return offered.map((c) => ({
      key: `command-${c.name}`,
      label: c.usage,
      detail: c.ownerOnly ? `${c.summary} (owner)` : c.summary,
      completion: `/${c.name}${c.args === "none" ? "" : " "}`,
    }));
  }
  const memberStage = MEMBER_STAGE.exec(draft);
  if (!memberStage) return [];
  const command = memberStage[1] ?? "";
  const partial = (memberStage[2] ?? "").replace(/^["“„]/, "");
  const partialKey = aliasKey(partial);
  const trailer = command.toLowerCase() === "purr" ? " " : "";
  const complete = (m: Member) => `/${command} ${aliasArg(m.alias, members)}${trailer}`;
  // Once the text names someone exactly (yourself included), Enter must run it as
  // typed: offering "carol2" after "/kick carol" would make Enter pick the wrong person.
  if (members.some((m) => complete(m) === draft || complete(m) === draft.trimEnd())) return [];
  const out: Suggestion[] = [];
  for (const m of members) {
    if (m.id === youId || !aliasKey(m.alias).startsWith(partialKey)) continue;
    out.push({
      key: `member-${m.id}`,
      label: m.alias,
      detail: m.owner ? "owner" : "member",
      completion: complete(m),
    });
    if (out.length === MAX_SUGGESTIONS) break;
  }
  return out;
}
