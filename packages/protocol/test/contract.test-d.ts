import { describe, expectTypeOf, it } from "vitest";
import type {
  AckFn,
  LobbyClientEvents,
  Member,
  MsgSentResult,
  RoomAck,
  RoomClientEvents,
  RoomEventName,
  RoomNotifyName,
  RoomRequest,
  RoomRequestName,
  RoomServerEvents,
  roomEventSchemas,
  roomPushSchemas,
} from "../src/index.js";

describe("the derived event maps", () => {
  it("give each request its payload and its ack", () => {
    expectTypeOf<RoomClientEvents["msg:send"]>().parameters.toEqualTypeOf<
      [RoomRequest<"msg:send">, AckFn<MsgSentResult>]
    >();
    expectTypeOf<RoomAck<"room:lock">>().toEqualTypeOf<Record<string, never>>();
    expectTypeOf<LobbyClientEvents["room:lookup"]>().parameter(0).toEqualTypeOf<{ roomId: string }>();
  });

  it("give fire-and-forget events no ack", () => {
    expectTypeOf<RoomClientEvents["typing"]>().parameters.toEqualTypeOf<[{ on: boolean }]>();
    expectTypeOf<RoomNotifyName>().toEqualTypeOf<"typing">();
    expectTypeOf<"typing">().not.toMatchTypeOf<RoomRequestName>();
  });

  it("type server pushes by their schema", () => {
    expectTypeOf<RoomServerEvents["member:joined"]>().parameter(0).toEqualTypeOf<Member>();
    expectTypeOf<RoomServerEvents["msg:whisper"]>().parameter(0).toHaveProperty("to");
  });

  it("refuse names that are not events", () => {
    // @ts-expect-error: "room:lokc" is not a room event
    const wrong: RoomEventName = "room:lokc";
    // @ts-expect-error: a push is not something a client may send
    const push: RoomEventName = "msg:new";
    // @ts-expect-error: the lock request has no `lockd`
    const payload: RoomRequest<"room:lock"> = { lockd: "yes" };
    expectTypeOf(wrong).toBeString();
    expectTypeOf(push).toBeString();
    expectTypeOf(payload).toBeObject();
  });

  it("derive the schema tables from the same definitions", () => {
    expectTypeOf<keyof typeof roomEventSchemas>().toEqualTypeOf<RoomEventName>();
    expectTypeOf<keyof typeof roomPushSchemas>().toEqualTypeOf<keyof RoomServerEvents>();
  });
});
