import type { IncomingTransfer, OutgoingTransfer, TransferEndReason } from "@sanctuary/client";
import type { StateCreator } from "zustand";
import { formatBytes, inMemoryLimit, previewKind } from "../files/limits";
import { ReceiveSink } from "../files/receiveSink";
import { canSaveToFile, pickFile } from "../files/savePicker";
import type { AppState, Attachment, FilesSlice, TransferView } from "./types";

type Handle = IncomingTransfer | OutgoingTransfer;

/** Progress reaches the store at most this often per transfer. */
const PROGRESS_MS = 200;

const END_WORDS: Readonly<Record<TransferEndReason, string>> = {
  cancelled: "Cancelled.",
  declined: "Declined.",
  "sender-left": "The sender left before it arrived.",
  "receiver-left": "The receiver left.",
  "no-receivers": "Nobody is receiving it.",
  "too-slow": "The connection was too slow to keep up.",
  tampered: "A part did not verify: the file was changed on the way and was thrown away.",
  stalled: "Nothing arrived for a minute.",
  refused: "The server refused it.",
  closed: "The session ended.",
};

/**
 * Attachments and transfers (F42–F44): the tray of files picked for the next message,
 * and a card per file sent or received. Received files live in memory as blob: URLs,
 * revoked when the session ends (`watch`'s cleanup), unless the person streams one into
 * a file they pick (`saveToFile`, where the browser has the File System Access API);
 * nothing is stored anywhere else.
 */
