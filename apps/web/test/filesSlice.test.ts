// @vitest-environment jsdom
import type { FileSink } from "@sanctuary/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IN_MEMORY_LIMIT_BYTES } from "../src/files/limits";
import { createAppStore } from "../src/store/createAppStore";
import { FakeSession, fakeNav, fakeSdk, member } from "./fakes";

/**
 * The files slice (F42–F44): the tray, what `send` is asked to do (room or one member),
 * an offer too large for memory declined before it starts, and every blob: URL revoked
 * when the session's watch ends.
 */

type Listener = (...args: unknown[]) => void;

/** A transfer handle as the slice sees one: events, state and the calls it makes. */
function fakeTransfer(fields: { id: string; name: string; size: number; direction: "in" | "out" }) {
  const listeners = new Map<string, Listener[]>();
  return {
    ...fields,
    type: "application/octet-stream",
    state: "active" as const,
    reason: undefined,
    bytes: 0,
    peer: { id: "m2", alias: "bob" },
    declined: 0,
    cancelled: 0,
    sink: undefined as FileSink | undefined,
    accept(sink: FileSink) {
      this.sink = sink;
      return true;
    },
    on(event: string, l: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), l]);
      return () => {};
    },
    emit(event: string, ...args: unknown[]) {
      for (const l of listeners.get(event) ?? []) l(...args);
    },
    decline() {
      this.declined++;
    },
    cancel() {
      this.cancelled++;
    },
  };
}

let created: string[];
let revoked: string[];
beforeEach(() => {
  created = [];
  revoked = [];
  URL.createObjectURL = vi.fn(() => {
    const url = `blob:test/${created.length}`;
    created.push(url);
    return url;
  });
  URL.revokeObjectURL = vi.fn((url: string) => void revoked.push(url));
});
afterEach(() => vi.restoreAllMocks());

async function room() {
  const session = new FakeSession({ members: [member("m1", "alice", true), member("m2", "bob")] });
  const sent: Array<{ name: string; to?: string; ref?: string }> = [];
  let offer: Listener = () => {};
  (session as { files: unknown }).files = {
    send: vi.fn(async (_file: Blob, opts: { name: string; to?: string }) => {
      sent.push(opts);
      const t = fakeTransfer({ id: `t${sent.length}`, name: opts.name, size: 3, direction: "out" });
      // As the SDK reports a member on another server node (F19).
      return opts.name === "far.bin" ? { ...t, missed: [{ id: "m2", alias: "bob" }] } : t;
    }),
    on: (_event: string, l: Listener) => {
      offer = l;
      return () => {};
    },
  };
  const store = createAppStore({ sdk: fakeSdk(async () => session), nav: fakeNav() });
  const ui = store.getState().joinActions;
  ui.setJoinField("roomId", "K7QM-2XZD-9PWH-4TNS");
  ui.setJoinField("alias", "alice");
  ui.setJoinField("password", "pw");
  await ui.joinRoom();
  const stop = store.getState().filesActions.watch(session);
  return { store, session, sent, offer: (t: unknown) => offer(t), stop };
}

