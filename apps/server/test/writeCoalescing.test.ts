import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { WriteCoalescer } from "../src/io/writeCoalescing.js";

/** A TCP socket stand-in: a real Writable that records each write it makes to the "kernel". */
function recordingSocket() {
  const syscalls: string[][] = [];
  const socket = new Writable({
    writev(chunks, done) {
      syscalls.push(chunks.map((c) => String(c.chunk)));
      done();
    },
    write(chunk, _enc, done) {
      syscalls.push([String(chunk)]);
      done();
    },
  });
  return { socket, syscalls };
}

/** An engine.io connection stand-in whose transport writes frames to `raw`. */
function engineConnection(raw: Writable, transport = "websocket") {
  const conn = new EventEmitter() as EventEmitter & {
    transport: { name: string; socket: { _socket: Writable } };
    send(frame: string): void;
  };
  conn.transport = { name: transport, socket: { _socket: raw } };
  // As engine.io does: "flush", then the transport writes each frame.
  conn.send = (frame) => {
    conn.emit("flush");
    raw.write(frame);
  };
  return conn;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("write coalescing", () => {
  it("sends the frames one turn queued for a WebSocket connection in one write, in order", async () => {
    const coalescer = new WriteCoalescer();
    const a = recordingSocket();
    const b = recordingSocket();
    const connA = engineConnection(a.socket);
    const connB = engineConnection(b.socket);
    coalescer.watch(connA);
    coalescer.watch(connB);
    connA.send("1");
    connB.send("x");
    connA.send("2");
    connA.send("3");
    expect(a.syscalls).toEqual([]);
    await nextTurn();
    await nextTurn();
    expect(a.syscalls).toEqual([["1", "2", "3"]]);
    expect(b.syscalls).toEqual([["x"]]);
    // The next turn is corked afresh, and written again at its end.
    connA.send("4");
    connA.send("5");
    await nextTurn();
    await nextTurn();
    expect(a.syscalls).toEqual([
      ["1", "2", "3"],
      ["4", "5"],
    ]);
  });

  it("leaves polling connections alone", async () => {
    const coalescer = new WriteCoalescer();
    const a = recordingSocket();
    const conn = engineConnection(a.socket, "polling");
    coalescer.watch(conn);
    conn.send("1");
    conn.send("2");
    await nextTurn();
    expect(a.syscalls).toEqual([["1"], ["2"]]);
  });

  it("drops nothing into a socket that was destroyed while corked (the write cap's cut-off)", async () => {
    const coalescer = new WriteCoalescer();
    const a = recordingSocket();
    const conn = engineConnection(a.socket);
    coalescer.watch(conn);
    conn.send("1");
    a.socket.destroy();
    await nextTurn();
    await nextTurn();
    expect(a.syscalls).toEqual([]);
    // A later flush for a destroyed socket corks nothing.
    conn.emit("flush");
    await nextTurn();
    expect(a.socket.writableCorked).toBe(1);
  });
});
