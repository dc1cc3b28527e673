import { EventEmitter } from "node:events";
import { RATE_LIMIT_STRIKES, RATE_WINDOW_SECONDS } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { EventLimits } from "../src/abuse/eventLimits.js";
import { rememberAddress } from "../src/net/clientAddress.js";

type Middleware = (packet: unknown[], next: (err?: Error) => void) => void;

/** A Socket.IO socket as EventLimits sees it: middleware run per event, then a disconnect. */
class FakeSocket extends EventEmitter {
  connected = true;
  disconnects = 0;
  readonly data = {};
  readonly #fns: Middleware[] = [];

  constructor(
    readonly id: string,
    readonly conn: object,
  ) {
    super();
  }

  use(fn: Middleware): this {
    this.#fns.push(fn);
    return this;
  }

  /** Sends one event with an ack: "passed", the ack's answer, or "dropped". */
  send(): string {
    let outcome = "dropped";
    const ack = (res: { code?: string }) => {
      outcome = res.code ?? "answered";
    };
    const next = () => {
      outcome = "passed";
    };
    for (const fn of this.#fns) fn(["msg:send", {}, ack], next);
    return outcome;
  }

  disconnect(): this {
    this.disconnects++;
    this.connected = false;
    this.emit("disconnect");
    return this;
  }
}

function connection(address: string): object {
  const conn = {};
  rememberAddress(conn, address);
  return conn;
}

describe("event limits: every socket keeps its own budget and address", () => {
  it("charges each socket and each address on its own, and closes only the flooding socket", async () => {
    const perSocket = 1;
    const limits = new EventLimits({ perSocket, perAddress: 1.5, hashAddress: (a) => `h:${a}` });
    const sockets = ["192.0.2.1", "192.0.2.1", "192.0.2.2", "192.0.2.3"].map(
      (address, i) => new FakeSocket(`s${i}`, connection(address)),
    );
    for (const socket of sockets) limits.guard(socket);
    const budget = perSocket * RATE_WINDOW_SECONDS;
    const [a, b, c, d] = sockets as [FakeSocket, FakeSocket, FakeSocket, FakeSocket];

    for (let i = 0; i < budget; i++) expect(a.send()).toBe("passed");
    expect(a.send()).toBe("RATE_LIMITED");
    // b shares a's address: its own budget is whole, the address's is what a left of it.
    for (let i = 0; i < budget / 2; i++) expect(b.send()).toBe("passed");
    expect(b.send()).toBe("RATE_LIMITED");
    // Other addresses are charged nothing for a and b.
    for (let i = 0; i < budget; i++) expect(c.send()).toBe("passed");

    for (let i = 1; i < RATE_LIMIT_STRIKES; i++) expect(a.send()).toBe("RATE_LIMITED");
    // One strike too many: a is closed (after this turn), and its events are dropped.
    expect(a.send()).toBe("dropped");
    expect(a.send()).toBe("dropped");
    await new Promise((resolve) => setImmediate(resolve));
    expect(sockets.map((s) => s.disconnects)).toEqual([1, 0, 0, 0]);
    expect(d.send()).toBe("passed");

    for (const socket of sockets.slice(1)) socket.disconnect();
    expect(limits.socketKeys()).toBe(0);
    expect(d.send()).toBe("dropped");
  });
});
