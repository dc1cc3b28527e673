import type {
  Envelope,
  IncomingMessage,
  Kdf,
  Member,
  MsgSentResult,
  RoomLocked,
  RoomLookupResult,
} from "@sanctuary/protocol";
import { describe, expectTypeOf, it } from "vitest";
import type { RoomSession, RoomSnapshot } from "../src/index.js";
import { type LobbySocket, type RoomSocket, request, subscribe } from "../src/typedSocket.js";

/**
 * Mistakes at the SDK's boundary that must not compile: a misspelt event, a wrong
 * payload, an ack read as the wrong type, a push handler for the wrong payload.
 */
declare const room: RoomSocket;
declare const lobby: LobbySocket;
declare const env: Envelope;
declare const session: RoomSession;

describe("request", () => {
  it("refuses an event that is not a request of the socket's protocol", () => {
    // @ts-expect-error: "room:lokc" is no event
    void request(room, "room:lokc", { locked: true });
    // @ts-expect-error: typing is fire and forget, not a request
    void request(room, "typing", { on: true });
    // @ts-expect-error: a lobby request on a room socket
    void request(room, "room:lookup", { roomId: "K7QM2XZD9PWH4TNS" });
    // @ts-expect-error: a room request on the lobby socket
    void request(lobby, "room:lock", { locked: true });
  });

  it("refuses a payload that is not the event's", () => {
    // @ts-expect-error: misspelt field
    void request(room, "room:lock", { lockd: "yes" });
    // @ts-expect-error: wrong field type
    void request(room, "room:lock", { locked: "yes" });
    // @ts-expect-error: missing field
    void request(room, "msg:whisper", { env });
  });

  it("resolves with the event's ack type, and only that", async () => {
    expectTypeOf(request(room, "msg:send", { env })).resolves.toEqualTypeOf<MsgSentResult>();
    expectTypeOf(request(room, "room:lock", { locked: true })).resolves.toEqualTypeOf<
      Record<string, never>
    >();
    expectTypeOf(request(lobby, "room:lookup", { roomId: "x" })).resolves.toEqualTypeOf<RoomLookupResult>();
    const sent = await request(room, "msg:send", { env });
    // @ts-expect-error: a msg:send ack has no kdf
    void sent.kdf;
    // @ts-expect-error: ts is a number
    const ts: string = sent.ts;
    const looked = await request(lobby, "room:lookup", { roomId: "x" });
    expectTypeOf(looked.kdf).toEqualTypeOf<Kdf>();
    // @ts-expect-error: a room:lookup ack is not a msg:send ack
    const wrong: MsgSentResult = looked;
    void [ts, wrong];
  });
});

describe("subscribe", () => {
  it("hands each handler its event's parsed payload", () => {
    subscribe(room, {
      "room:locked": (locked) => expectTypeOf(locked).toEqualTypeOf<RoomLocked>(),
      "member:joined": (member) => expectTypeOf(member).toEqualTypeOf<Member>(),
      "msg:new": (msg) => expectTypeOf(msg).toEqualTypeOf<IncomingMessage>(),
    });
  });

  it("refuses a handler for the wrong payload or an unknown event", () => {
    // @ts-expect-error: room:locked carries a boolean `locked`
    subscribe(room, { "room:locked": (p: { locked: string }) => void p });
    // @ts-expect-error: msg:new does not carry a member
    subscribe(room, { "msg:new": (m: Member) => void m });
    // @ts-expect-error: "room:lockd" is not pushed
    subscribe(room, { "room:lockd": () => undefined });
  });
});

describe("RoomSession", () => {
  it("types its change event and its events by name", () => {
    session.on("change", (snapshot) => expectTypeOf(snapshot).toEqualTypeOf<RoomSnapshot>());
    // @ts-expect-error: "changed" is not an event
    session.on("changed", () => undefined);
    // @ts-expect-error: lockChanged passes a boolean, not a snapshot
    session.on("lockChanged", (snapshot: RoomSnapshot) => void snapshot);
    expectTypeOf(session.snapshot.members).toEqualTypeOf<readonly Member[]>();
  });
});