describe("the files slice", () => {
  it("keeps picked files in the tray, with a thumbnail for a picture, until removed", async () => {
    const { store } = await room();
    const { addFiles, removeAttachment } = store.getState().filesActions;
    addFiles([
      new File(["abc"], "a.png", { type: "image/png" }),
      new File(["x"], "notes.txt", { type: "text/plain" }),
    ]);
    const [png, txt] = store.getState().attachments;
    expect(png).toMatchObject({ name: "a.png", size: 3, type: "image/png", thumb: "blob:test/0" });
    expect(txt?.thumb).toBeUndefined();
    removeAttachment(png?.key as string);
    expect(store.getState().attachments.map((a) => a.name)).toEqual(["notes.txt"]);
    expect(revoked).toEqual(["blob:test/0"]);
  });

  it("sends the tray to the room, or to one member, and empties it", async () => {
    const { store, sent } = await room();
    const { addFiles, sendAttachments } = store.getState().filesActions;
    addFiles([new File(["abc"], "a.bin")]);
    await sendAttachments();
    addFiles([new File(["abc"], "b.bin")]);
    await sendAttachments("m2");
    expect(sent).toEqual([
      { name: "a.bin", type: "application/octet-stream" },
      { name: "b.bin", type: "application/octet-stream", to: "m2" },
    ]);
    expect(store.getState().attachments).toEqual([]);
    expect(store.getState().transfers.map((t) => [t.name, t.peer])).toEqual([
      ["a.bin", undefined],
      ["b.bin", "bob"],
    ]);
  });

  it("declines an offer too large to hold in memory, and says so", async () => {
    const { store, offer } = await room();
    const big = fakeTransfer({
      id: "in1",
      name: "huge.iso",
      size: IN_MEMORY_LIMIT_BYTES + 1,
      direction: "in",
    });
    offer(big);
    expect(big.declined).toBe(1);
    expect(store.getState().transfers[0]).toMatchObject({
      state: "cancelled",
      note: expect.stringMatching(/Too large/),
    });
  });

  it("shows a received file once done, and revokes every URL when the session's watch ends", async () => {
    const { store, offer, stop } = await room();
    const t = fakeTransfer({ id: "in2", name: "photo.bin", size: 3, direction: "in" });
    offer(t);
    t.emit("progress", { bytes: 3, size: 3, bytesPerSecond: 10 });
    await t.sink?.write(new TextEncoder().encode("abc"));
    await t.sink?.close();
    Object.assign(t, { bytes: 3 });
    t.emit("end", "done");
    expect(store.getState().transfers[0]).toMatchObject({ state: "done", bytes: 3, url: "blob:test/0" });
    stop();
    expect(revoked).toEqual(["blob:test/0"]);
    expect(store.getState().transfers).toEqual([]);
  });

  it("sends the files of a message after it, naming it, and puts them back when it fails", async () => {
    const { store, session, sent } = await room();
    const { addFiles } = store.getState().filesActions;
    addFiles([new File(["abc"], "a.bin")]);
    store.getState().composerActions.setDraft("here it is");
    await store.getState().composerActions.submitDraft();
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    const message = store.getState().messages.at(-1) as { id: string; text: string };
    expect(message.text).toBe("here it is");
    expect(sent[0]).toMatchObject({ name: "a.bin", ref: message.id });
    expect(store.getState().transfers[0]).toMatchObject({ ref: message.id, fromId: "m1" });

    session.sendError = new Error("refused");
    addFiles([new File(["x"], "b.bin")]);
    store.getState().composerActions.setDraft("again");
    await store.getState().composerActions.submitDraft();
    expect(sent).toHaveLength(1);
    expect(store.getState().attachments.map((a) => a.name)).toEqual(["b.bin"]);
  });

  it("whispers a file with its whisper, to that member only", async () => {
    const { store, sent } = await room();
    store.getState().filesActions.addFiles([new File(["abc"], "w.bin")]);
    store.getState().composerActions.setDraft("/purr bob for you");
    await store.getState().composerActions.submitDraft();
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ name: "w.bin", to: "m2", ref: expect.stringMatching(/.+/) });
  });

  it("offers a file too large for memory as save-to-file where the browser can, cancelling it if not saved in time", async () => {
    Object.assign(globalThis, { showSaveFilePicker: vi.fn(), isSecureContext: true });
    try {
      const { store, offer } = await room();
      const big = fakeTransfer({
        id: "in3",
        name: "huge.iso",
        size: IN_MEMORY_LIMIT_BYTES + 1,
        direction: "in",
      });
      offer(big);
      expect(big.declined).toBe(0);
      expect(store.getState().transfers[0]).toMatchObject({ state: "active", mustSave: true });
      // Not saved: once memory holds more than the limit, it stops.
      const chunk = new Uint8Array(65_536);
      for (let n = 0; n <= IN_MEMORY_LIMIT_BYTES / chunk.length; n++) big.sink?.write(chunk);
      big.emit("progress", { bytes: IN_MEMORY_LIMIT_BYTES + 1, size: big.size, bytesPerSecond: 1 });
      expect(big.cancelled).toBe(1);
    } finally {
      delete (globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    }
  });

  it("names the members a sent file will not reach (another server node)", async () => {
    const { store } = await room();
    store.getState().filesActions.addFiles([new File(["abc"], "far.bin")]);
    await store.getState().filesActions.sendAttachments();
    expect(store.getState().transfers[0]?.missed).toEqual(["bob"]);
  });

  it("Save to file… streams the rest of an arriving file into the picked file, or writes a finished one", async () => {
    const written: string[] = [];
    const picked = () => ({
      createWritable: async () => ({
        write: async (d: Uint8Array | Blob) => {
          written.push(d instanceof Blob ? `blob of ${d.size}` : new TextDecoder().decode(d));
        },
        close: async () => void written.push("<closed>"),
        abort: async () => void written.push("<aborted>"),
      }),
    });
    Object.assign(globalThis, { showSaveFilePicker: vi.fn(async () => picked()), isSecureContext: true });
    try {
      const { store, offer } = await room();
      const t = fakeTransfer({ id: "in4", name: "a.txt", size: 4, direction: "in" });
      offer(t);
      await t.sink?.write(new TextEncoder().encode("ab"));
      await store.getState().filesActions.saveToFile("in4");
      expect(store.getState().transfers[0]?.toFile).toBe(true);
      await t.sink?.write(new TextEncoder().encode("cd"));
      await t.sink?.close();
      t.emit("end", "done");
      expect(written).toEqual(["ab", "cd", "<closed>"]);
      expect(store.getState().transfers[0]?.url).toBeUndefined();

      written.length = 0;
      const done = fakeTransfer({ id: "in5", name: "b.txt", size: 2, direction: "in" });
      offer(done);
      await done.sink?.write(new TextEncoder().encode("xy"));
      await done.sink?.close();
      done.emit("end", "done");
      await store.getState().filesActions.saveToFile("in5");
      expect(written).toEqual(["blob of 2", "<closed>"]);
    } finally {
      delete (globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    }
  });
});
