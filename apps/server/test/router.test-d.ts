import type {
  AckError,
  LobbyProtocol,
  MsgSendRequest,
  MsgSentResult,
  RoomProtocol,
  RoomServerEvents,
} from "@sanctuary/protocol";
import { describe, expectTypeOf, it } from "vitest";
import { type AfterAck, afterAck, createRouter, type Handlers, type Router } from "../src/io/router.js";
import type { LobbySocket, RoomSocket } from "../src/io/types.js";

type RoomHandlers = Handlers<RoomProtocol, RoomSocket>;

/** Checks an object literal against the handler table, as the server's own tables are. */
const room = (handlers: RoomHandlers) => handlers;

declare const envelope: MsgSendRequest["env"];

/** A complete, correct table to start each mistake from. */
const ok = {
  "msg:send": () => ({ id: "m1", ts: 1 }),
  "msg:whisper": async () => ({ id: "m2", ts: 2 }),
  typing: () => {},
  "member:kick": async () => ({}),
  "member:exit": () => afterAck({}, () => {}),
  "room:lock": () => ({}),
  "room:purge": async () => afterAck({}, async () => {}),
  "knock:answer": async () => ({}),
  "file:offer": () => ({ receivers: 1 }),
  "file:chunk": async () => ({}),
  "file:cancel": () => ({}),
} satisfies RoomHandlers;

describe("the room handler table", () => {
  it("gives each handler its parsed payload and the room socket", () => {
    expectTypeOf<Parameters<RoomHandlers["msg:send"]>>().toEqualTypeOf<[MsgSendRequest, RoomSocket]>();
    expectTypeOf<Parameters<RoomHandlers["typing"]>[0]>().toEqualTypeOf<{ on: boolean }>();
    expectTypeOf<Parameters<RoomHandlers["room:lock"]>[0]>().toEqualTypeOf<{ locked: boolean }>();
  });

  it("takes each request's ack from the protocol, and nothing from notify handlers", () => {
    expectTypeOf<ReturnType<RoomHandlers["msg:send"]>>().toEqualTypeOf<
      MsgSentResult | AfterAck<MsgSentResult> | Promise<MsgSentResult | AfterAck<MsgSentResult>>
    >();
    expectTypeOf<ReturnType<RoomHandlers["typing"]>>().toEqualTypeOf<void | Promise<void>>();
    // A refusal is thrown (`ProtocolError`), never returned.
    expectTypeOf<AckError>().not.toMatchTypeOf<ReturnType<RoomHandlers["msg:send"]>>();
  });

  it("accepts a complete table and builds a router for the room socket", () => {
    expectTypeOf(room(ok)).toEqualTypeOf<RoomHandlers>();
    expectTypeOf(createRouter<RoomProtocol, RoomSocket>).returns.toEqualTypeOf<Router<RoomSocket>>();
  });

  it("refuses a table with a handler missing", () => {
    const { typing: _typing, ...withoutTyping } = ok;
    // @ts-expect-error: "typing" has no handler
    room(withoutTyping);
    const { "room:lock": _lock, ...withoutLock } = ok;
    // @ts-expect-error: "room:lock" has no handler
    room(withoutLock);
  });

  it("refuses a handler for an event that does not exist", () => {
    // @ts-expect-error: there is no "room:nuke" request
    room({ ...ok, "room:nuke": () => ({}) });
    // @ts-expect-error: "msg:new" is a server push, not something a client sends
    room({ ...ok, "msg:new": () => {} });
  });

  it("refuses a request handler that returns the wrong ack", () => {
    // @ts-expect-error: msg:send acks with {id, ts}
    room({ ...ok, "msg:send": () => ({}) });
    // @ts-expect-error: the message ID is a string
    room({ ...ok, "msg:send": () => ({ id: 1, ts: 1 }) });
    // @ts-expect-error: nor later, from an async handler
    room({ ...ok, "msg:whisper": async () => ({ id: "m" }) });
    // @ts-expect-error: nor with work for after the ack
    room({ ...ok, "member:exit": () => afterAck({ id: "m", ts: 1, x: 1 }, () => {}) });
    // @ts-expect-error: room:lock acks with no fields
    room({ ...ok, "room:lock": () => ({ locked: true }) });
    // @ts-expect-error: a request must be answered
    room({ ...ok, "room:lock": () => {} });
  });

  it("refuses a notify handler that returns an ack nobody would receive", () => {
    // @ts-expect-error: typing is fire and forget
    room({ ...ok, typing: () => ({ id: "m", ts: 1 }) });
    // @ts-expect-error: not later either
    room({ ...ok, typing: async () => ({}) });
  });

  it("refuses one event's handler registered for another", () => {
    const msgSend: RoomHandlers["msg:send"] = ({ env }) => ({ id: env.ct.slice(0, 1), ts: 1 });
    room({ ...ok, "msg:send": msgSend });
    // @ts-expect-error: the msg:send handler takes {env} and returns an ack; typing sends {on}
    room({ ...ok, typing: msgSend });
    // @ts-expect-error: a lobby handler is not a room handler
    room({ ...ok, "room:lock": (null as unknown as Handlers<LobbyProtocol, LobbySocket>)["room:lookup"] });
  });

  it("reads payload fields that exist, and emits only server events", () => {
    room({
      ...ok,
      "msg:send": ({ env }, socket) => {
        socket.broadcast.emit("msg:new", {
          id: "m",
          from: { id: socket.data.memberId, alias: socket.data.alias },
          ts: 1,
          env: envelope,
        });
        // @ts-expect-error: msg:send carries no `text`; the server never sees plaintext
        expectTypeOf(env.text).toBeString();
        // @ts-expect-error: "msg:sent" is not an event the server sends
        socket.emit("msg:sent", {});
        return { id: "m", ts: 1 };
      },
    });
    expectTypeOf<Parameters<RoomServerEvents["typing"]>[0]>().toEqualTypeOf<{ id: string; on: boolean }>();
  });
});
