/** One slash command, as `/help` and the suggestion list describe it. */
export interface CommandSpec {
  name: CommandName;
  /** How to type it, e.g. "/purr <alias> <message>". */
  usage: string;
  summary: string;
  /** Only the owner may do it; the server refuses it from anyone else. */
  ownerOnly: boolean;
  /** What may follow the name; completion adds a space after it unless "none". */
  args: "none" | "optional" | "required";
}

export type CommandName = "purr" | "who" | "exit" | "clear" | "help" | "kick" | "lock" | "unlock" | "stop";

/** Every command, in the order `/help` and the suggestions list them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "purr",
    usage: "/purr <alias> <message>",
    summary: "Whisper to one member",
    ownerOnly: false,
    args: "required",
  },
  { name: "who", usage: "/who", summary: "List who is here", ownerOnly: false, args: "none" },
  {
    name: "exit",
    usage: "/exit [farewell]",
    summary: "Leave, with an optional farewell",
    ownerOnly: false,
    args: "optional",
  },
  { name: "clear", usage: "/clear", summary: "Clear your own screen", ownerOnly: false, args: "none" },
  { name: "help", usage: "/help", summary: "List the commands", ownerOnly: false, args: "none" },
  { name: "kick", usage: "/kick <alias>", summary: "Remove a member", ownerOnly: true, args: "required" },
  { name: "lock", usage: "/lock", summary: "Let nobody new join", ownerOnly: true, args: "none" },
  { name: "unlock", usage: "/unlock", summary: "Let people join again", ownerOnly: true, args: "none" },
  { name: "stop", usage: "/stop", summary: "Purge the room for everyone", ownerOnly: true, args: "none" },
];

export function commandByName(name: string): CommandSpec | undefined {
  const lower = name.toLowerCase();
  return COMMANDS.find((c) => c.name === lower);
}

/** The lines `/help` shows. */
export function helpLines(): string[] {
  return [
    ...COMMANDS.map((c) => `${c.usage} — ${c.summary}${c.ownerOnly ? " (owner)" : ""}`),
    'Aliases with spaces work as typed, or in quotes: /purr "night owl" hello',
    "Start a message with // to send text that begins with /",
  ];
}
