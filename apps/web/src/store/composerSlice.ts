import { SanctuaryError } from "@sanctuary/client/errors";
import type { StateCreator } from "zustand";
import { aliasArg } from "../commands/aliasArg";
import { parseCommand } from "../commands/parseCommand";
import { applyFormat } from "../formatting/editing";
import { draftProblem } from "../formatting/imageBudget";
import { describeError } from "./describeError";
import { appendCapped, hint, isNotice, localNotice, pendingMessage, withoutItem, withStatus } from "./feed";
import type { SessionLike, StoreDeps } from "./sdk";
import type { AppState, Attachment, ComposerSlice, Notice, RoomMessage } from "./types";

/** After this long without a keystroke the "typing" signal is withdrawn. */
const TYPING_IDLE_MS = 3000;
/**
 * While typing goes on, "typing" is said again this often. The server relays it as a
 * volatile packet (it may be dropped), so receivers forget a typist they have not heard
 * from for a while (TYPING_EXPIRE_MS in sessionSync.ts) and this refresh keeps a
 * steady typist shown. At most one packet per interval: throttled.
 */
export const TYPING_REFRESH_MS = 2500;

/** The composer when there is no room (its focus counter runs on). */
export const NO_DRAFT: Pick<ComposerSlice, "draft" | "preview" | "sendError"> = {
  draft: "",
  preview: false,
  sendError: null,
};

/**
 * The composer: the draft and its preview, slash commands (which end up in the same
 * few requests as the buttons), sending and whispering with their "sending…" lines,
 * pasted pictures, and the typing signal. Only plain misuse (no such member, yourself)
 * is answered here, with a hint that never leaves the page.
 */
