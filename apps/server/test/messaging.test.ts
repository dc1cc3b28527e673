import type { IncomingMessage, IncomingWhisper, Typing } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import {
  b64,
  createRoom,
  envelope,
  joined,
  lobbyFor,
  once,
  recorder,
  request,
  sleep,
  type TestServer,
  useServers,
} from "./helpers.js";

async function threeMembers(t: TestServer) {
  const lobby = await lobbyFor(t);
  const room = await createRoom(lobby);
  const alice = await joined(t, lobby, room, "alice");
  const bob = await joined(t, lobby, room, "bob");
  const carol = await joined(t, lobby, room, "carol");
  await sleep(30); // let the member:joined notices land before recording
  return { lobby, room, alice, bob, carol };
}

describe("messaging: msg:send, msg:whisper and typing", () => {
  const start = useServers();

  it("fans a message out to every other member, not the sender, with a server-assigned from", async () => {
    const t = await start();
    const { alice, bob, carol } = await threeMembers(t);
    const aliceSaw = recorder(alice.socket);
    const env = envelope(3);
    const atBob = once<IncomingMessage>(bob.socket, "msg:new");
    const atCarol = once<IncomingMessage>(carol.socket, "msg:new");
    const ack = await request<{ id: string; ts: number }>(alice.socket, "msg:send", { env });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    const expected = { id: ack.id, ts: ack.ts, from: { id: alice.welcome.you.id, alias: "alice" }, env };
    expect(await atBob).toEqual(expected);
    expect(await atCarol).toEqual(expected);
    await sleep(50);
    expect(aliceSaw.filter(([event]) => event === "msg:new")).toEqual([]);
  });

  it("refuses a message that claims its own sender (no spoofed from)", async () => {
    const t = await start();
    const { bob, carol } = await threeMembers(t);
    const res = await request(bob.socket, "msg:send", { env: envelope(), from: { id: "x", alias: "carol" } });
    expect(res).toMatchObject({ ok: false, code: "INVALID" });
    void carol;
  });

  it("delivers a whisper to its target only: a third member receives nothing", async () => {
    const t = await start();
    const { alice, bob, carol } = await threeMembers(t);
    const aliceSaw = recorder(alice.socket);
    const carolSaw = recorder(carol.socket);
    const sealed = { v: 2, epk: b64(32), iv: b64(16), ct: b64(32), mac: b64(32) };
    const atBob = once<IncomingWhisper>(bob.socket, "msg:whisper");
    const ack = await request<{ id: string; ts: number }>(alice.socket, "msg:whisper", {
      to: bob.welcome.you.id,
      env: sealed,
    });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(await atBob).toEqual({
      id: ack.id,
      ts: ack.ts,
      from: { id: alice.welcome.you.id, alias: "alice" },
      to: bob.welcome.you.id,
      env: sealed,
    });
    await sleep(80);
    expect(carolSaw).toEqual([]);
    expect(aliceSaw).toEqual([]);
  });

  it("answers NO_SUCH_MEMBER for an unknown target and refuses whispering to yourself", async () => {
    const t = await start();
    const { alice, bob, carol } = await threeMembers(t);
    const bobSaw = recorder(bob.socket);
    const carolSaw = recorder(carol.socket);
    expect(await request(alice.socket, "msg:whisper", { to: "nobody", env: envelope() })).toMatchObject({
      ok: false,
      code: "NO_SUCH_MEMBER",
    });
    expect(
      await request(alice.socket, "msg:whisper", { to: alice.welcome.you.id, env: envelope() }),
    ).toMatchObject({
      ok: false,
      code: "INVALID",
    });
    await sleep(50);
    expect(bobSaw).toEqual([]);
    expect(carolSaw).toEqual([]);
  });

  it("relays typing to the others with the sender's member ID", async () => {
    const t = await start();
    const { alice, bob, carol } = await threeMembers(t);
    const aliceSaw = recorder(alice.socket);
    const atBob = once<Typing>(bob.socket, "typing");
    const atCarol = once<Typing>(carol.socket, "typing");
    alice.socket.emit("typing", { on: true });
    expect(await atBob).toEqual({ id: alice.welcome.you.id, on: true });
    expect(await atCarol).toEqual({ id: alice.welcome.you.id, on: true });
    await sleep(30);
    expect(aliceSaw).toEqual([]);
  });
});
