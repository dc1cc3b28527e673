import { describe, expect, it } from "vitest";
import { suggest } from "../src/commands/suggest";
import { member } from "./fakes";

const alice = member("m1", "alice", true);
const bob = member("m2", "bob");
const carol = member("m3", "carol");
const night = member("m4", "night");
const nightOwl = member("m5", "Night Owl");
const members = [alice, bob, carol, night, nightOwl];

const labels = (draft: string, youId = "m1") => suggest(draft, members, youId).map((s) => s.label);
const completions = (draft: string, youId = "m1") => suggest(draft, members, youId).map((s) => s.completion);

describe("suggest", () => {
  it("offers nothing for plain text or a doubled slash", () => {
    expect(suggest("hello", members, "m1")).toEqual([]);
    expect(suggest("//x", members, "m1")).toEqual([]);
  });

  it("lists every command after a lone slash, then narrows by what is typed", () => {
    expect(labels("/")).toHaveLength(9);
    expect(labels("/pu")).toEqual(["/purr <alias> <message>"]);
    expect(labels("/L")).toEqual(["/lock"]);
    expect(completions("/k")).toEqual(["/kick "]);
    expect(completions("/cl")).toEqual(["/clear"]);
    expect(suggest("/kick", members, "m1")[0]?.detail).toBe("Remove a member (owner)");
  });

  it("hides a command once it is typed in full, so Enter runs it, unless it needs an alias", () => {
    expect(labels("/who")).toEqual([]);
    expect(labels("/stop")).toEqual([]);
    expect(labels("/exit")).toEqual([]);
    expect(completions("/purr")).toEqual(["/purr "]);
    expect(labels("/un")).toEqual(["/unlock"]);
  });

  it("offers members (never yourself) after /kick and /purr", () => {
    expect(labels("/kick ")).toEqual(["bob", "carol", "night", "Night Owl"]);
    expect(labels("/purr ", "m2")).toEqual(["alice", "carol", "night", "Night Owl"]);
    expect(completions("/purr ca")).toEqual(["/purr carol "]);
    expect(completions("/kick CA")).toEqual(["/kick carol"]);
    expect(suggest("/purr ", members, "m2")[0]?.detail).toBe("owner");
  });

  it("narrows by alias words and quotes an alias another one starts with", () => {
    expect(completions("/purr nig")).toEqual(['/purr "night" ', "/purr Night Owl "]);
    expect(labels("/purr night o")).toEqual(["Night Owl"]);
    expect(labels('/purr "ni')).toEqual(["night", "Night Owl"]);
  });

  it("offers nothing once the text names someone exactly, so Enter cannot pick another", () => {
    const more = [...members, member("m6", "carol2"), member("m7", "alice2")];
    expect(suggest("/kick carol", more, "m1")).toEqual([]);
    expect(suggest("/kick alice", more, "m1")).toEqual([]);
    expect(suggest("/purr carol ", more, "m1")).toEqual([]);
    expect(suggest("/kick caro", more, "m1").map((s) => s.label)).toEqual(["carol", "carol2"]);
  });

  it("stops once the alias is complete or the message has begun", () => {
    expect(labels("/kick carol")).toEqual([]);
    expect(labels("/kick carol ")).toEqual([]);
    expect(labels("/purr carol ")).toEqual([]);
    expect(labels("/purr carol")).toEqual(["carol"]);
    expect(labels("/purr carol hi")).toEqual([]);
    expect(labels("/exit bye")).toEqual([]);
  });
});
