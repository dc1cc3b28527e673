import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { SLOW_CONSUMER, WriteCap } from "../src/abuse/writeCap.js";

/** An engine.io socket as WriteCap sees it: packets are created, then flushed. */
class FakeConnection extends EventEmitter {
  readyState = "open";
  closedWith: string | null = null;
  terminated = false;
  readonly transport: { name: string; socket: { bufferedAmount: number; terminate(): void } };

  constructor(bufferedAmount = 0) {
    super();
    this.transport = {
      name: "websocket",
      socket: {
        bufferedAmount,
        terminate: () => {
          this.terminated = true;
        },
      },
    };
  }

  write(bytes: number): void {
    this.emit("packetCreate", { data: "x".repeat(bytes) });
  }

  flush(): void {
    this.emit("flush");
  }

  onClose(reason: string): void {
    if (this.readyState === "closed") return;
    this.readyState = "closed";
    this.closedWith = reason;
  }
}

describe("write cap: each connection's unread bytes are counted on their own", () => {
  it("cuts off only the slow readers among many connections, once each", () => {
    const cap = new WriteCap(1000);
    const conns = Array.from({ length: 50 }, () => new FakeConnection());
    for (const conn of conns) cap.watch(conn);
    for (let round = 0; round < 3; round++) {
      for (const [i, conn] of conns.entries()) {
        conn.write(400);
        // Even connections read what they are sent; odd ones never do.
        if (i % 2 === 0) conn.flush();
      }
    }
    for (const [i, conn] of conns.entries()) {
      expect(conn.closedWith).toBe(i % 2 === 0 ? null : SLOW_CONSUMER);
      expect(conn.terminated).toBe(i % 2 === 1);
    }
    expect(cap.cutOff).toBe(25);
    // A closed connection is not counted again.
    (conns[1] as FakeConnection).write(5000);
    expect(cap.cutOff).toBe(25);
  });

  it("counts what the transport still holds, and starts again from 0 after a flush", () => {
    const cap = new WriteCap(1000);
    const backed = new FakeConnection(800);
    const flushed = new FakeConnection();
    cap.watch(backed);
    cap.watch(flushed);
    flushed.write(900);
    flushed.flush();
    flushed.write(900);
    expect(flushed.closedWith).toBeNull();
    backed.write(100);
    expect(backed.closedWith).toBeNull();
    backed.write(101);
    expect(backed.closedWith).toBe(SLOW_CONSUMER);
    expect(cap.cutOff).toBe(1);
  });
});
