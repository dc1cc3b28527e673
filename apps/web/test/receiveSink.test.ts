import { describe, expect, it } from "vitest";
import { placeFileCards } from "../src/components/fileCardPlaces";
import { ReceiveSink, type WritableFile } from "../src/files/receiveSink";
import type { RoomMessage, TransferView } from "../src/store/types";

/**
 * Where a received file goes (F44): memory until the person picks a file, then that
 * file, in order, with nothing left in memory; and where its card goes in the list.
 */

/** A writable file that records what reached it, resolving each write a tick later. */
function fakeFile() {
  const written: number[] = [];
  const file: WritableFile & { written: number[]; closed: boolean; aborted: boolean } = {
    written,
    closed: false,
    aborted: false,
    async write(data) {
      await new Promise((r) => setTimeout(r, 1));
      const bytes = data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
      written.push(...bytes);
    },
    async close() {
      file.closed = true;
    },
    async abort() {
      file.aborted = true;
    },
  };
  return file;
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe("the receive sink", () => {
  it("assembles the file in memory when no file was picked", async () => {
    const sink = new ReceiveSink("text/plain");
    await sink.write(bytes(1, 2));
    await sink.write(bytes(3));
    expect(sink.held).toBe(3);
    await sink.close();
    expect(new Uint8Array(await (sink.blob as Blob).arrayBuffer())).toEqual(bytes(1, 2, 3));
    expect(sink.held).toBe(0);
  });

  it("moves what arrived to the picked file, then streams the rest there, in order", async () => {
    const sink = new ReceiveSink("application/octet-stream");
    await sink.write(bytes(1));
    await sink.write(bytes(2));
    const file = fakeFile();
    expect(sink.toFile(file)).toBe(true);
    // Chunks keep arriving while the earlier ones are being written.
    await sink.write(bytes(3));
    await sink.write(bytes(4));
    await sink.close();
    expect(file.written).toEqual([1, 2, 3, 4]);
    expect(file.closed).toBe(true);
    expect(sink.blob).toBeUndefined();
    expect(sink.held).toBe(0);
    expect(sink.toFile(fakeFile())).toBe(false);
  });

  it("aborts the picked file when the transfer fails", async () => {
    const sink = new ReceiveSink("application/octet-stream");
    const file = fakeFile();
    sink.toFile(file);
    await sink.write(bytes(9));
    await sink.abort();
    expect(file.aborted).toBe(true);
    expect(file.closed).toBe(false);
  });
});

describe("file cards in the conversation", () => {
  const msg = (id: string, fromId: string, mine: boolean, ts: number): RoomMessage => ({
    id,
    kind: "msg",
    from: { id: fromId, alias: fromId },
    ts,
    text: id,
    mine,
    status: "delivered",
  });
  const card = (id: string, fields: Partial<TransferView>): TransferView => ({
    id,
    direction: "in",
    name: id,
    size: 1,
    type: "application/octet-stream",
    bytes: 0,
    bytesPerSecond: 0,
    state: "active",
    ts: 0,
    ...fields,
  });

  it("goes under the message it names, only if that message is its sender's", () => {
    const items = [msg("s1", "bob", false, 10), msg("s2", "me", true, 20)];
    const places = placeFileCards(items, [
      card("a", { ref: "s1", fromId: "bob", ts: 11 }),
      card("b", { ref: "s2", direction: "out", fromId: "me", ts: 21 }),
      // Names someone else's message: stands alone.
      card("c", { ref: "s2", fromId: "bob", ts: 30 }),
      card("d", { fromId: "bob", ts: 5 }),
    ]);
    expect(places.under.get("s1")?.map((t) => t.id)).toEqual(["a"]);
    expect(places.under.get("s2")?.map((t) => t.id)).toEqual(["b"]);
    expect(places.loose.map((t) => t.id)).toEqual(["d", "c"]);
  });
});