export function createComposerSlice(_deps: StoreDeps): StateCreator<AppState, [], [], ComposerSlice> {
  return (set, get) => {
    let typingOn = false;
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    let typingSentAt = 0;
    /** True while the outbox is being sent, so two flushes never interleave. */
    let flushing = false;

    /**
     * Whether a failed send should wait in the outbox (F27): the connection is down
     * now, so the error is the drop's, and the message goes out once back.
     */
    function keepForLater(session: SessionLike, err: unknown): boolean {
      return (
        get().session === session &&
        get().connection !== "online" &&
        err instanceof SanctuaryError &&
        err.code === "NETWORK"
      );
    }

    /** The oldest message waiting in the outbox, if any. */
    function nextQueued(): RoomMessage | undefined {
      return get().messages.find((item): item is RoomMessage => !isNotice(item) && item.status === "queued");
    }

    function add(item: Notice): void {
      set((s) => ({ messages: appendCapped(s.messages, item) }));
    }

    function stopTyping(): void {
      clearTimeout(typingTimer);
      typingTimer = undefined;
      if (!typingOn) return;
      typingOn = false;
      try {
        get().session?.setTyping(false);
      } catch {
        // A closed session has nobody to tell.
      }
    }

    function typingActivity(): void {
      const session = get().session;
      if (!session) return;
      const now = Date.now();
      if (!typingOn || now - typingSentAt >= TYPING_REFRESH_MS) {
        typingOn = true;
        typingSentAt = now;
        try {
          session.setTyping(true);
        } catch {
          typingOn = false;
        }
      }
      clearTimeout(typingTimer);
      typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
    }

    /**
     * The files that went with a message go after it, naming it (`ref`), so every reader
     * shows them under it; back to the tray when the message did not go.
     */
    function filesAfter(files: readonly Attachment[], sent: boolean, to?: string, ref?: string): void {
      if (files.length === 0) return;
      const { filesActions } = get();
      if (sent) void filesActions.sendAttachments(to, ref, files);
      else filesActions.restoreAttachments(files);
    }

    async function whisper(
      session: SessionLike,
      toId: string,
      text: string,
      files: readonly Attachment[] = [],
    ): Promise<boolean> {
      stopTyping();
      const to = get().members.find((m) => m.id === toId);
      const item = to ? pendingMessage(session.snapshot.you, "whisper", text, to) : null;
      set((s) => ({ sendError: null, messages: item ? appendCapped(s.messages, item) : s.messages }));
      try {
        // The SDK emits the whisper as "message" (mine) once the server accepts it,
        // which marks it delivered.
        const sent = await session.whisper(toId, text);
        filesAfter(files, true, toId, sent.id);
        return true;
      } catch (err) {
        if (get().session !== session) return false;
        filesAfter(files, false);
        set((s) => ({ messages: item ? withoutItem(s.messages, item.id) : s.messages }));
        if (err instanceof SanctuaryError && err.code === "UNVERIFIED_KEY") {
          // Refused before anything left the page: nobody else sees it.
          add(hint(`Whisper not sent: ${err.message}`));
        } else {
          set({ sendError: `Whisper not sent: ${describeError(err)}` });
        }
        return false;
      }
    }

    /** The draft (the preview renders it itself, in the room screen). */
    function draftState(draft: string): Partial<Pick<AppState, "draft">> {
      return { draft };
    }

    function whoText(): string {
      const { members, ownerId, room } = get();
      const names = members.map((m) => {
        const marks = [m.id === ownerId ? "owner" : "", m.id === room?.youId ? "you" : ""].filter(Boolean);
        return marks.length ? `${m.alias} (${marks.join(", ")})` : m.alias;
      });
      return `In the room (${members.length}): ${names.join(", ")}`;
    }

    return {
      ...NO_DRAFT,
      composerFocus: 0,
      composerActions: {
        setDraft(text) {
          const { draft, sendError } = get();
          if (text === draft) return;
          set(draftState(text));
          if (sendError) set({ sendError: null });
          // A command is not a message being typed: the others need not know about it.
          if (text.trimStart().startsWith("/")) stopTyping();
          else if (text !== "") typingActivity();
        },

        async submitDraft() {
          const text = get().draft;
          if (!get().session) return;
          // Files with no words: they go alone, to the room.
          if (text.trim() === "") {
            if (get().attachments.length > 0) void get().filesActions.sendAttachments();
            return;
          }
          // Cleared at once so the next line can be typed while this one is acknowledged;
          // put back if it did not go through and nothing new was typed meanwhile.
          set(draftState(""));
          const done = await get().composerActions.runCommand(text);
          if (!done && get().session && get().draft === "") set(draftState(text));
        },

        async runCommand(input) {
          const { session, room, members, composerActions, joinActions, moderationActions, feedActions } =
            get();
          if (!session || !room) return false;
          const command = parseCommand(input, { members, youId: room.youId });
          const tooLarge =
            command.kind === "message" || command.kind === "purr" ? draftProblem(command.text) : null;
          if (tooLarge) {
            set({ sendError: tooLarge });
            return false;
          }
          const files =
            command.kind === "message" || command.kind === "purr" ? get().filesActions.takeAttachments() : [];
          switch (command.kind) {
            case "message":
              return composerActions.send(command.text, files);
            case "hint":
              add(hint(command.text));
              return false;
            case "exit":
              await joinActions.leave(command.farewell);
              return true;
            case "stop":
              await moderationActions.purge();
              return true;
            case "kick":
              await moderationActions.kick(command.target.id, command.target.alias);
              return true;
            case "purr":
              return whisper(session, command.target.id, command.text, files);
            case "lock":
            case "unlock":
              await moderationActions.setLocked(command.kind === "lock");
              return true;
            case "who":
              add(localNotice(whoText()));
              return true;
            case "help":
              feedActions.showHelp();
              return true;
            case "clear":
              feedActions.clearScreen();
              return true;
          }
        },

        async send(text, files = []) {
          const session = get().session;
          const body = text.trim();
          if (!session || body === "") {
            filesAfter(files, false);
            return false;
          }
          stopTyping();
          // Offline, or others are still waiting: it joins the outbox, in order (F27).
          const waits = get().connection !== "online" || nextQueued() !== undefined;
          // Shown at once as "sending…" (or "not sent yet"); the SDK's "message" (mine)
          // after the server's ack turns it into the delivered message (sessionSync.ts).
          const item = pendingMessage(
            session.snapshot.you,
            "msg",
            body,
            undefined,
            waits ? "queued" : "sending",
          );
          set((s) => ({ sendError: null, messages: appendCapped(s.messages, item) }));
          if (waits) {
            // Files cannot wait in the outbox: back to the tray, to be sent once online.
            filesAfter(files, false);
            if (get().connection === "online") void get().composerActions.flushOutbox();
            return true;
          }
          try {
            const sent = await session.send(body);
            filesAfter(files, true, undefined, sent.id);
            return true;
          } catch (err) {
            filesAfter(files, false);
            if (keepForLater(session, err)) {
              set((s) => ({ messages: withStatus(s.messages, item.id, "queued") }));
              return true;
            }
            if (get().session === session) {
              set((s) => ({ sendError: describeError(err), messages: withoutItem(s.messages, item.id) }));
            }
            return false;
          }
        },

        async flushOutbox() {
          const session = get().session;
          if (flushing || !session) return;
          flushing = true;
          try {
            for (let item = nextQueued(); item; item = nextQueued()) {
              if (get().session !== session || get().connection !== "online") return;
              const { id, text } = item;
              set((s) => ({ messages: withStatus(s.messages, id, "sending") }));
              try {
                // Sealed and stamped now, so the stamp is fresh (F25's staleness rule).
                await session.send(text);
              } catch (err) {
                if (keepForLater(session, err)) {
                  set((s) => ({ messages: withStatus(s.messages, id, "queued") }));
                  return;
                }
                if (get().session !== session) return;
                set((s) => ({
                  sendError: `A message that waited was not sent: ${describeError(err)}`,
                  messages: withoutItem(s.messages, id),
                }));
              }
            }
          } finally {
            flushing = false;
          }
        },

        discardQueued(id) {
          set((s) => ({
            messages: s.messages.filter(
              (item) => item.id !== id || isNotice(item) || item.status !== "queued",
            ),
          }));
        },

        typingActivity,
        stopTyping,

        clearSendError() {
          set({ sendError: null });
        },

        whisperTo(memberId) {
          const { members, room } = get();
          const member = members.find((m) => m.id === memberId);
          if (!member || member.id === room?.youId) return;
          set((s) => ({
            membersOpen: false,
            draft: `/purr ${aliasArg(member.alias, members)} `,
            composerFocus: s.composerFocus + 1,
          }));
        },

        applyFormat(format, selection) {
          const draft = get().draft;
          const result = applyFormat(
            { text: draft, selectionStart: selection.start, selectionEnd: selection.end },
            format,
          );
          get().composerActions.setDraft(result.text);
          return { start: result.selectionStart, end: result.selectionEnd };
        },

        togglePreview() {
          set((s) => ({ preview: !s.preview }));
        },
      },
    };
  };
}
