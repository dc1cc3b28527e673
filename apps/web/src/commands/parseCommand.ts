import { FAREWELL_MAX_CHARS, type Member } from "@sanctuary/protocol";
import { firstAliasWord, matchAlias } from "./aliasArg";
import { commandByName } from "./commands";

/** What the composer's text asks for. `hint` is a local explanation, never sent. */
export type Command =
  | { kind: "message"; text: string }
  | { kind: "exit"; farewell?: string }
  | { kind: "stop" }
  | { kind: "kick"; target: Member }
  | { kind: "purr"; target: Member; text: string }
  | { kind: "lock" }
  | { kind: "unlock" }
  | { kind: "who" }
  | { kind: "help" }
  | { kind: "clear" }
  | { kind: "hint"; text: string };

export interface CommandContext {
  members: readonly Member[];
  youId: string;
}

const COMMAND_LINE = /^\/(\S*)(?:\s+([\s\S]*))?$/;

/**
 * Reads the composer's text: a chat message, a slash command with its target resolved
 * among the present members, or a hint explaining what is wrong with it. Pure: the
 * store decides what to do. Who may do what is the server's call, so owner-only
 * commands parse the same for everyone; only plain misuse (no such member, yourself,
 * nothing to whisper) becomes a hint here.
 *
 * @example
 * parseCommand("/purr bob see you at 6", { members, youId }) // → { kind: "purr", target: bob, text: "see you at 6" }
 * parseCommand("//shrug", ctx) // → { kind: "message", text: "/shrug" }
 */
export function parseCommand(input: string, ctx: CommandContext): Command {
  const text = input.trimStart();
  if (!text.startsWith("/")) return { kind: "message", text: input };
  if (text.startsWith("//")) return { kind: "message", text: text.slice(1) };

  const match = COMMAND_LINE.exec(text.trimEnd());
  const name = match?.[1] ?? "";
  const args = (match?.[2] ?? "").trim();
  if (name === "") return hint("Type a command after the slash, or /help for the list.");
  const spec = commandByName(name);
  if (!spec) return hint(`There is no /${name} command. Type /help for the list.`);
  if (spec.args === "none" && args !== "") return hint(`/${spec.name} takes nothing after it.`);

  switch (spec.name) {
    case "exit":
      if ([...args].length > FAREWELL_MAX_CHARS) {
        return hint(`A farewell is at most ${FAREWELL_MAX_CHARS} characters.`);
      }
      return args === "" ? { kind: "exit" } : { kind: "exit", farewell: args };
    case "kick":
      return parseKick(args, ctx);
    case "purr":
      return parsePurr(args, ctx);
    default:
      return { kind: spec.name };
  }
}

function parseKick(args: string, ctx: CommandContext): Command {
  if (args === "") return hint("Say who to remove: /kick <alias>.");
  const found = matchAlias(args, ctx.members);
  // The whole argument must name the member: removing someone is not a guess.
  if (found?.rest !== "") return hint(nobody(args.replace(/^["“„](.*)["”“]$/s, "$1")));
  if (found.member.id === ctx.youId) return hint("You cannot remove yourself; /exit leaves the room.");
  return { kind: "kick", target: found.member };
}

function parsePurr(args: string, ctx: CommandContext): Command {
  if (args === "") return hint("Say who to whisper to: /purr <alias> <message>.");
  const found = matchAlias(args, ctx.members);
  if (!found) return hint(nobody(firstAliasWord(args)));
  if (found.member.id === ctx.youId) return hint("You cannot whisper to yourself.");
  if (found.rest === "")
    return hint(`Write the whisper after the alias: /purr ${found.member.alias} <message>.`);
  return { kind: "purr", target: found.member, text: found.rest };
}

function nobody(alias: string): string {
  return `Nobody called “${alias}” is in the room. /who lists who is here.`;
}

function hint(text: string): Command {
  return { kind: "hint", text };
}
