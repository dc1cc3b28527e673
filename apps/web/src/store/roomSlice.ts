import { SanctuaryError } from "@sanctuary/client";
import type { StateCreator } from "zustand";
import { aliasArg } from "../commands/aliasArg";
import { helpLines } from "../commands/commands";
import { parseCommand } from "../commands/parseCommand";
import { encodeImage } from "../formatting/encodeImage";
import { applyFormat } from "../formatting/formats";
import { draftProblem, IMAGE_LIMIT_WORDS, imageBudget, imageTag } from "../formatting/imageBudget";
import { renderMessageHtml } from "../formatting/messageHtml";
import { describeError } from "./describeError";
import { appendCapped, hint, localNotice, pendingMessage, withoutItem } from "./feed";
import type { SessionLike, StoreDeps } from "./sdk";
import type { AppState, Notice, RoomSlice } from "./types";

/**
 * The composer and moderation. Slash commands and the member-list and room-menu
 * buttons end up in the same few requests to the SDK. The server is the authority on
 * who may do what: an owner-only request from a non-owner is still sent, and the
 * server's refusal is shown. Only plain misuse (no such member, yourself) is answered
 * here, with a hint that never leaves the page.
 */
export function createRoomSlice(deps: StoreDeps): StateCreator<AppState, [], [], RoomSlice> {
  const encode = deps.encodeImage ?? encodeImage;
  return (set, get) => {
    function add(item: Notice): void {
      set((s) => ({ messages: appendCapped(s.messages, item) }));
    }

    /**
     * Makes one request; a refusal (NOT_OWNER, NO_SUCH_MEMBER, …) becomes a hint in the
     * log, unless the session ended meanwhile (a purge's own end, say).
     */
    async function ask(session: SessionLike, request: () => Promise<void>, failure: string): Promise<void> {
      try {
        await request();
      } catch (err) {
        if (get().session === session) add(hint(`${failure} ${describeError(err)}`));
      }
    }

    function kick(session: SessionLike, memberId: string, alias: string): Promise<void> {
      // On success the server's "member:left" (reason kicked) writes the notice.
      return ask(session, () => session.kick(memberId), `Could not remove ${alias}.`);
    }

    function purge(session: SessionLike): Promise<void> {
      // On success "session:ended" (purged) follows and shows the purged screen.
      return ask(session, () => session.purge(), "Could not purge the room.");
    }

    function setLocked(session: SessionLike, locked: boolean): Promise<void> {
      return ask(
        session,
        () => session.setLocked(locked),
        locked ? "Could not lock the room." : "Could not unlock the room.",
      );
    }

    async function whisper(session: SessionLike, toId: string, text: string): Promise<boolean> {
      get().actions.stopTyping();
      const to = get().members.find((m) => m.id === toId);
      const item = to ? pendingMessage(session.you, "whisper", text, to) : null;
      set((s) => ({ sendError: null, messages: item ? appendCapped(s.messages, item) : s.messages }));
      try {
        // The SDK emits the whisper as "message" (mine) once the server accepts it,
        // which marks it delivered.
        await session.whisper(toId, text);
        return true;
      } catch (err) {
        if (get().session !== session) return false;
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

    /** The draft and, while it is open, its preview: sanitised once per change. */
    function draftState(draft: string): Partial<Pick<AppState, "draft" | "preview">> {
      return get().preview === null ? { draft } : { draft, preview: renderMessageHtml(draft) };
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
      draft: "",
      preview: null,
      composerFocus: 0,
      pending: null,
      roomActions: {
        setDraft(text) {
          const { draft, sendError, actions } = get();
          if (text === draft) return;
          set(draftState(text));
          if (sendError) actions.clearSendError();
          // A command is not a message being typed: the others need not know about it.
          if (text.trimStart().startsWith("/")) actions.stopTyping();
          else if (text !== "") actions.typingActivity();
        },

        async submitDraft() {
          const text = get().draft;
          if (text.trim() === "" || !get().session) return;
          // Cleared at once so the next line can be typed while this one is acknowledged;
          // put back if it did not go through and nothing new was typed meanwhile.
          set(draftState(""));
          const done = await get().roomActions.runCommand(text);
          if (!done && get().session && get().draft === "") set(draftState(text));
        },

        async runCommand(input) {
          const { session, room, members, actions } = get();
          if (!session || !room) return false;
          const command = parseCommand(input, { members, youId: room.youId });
          const tooLarge =
            command.kind === "message" || command.kind === "purr" ? draftProblem(command.text) : null;
          if (tooLarge) {
            set({ sendError: tooLarge });
            return false;
          }
          switch (command.kind) {
            case "message":
              return actions.send(command.text);
            case "hint":
              add(hint(command.text));
              return false;
            case "exit":
              await actions.leave(command.farewell);
              return true;
            case "stop":
              await purge(session);
              return true;
            case "kick":
              await kick(session, command.target.id, command.target.alias);
              return true;
            case "purr":
              return whisper(session, command.target.id, command.text);
            case "lock":
            case "unlock":
              await setLocked(session, command.kind === "lock");
              return true;
            case "who":
              add(localNotice(whoText()));
              return true;
            case "help":
              get().roomActions.showHelp();
              return true;
            case "clear":
              get().roomActions.clearScreen();
              return true;
          }
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

        askKick(memberId) {
          const member = get().members.find((m) => m.id === memberId);
          if (member) set({ pending: { kind: "kick", memberId, alias: member.alias } });
        },

        askPurge() {
          if (get().session) set({ pending: { kind: "purge" } });
        },

        async confirmPending() {
          const { pending, session, members } = get();
          set({ pending: null });
          if (!pending || !session) return;
          if (pending.kind === "purge") return purge(session);
          if (!members.some((m) => m.id === pending.memberId)) {
            add(hint(`${pending.alias} is no longer in the room.`));
            return;
          }
          return kick(session, pending.memberId, pending.alias);
        },

        cancelPending() {
          set({ pending: null });
        },

        async setLocked(locked) {
          const session = get().session;
          if (session) await setLocked(session, locked);
        },

        showHelp() {
          add(localNotice("Commands:", helpLines()));
        },

        clearScreen() {
          set({ messages: [localNotice("You cleared your screen. Nobody else’s changed.")] });
        },

        applyFormat(format, selection) {
          const result = applyFormat(get().draft, selection, format);
          get().roomActions.setDraft(result.text);
          return result.selection;
        },

        togglePreview() {
          const { preview, draft } = get();
          set({ preview: preview === null ? renderMessageHtml(draft) : null });
        },

        async pasteImage(image, selection) {
          const session = get().session;
          const draft = get().draft;
          if (!session) return;
          set({ sendError: null });
          const result = await encode(image, imageBudget(draft, selection));
          if (get().session !== session) return;
          const current = get().draft;
          // Typed on meanwhile: the old selection may point elsewhere, so append.
          const at = current === draft ? selection : { start: current.length, end: current.length };
          const next = result.ok
            ? current.slice(0, at.start) + imageTag(result.dataUri) + current.slice(at.end)
            : "";
          if (!result.ok) {
            set({ sendError: imageProblem(result.reason) });
            return;
          }
          const problem = draftProblem(next);
          if (problem) {
            set({ sendError: `Image not added: ${problem}` });
            return;
          }
          get().roomActions.setDraft(next);
        },
      },
    };
  };
}

/** Why a pasted picture was not added, in words. */
function imageProblem(reason: "unreadable" | "too-large"): string {
  if (reason === "unreadable") return "Image not added: it could not be read as a picture.";
  return `Image not added: it does not fit in a message even when shrunk. ${IMAGE_LIMIT_WORDS}`;
}
