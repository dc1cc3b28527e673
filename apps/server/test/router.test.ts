import { type Ack, type RoomProtocol, roomProtocol } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { afterAck, createRouter, type Handlers, ProtocolError } from "../src/io/router.js";

/** Just what the router touches of a socket: `on`, and itself as the listeners' `this`. */
class FakeSocket {
  readonly listeners = new Map<string, (this: FakeSocket, ...args: unknown[]) => void>();
  readonly log: string[] = [];
  invalid = 0;
  on(event: string, listener: (this: FakeSocket, ...args: unknown[]) => void): void {
    this.listeners.set(event, listener);
  }
  /** Delivers an event as Socket.IO does: the listener called with the socket as `this`. */
  receive(event: string, ...args: unknown[]): void {
    this.listeners.get(event)?.call(this, ...args);
  }
}

const b64 = (bytes: number) => Buffer.alloc(bytes, 7).toString("base64url");
const env = { v: 1, iv: b64(16), ct: b64(32), mac: b64(32) };

type Overrides = Partial<Handlers<RoomProtocol, FakeSocket>>;

function setup(overrides: Overrides = {}) {
  const handlers: Handlers<RoomProtocol, FakeSocket> = {
    "msg:send": (_req, socket) => {
      socket.log.push("handled");
      return { id: "m1", ts: 1 };
    },
    "msg:whisper": async () => ({ id: "m2", ts: 2 }),
    typing: ({ on }, socket) => {
      socket.log.push(`typing ${on}`);
    },
    "member:kick": async () => ({}),
    "member:exit": () => ({}),
    "room:lock": () => ({}),
    "room:purge": () => ({}),
    "knock:answer": () => ({}),
    "file:offer": () => ({ receivers: 0 }),
    "file:chunk": () => ({}),
    "file:cancel": () => ({}),
    ...overrides,
  };
  const router = createRouter(roomProtocol, handlers, (socket) => {
    socket.invalid++;
  });
  const socket = new FakeSocket();
  router.attach(socket);
  const acks: Ack<object>[] = [];
  const ack = (res: Ack<object>) => {
    acks.push(res);
    socket.log.push(`ack ${res.ok ? "ok" : res.code}`);
  };
  return { socket, acks, ack };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("the router", () => {
  it("listens to every client event of the protocol, and to nothing else", () => {
    const { socket } = setup();
    expect([...socket.listeners.keys()].sort()).toEqual(Object.keys(roomProtocol.toServer).sort());
  });

  it("shares one listener per event between all sockets", () => {
    const router = createRouter(roomProtocol, setupHandlers(), () => {});
    const a = new FakeSocket();
    const b = new FakeSocket();
    router.attach(a);
    router.attach(b);
    expect(a.listeners.get("msg:send")).toBe(b.listeners.get("msg:send"));
  });

  it("answers a synchronous handler synchronously, with its return value as the ack", () => {
    const { socket, acks, ack } = setup();
    socket.receive("msg:send", { env }, ack);
    expect(acks).toEqual([{ ok: true, id: "m1", ts: 1 }]);
  });

  it("answers an async handler when it resolves", async () => {
    const { socket, acks, ack } = setup();
    socket.receive("msg:whisper", { to: b64(12), env }, ack);
    expect(acks).toEqual([]);
    await settle();
    expect(acks).toEqual([{ ok: true, id: "m2", ts: 2 }]);
  });

  it("answers a ProtocolError with its code and message", async () => {
    const { socket, acks, ack } = setup({
      "msg:send": () => {
        throw new ProtocolError("TOO_LARGE");
      },
      "room:lock": async () => {
        throw new ProtocolError("NOT_OWNER", "Only the owner.");
      },
    });
    socket.receive("msg:send", { env }, ack);
    socket.receive("room:lock", { locked: true }, ack);
    await settle();
    expect(acks).toEqual([
      { ok: false, code: "TOO_LARGE", message: "That is too large to send." },
      { ok: false, code: "NOT_OWNER", message: "Only the owner." },
    ]);
  });

  it("answers INTERNAL, saying nothing more, to any other throw or rejection", async () => {
    const { socket, acks, ack } = setup({
      "msg:send": () => {
        throw new Error("secret detail");
      },
      "room:lock": () => Promise.reject(new TypeError("boom")),
    });
    socket.receive("msg:send", { env }, ack);
    socket.receive("room:lock", { locked: true }, ack);
    await settle();
    expect(acks.map((a) => !a.ok && a.code)).toEqual(["INTERNAL", "INTERNAL"]);
    expect(JSON.stringify(acks)).not.toContain("secret");
  });

  it("sends the ack before the work that must follow it", async () => {
    const { socket, ack } = setup({
      "room:purge": async (_req, s) => {
        s.log.push("checked");
        return afterAck({}, async () => {
          s.log.push("ended");
          throw new Error("ignored: the ack has gone");
        });
      },
    });
    socket.receive("room:purge", {}, ack);
    await settle();
    expect(socket.log).toEqual(["checked", "ack ok", "ended"]);
  });

  it("answers at most once, even when the client's ack function throws", () => {
    let calls = 0;
    const { socket } = setup();
    socket.receive("msg:send", { env }, () => {
      calls++;
      throw new Error("socket gone");
    });
    expect(calls).toBe(1);
  });

  it("drops a request without an ack function, and charges the sender", () => {
    const { socket } = setup();
    socket.receive("msg:send", { env });
    expect(socket.log).toEqual([]);
    expect(socket.invalid).toBe(1);
  });

  it("answers INVALID to extra arguments and to a payload failing its schema, naming the path only", () => {
    const { socket, acks, ack } = setup();
    socket.receive("msg:send", { env }, "extra", ack);
    socket.receive("msg:send", { env: { ...env, ct: "not base64 <script>" } }, ack);
    expect(acks).toEqual([
      { ok: false, code: "INVALID", message: "The request was malformed." },
      { ok: false, code: "INVALID", message: 'The request was malformed. Check "env.ct".' },
    ]);
    expect(socket.log).not.toContain("handled");
    expect(socket.invalid).toBe(2);
  });

  it("runs a fire-and-forget handler, and drops a malformed one silently but charges it", () => {
    const { socket } = setup();
    socket.receive("typing", { on: true });
    socket.receive("typing", { on: "yes" });
    socket.receive("typing", { on: true }, () => {});
    expect(socket.log).toEqual(["typing true"]);
    expect(socket.invalid).toBe(2);
  });

  it("never lets a failing fire-and-forget handler escape", async () => {
    const { socket } = setup({
      typing: () => {
        throw new Error("boom");
      },
    });
    expect(() => socket.receive("typing", { on: true })).not.toThrow();
  });
});

function setupHandlers(): Handlers<RoomProtocol, FakeSocket> {
  return {
    "msg:send": () => ({ id: "m", ts: 1 }),
    "msg:whisper": () => ({ id: "m", ts: 1 }),
    typing: () => {},
    "member:kick": () => ({}),
    "member:exit": () => ({}),
    "room:lock": () => ({}),
    "room:purge": () => ({}),
    "knock:answer": () => ({}),
    "file:offer": () => ({ receivers: 0 }),
    "file:chunk": () => ({}),
    "file:cancel": () => ({}),
  };
}