export function createFilesSlice(): StateCreator<AppState, [], [], FilesSlice> {
  const handles = new Map<string, Handle>();
  const sinks = new Map<string, ReceiveSink>();
  /** Received files held in memory, for "Save to file…" after they arrived. */
  const blobs = new Map<string, Blob>();
  const urls = new Set<string>();
  let seq = 0;

  return (set, get) => {
    const patch = (id: string, fields: Partial<TransferView>) =>
      set((s) => ({ transfers: s.transfers.map((t) => (t.id === id ? { ...t, ...fields } : t)) }));

    const objectUrl = (blob: Blob) => {
      const url = URL.createObjectURL(blob);
      urls.add(url);
      return url;
    };

    const follow = (t: Handle, view: TransferView) => {
      handles.set(t.id, t);
      set((s) => ({ transfers: [...s.transfers, view] }));
      let last = 0;
      t.on("progress", (p) => {
        const sink = sinks.get(t.id);
        // Too large for memory and still not going to a file: stop before the tab gives out.
        if (view.mustSave && sink && !sink.toDisk && sink.held > inMemoryLimit()) {
          patch(t.id, { note: "Not saved to a file in time: too large to hold in memory here." });
          t.cancel();
          return;
        }
        const now = Date.now();
        if (now - last < PROGRESS_MS && p.bytes < p.size) return;
        last = now;
        patch(t.id, { bytes: p.bytes, bytesPerSecond: p.bytesPerSecond });
      });
      t.on("end", (state, reason, detail) => {
        handles.delete(t.id);
        const blob = t.direction === "in" ? sinks.get(t.id)?.blob : undefined;
        sinks.delete(t.id);
        if (blob) blobs.set(t.id, blob);
        const note = get().transfers.find((v) => v.id === t.id)?.note;
        patch(t.id, {
          state,
          bytes: t.bytes,
          ...(reason ? { note: note ?? detail ?? END_WORDS[reason] } : {}),
          ...(blob ? { url: objectUrl(blob) } : {}),
        });
      });
    };

    return {
      attachments: [],
      transfers: [],
      viewer: null,
      filesActions: {
        addFiles(files) {
          const added: Attachment[] = files.map((file) => ({
            key: `a${++seq}`,
            file,
            name: file.name || "pasted file",
            size: file.size,
            type: file.type || "application/octet-stream",
            ...(previewKind(file.type) === "image" ? { thumb: objectUrl(file) } : {}),
          }));
          set((s) => ({ attachments: [...s.attachments, ...added] }));
        },

        removeAttachment(key) {
          const gone = get().attachments.find((a) => a.key === key);
          if (gone?.thumb) {
            URL.revokeObjectURL(gone.thumb);
            urls.delete(gone.thumb);
          }
          set((s) => ({ attachments: s.attachments.filter((a) => a.key !== key) }));
        },

        takeAttachments() {
          const taken = [...get().attachments];
          if (taken.length > 0) set({ attachments: [] });
          return taken;
        },

        restoreAttachments(files) {
          if (files.length > 0) set((s) => ({ attachments: [...files, ...s.attachments] }));
        },

        async sendAttachments(to, ref, files) {
          const { session } = get();
          const attachments = files ?? get().filesActions.takeAttachments();
          if (!session || attachments.length === 0) return;
          const fromId = get().room?.youId;
          for (const a of attachments) {
            try {
              const t = await session.files.send(a.file, {
                name: a.name,
                type: a.type,
                ...(to ? { to } : {}),
                ...(ref ? { ref } : {}),
              });
              const toAlias = to ? get().members.find((m) => m.id === to)?.alias : undefined;
              const missed = (t.missed ?? []).map((m) => m.alias);
              follow(t, {
                id: t.id,
                direction: "out",
                name: t.name,
                size: t.size,
                type: t.type,
                ...(toAlias ? { peer: toAlias } : {}),
                bytes: 0,
                bytesPerSecond: 0,
                state: t.state,
                ts: Date.now(),
                ...(fromId ? { fromId } : {}),
                ...(ref ? { ref } : {}),
                ...(missed.length > 0 ? { missed } : {}),
                ...(a.thumb ? { url: a.thumb } : {}),
                ...(t.reason ? { note: END_WORDS[t.reason] } : {}),
              });
            } catch (err) {
              const message = err instanceof Error ? err.message : "It could not be sent.";
              set({ sendError: `${a.name}: ${message}` });
            }
          }
        },

        cancelTransfer(id) {
          handles.get(id)?.cancel();
        },

        async saveToFile(id) {
          const view = get().transfers.find((t) => t.id === id);
          if (view?.direction !== "in") return;
          const sink = sinks.get(id);
          // The picker first: it needs the click's activation, which an await would spend.
          const file = await pickFile(view.name);
          if (!file) return;
          if (sink && handles.has(id)) {
            if (sink.toFile(file)) patch(id, { toFile: true });
            else await file.abort();
            return;
          }
          const blob = blobs.get(id);
          if (!blob) {
            await file.abort();
            return;
          }
          try {
            await file.write(blob);
            await file.close();
            patch(id, { toFile: true });
          } catch {
            patch(id, { note: "The file could not be written." });
          }
        },

        openViewer(id) {
          set({ viewer: id });
        },

        watch(session) {
          const off = session.files.on("offer", (t) => {
            const limit = inMemoryLimit();
            const view: TransferView = {
              id: t.id,
              direction: "in",
              name: t.name,
              size: t.size,
              type: t.type,
              ...(t.peer ? { peer: t.peer.alias, fromId: t.peer.id } : {}),
              ...(t.ref ? { ref: t.ref } : {}),
              ts: Date.now(),
              bytes: 0,
              bytesPerSecond: 0,
              state: "active",
            };
            const sink = new ReceiveSink(t.type);
            if (t.size > limit && canSaveToFile() && t.accept(sink)) {
              // Held in memory only until the person picks a file (progress enforces it).
              sinks.set(t.id, sink);
              follow(t, { ...view, mustSave: true });
              return;
            }
            if (t.size > limit) {
              t.decline();
              set((s) => ({
                transfers: [
                  ...s.transfers,
                  {
                    ...view,
                    state: "cancelled",
                    note: `Too large to receive in this browser (at most ${formatBytes(limit)}).`,
                  },
                ],
              }));
              return;
            }
            if (t.accept(sink)) sinks.set(t.id, sink);
            follow(t, view);
          });
          return () => {
            off();
            for (const t of handles.values()) t.cancel();
            handles.clear();
            sinks.clear();
            blobs.clear();
            for (const url of urls) URL.revokeObjectURL(url);
            urls.clear();
            set({ attachments: [], transfers: [], viewer: null });
          };
        },
      },
    };
  };
}
