import { FAREWELL_MAX_CHARS } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { aliasArg, matchAlias } from "../src/commands/aliasArg";
import { helpLines } from "../src/commands/commands";
import { type Command, parseCommand } from "../src/commands/parseCommand";
import { member } from "./fakes";

const alice = member("m1", "alice", true);
const bob = member("m2", "bob");
const night = member("m3", "night");
const nightOwl = member("m4", "Night Owl");
const members = [alice, bob, night, nightOwl];
const ctx = { members, youId: "m1" };

const parse = (input: string) => parseCommand(input, ctx);

function hintText(command: Command): string {
  if (command.kind !== "hint") throw new Error(`expected a hint, got ${command.kind}`);
  return command.text;
}

describe("parseCommand: messages", () => {
  it("passes plain text through untouched", () => {
    expect(parse("hello /kick bob")).toEqual({ kind: "message", text: "hello /kick bob" });
    expect(parse("  indented")).toEqual({ kind: "message", text: "  indented" });
  });

  it("sends text beginning with a slash when it is doubled", () => {
    expect(parse("//shrug")).toEqual({ kind: "message", text: "/shrug" });
    expect(parse("// not a command")).toEqual({ kind: "message", text: "/ not a command" });
  });
});

describe("parseCommand: every command", () => {
  it.each([
    ["/stop", { kind: "stop" }],
    ["/lock", { kind: "lock" }],
    ["/unlock", { kind: "unlock" }],
    ["/who", { kind: "who" }],
    ["/help", { kind: "help" }],
    ["/clear", { kind: "clear" }],
    ["/exit", { kind: "exit" }],
    ["  /EXIT  ", { kind: "exit" }],
    ["/exit bye all", { kind: "exit", farewell: "bye all" }],
    ["/exit   see you\nsoon  ", { kind: "exit", farewell: "see you\nsoon" }],
    ["/kick bob", { kind: "kick", target: bob }],
    ["/Kick BOB", { kind: "kick", target: bob }],
    ["/purr bob secret words", { kind: "purr", target: bob, text: "secret words" }],
    ["/purr bob line one\nline two", { kind: "purr", target: bob, text: "line one\nline two" }],
  ] as const)("%j", (input, expected) => {
    expect(parse(input)).toEqual(expected);
  });

  it("lists every command in /help", () => {
    const help = helpLines().join("\n");
    for (const name of ["purr", "who", "exit", "clear", "help", "kick", "lock", "unlock", "stop"]) {
      expect(help).toContain(`/${name}`);
    }
    expect(help).toMatch(/\/kick <alias> — Remove a member \(owner\)/);
  });
});

describe("parseCommand: aliases with spaces", () => {
  it("takes the longest run of words that names a member", () => {
    expect(parse("/purr night owl hoot")).toEqual({ kind: "purr", target: nightOwl, text: "hoot" });
    expect(parse("/purr night hoot")).toEqual({ kind: "purr", target: night, text: "hoot" });
    expect(parse("/kick night owl")).toEqual({ kind: "kick", target: nightOwl });
    expect(parse("/kick night")).toEqual({ kind: "kick", target: night });
  });

  it("compares aliases as the server does (normalised, any case, extra spaces)", () => {
    expect(parse("/purr NIGHT   OWL hoot")).toEqual({ kind: "purr", target: nightOwl, text: "hoot" });
    expect(parse("/kick ｂｏｂ")).toEqual({ kind: "kick", target: bob });
    expect(parse("/kick b\u200Bob")).toEqual({ kind: "kick", target: bob });
  });

  it("takes a quoted alias as written, straight or curly quotes", () => {
    expect(parse('/purr "night" owl pellets')).toEqual({ kind: "purr", target: night, text: "owl pellets" });
    expect(parse('/kick "Night Owl"')).toEqual({ kind: "kick", target: nightOwl });
    expect(parse("/purr “night owl” hoot")).toEqual({ kind: "purr", target: nightOwl, text: "hoot" });
  });

  it("falls back to the words when quotes name nobody", () => {
    const quoted = member("m5", '"q"');
    const c = { members: [alice, quoted], youId: "m1" };
    expect(parseCommand('/purr "q" hi', c)).toEqual({ kind: "purr", target: quoted, text: "hi" });
  });

  it("quotes an alias for completion only when another alias starts with it", () => {
    expect(aliasArg("night", members)).toBe('"night"');
    expect(aliasArg("Night Owl", members)).toBe("Night Owl");
    expect(aliasArg("bob", members)).toBe("bob");
  });

  it("looks no further than an alias can be long", () => {
    const long = `bob ${"word ".repeat(5000)}`;
    expect(matchAlias(long, members)?.member).toBe(bob);
    expect(matchAlias("word ".repeat(5000), members)).toBeNull();
  });
});

describe("parseCommand: misuse gives a local hint", () => {
  it.each([
    ["/", /command after the slash/],
    ["/ hello", /command after the slash/],
    ["/dance", /There is no \/dance command\. Type \/help/],
    ["/kick", /Say who to remove/],
    ["/kick   ", /Say who to remove/],
    ["/kick alice", /cannot remove yourself/],
    ["/kick ALICE", /cannot remove yourself/],
    ["/kick carol", /Nobody called “carol” is in the room/],
    ['/kick "carol"', /Nobody called “carol”/],
    ["/kick bob please", /Nobody called “bob please”/],
    ["/purr", /Say who to whisper to/],
    ["/purr carol hi", /Nobody called “carol”/],
    ["/purr bob", /Write the whisper after the alias: \/purr bob <message>/],
    ["/purr bob    ", /Write the whisper after the alias/],
    ["/purr alice hi", /cannot whisper to yourself/],
    ["/stop now", /\/stop takes nothing after it/],
    ["/lock please", /\/lock takes nothing after it/],
    ["/who is here", /\/who takes nothing after it/],
  ])("%j", (input, words) => {
    expect(hintText(parse(input))).toMatch(words);
  });

  it("refuses an over-long farewell before anything is sent", () => {
    expect(parse(`/exit ${"x".repeat(FAREWELL_MAX_CHARS)}`)).toEqual({
      kind: "exit",
      farewell: "x".repeat(FAREWELL_MAX_CHARS),
    });
    expect(hintText(parse(`/exit ${"x".repeat(FAREWELL_MAX_CHARS + 1)}`))).toMatch(/farewell is at most/);
  });

  it("parses owner-only commands the same for a non-owner: the server decides", () => {
    const asBob = { members, youId: "m2" };
    expect(parseCommand("/kick alice", asBob)).toEqual({ kind: "kick", target: alice });
    expect(parseCommand("/stop", asBob)).toEqual({ kind: "stop" });
    expect(parseCommand("/lock", asBob)).toEqual({ kind: "lock" });
  });
});
