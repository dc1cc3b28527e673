import type { JoinPhase, SessionEndedEvent } from "@sanctuary/client";
import { aliasProblem, normalizeAlias, parseRoomId, ROOM_NAME_MAX_CHARS } from "@sanctuary/protocol";
import type { StateCreator } from "zustand";
import { describeError } from "./describeError";
import { appendCapped, pendingMessage, withoutItem } from "./feed";
import type { SessionLike, StoreDeps } from "./sdk";
import { keysOf, wireSession } from "./sessionEvents";
import type { AppState, EndedInfo, FormName, SessionSlice } from "./types";
import { withoutPasswords } from "./uiSlice";

/** After this long without a keystroke the "typing" signal is withdrawn. */
const TYPING_IDLE_MS = 3000;
/**
 * While typing goes on, "typing" is said again this often. The server relays it as a
 * volatile packet (it may be dropped), so receivers forget a typist they have not heard
 * from for a while (TYPING_EXPIRE_MS in sessionEvents.ts) and this refresh keeps a
 * steady typist shown. At most one packet per interval: throttled.
 */
export const TYPING_REFRESH_MS = 2500;

/** Everything that belongs to a live room, reset whenever a session ends. */
const NO_ROOM = {
  session: null,
  room: null,
  members: [],
  ownerId: null,
  locked: false,
  messages: [],
  typing: [],
  memberKeys: {},
  invitePassword: null,
  membersOpen: false,
  inviteOpen: false,
  connection: "online",
  sendError: null,
  draft: "",
  preview: null,
  pending: null,
} satisfies Partial<AppState>;

const noop = () => {};

/**
 * The session slice wraps the SDK: joining (with its phases and errors), the live room's
 * members and messages, and how a session ends. Components never see the SDK.
 */
export function createSessionSlice(deps: StoreDeps): StateCreator<AppState, [], [], SessionSlice> {
  const nav = deps.nav ?? { enterRoom: noop, goHome: noop };
  const yieldToBrowser = deps.yieldToBrowser ?? (() => Promise.resolve());

  return (set, get) => {
    let detach: (() => void) | null = null;
    let typingOn = false;
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    let typingSentAt = 0;

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

    /** Drops the live session (and any password) from the store; `close` also shuts its socket. */
    function endSession(next: Partial<AppState>, close: boolean): SessionLike | null {
      const session = get().session;
      stopTyping();
      detach?.();
      detach = null;
      set((s) => ({ ...withoutPasswords(s), ...NO_ROOM, ...next }));
      if (close) session?.close();
      return session;
    }

    function onEnded(event: SessionEndedEvent): void {
      const ended: EndedInfo = event.by ? { reason: event.reason, by: event.by } : { reason: event.reason };
      endSession({ screen: "ended", ended }, true);
    }

    function enterRoom(session: SessionLike, password: string): void {
      set({
        ...NO_ROOM,
        screen: "room",
        joiningForm: null,
        phase: null,
        formError: null,
        ended: null,
        session,
        room: {
          roomId: session.roomId,
          roomName: session.roomName,
          youId: session.you.id,
          expiresAt: session.expiresAt,
          roomFingerprint: session.roomFingerprint,
          yourFingerprint: session.yourFingerprint,
        },
        members: [...session.members],
        memberKeys: keysOf(session, session.members),
        // The person typed it to get in, so they may pass it on in an invite link.
        invitePassword: password,
        ownerId: session.ownerId,
        locked: session.locked,
      });
      detach = wireSession(session, set, get, onEnded);
      nav.enterRoom();
    }

    /** Runs one create or join: phases for the indicator, errors back into the form. */
    async function runJoin(
      form: FormName,
      firstPhase: JoinPhase,
      password: string,
      start: (onPhase: (phase: JoinPhase) => Promise<void>) => Promise<SessionLike>,
    ): Promise<void> {
      set({ screen: "joining", joiningForm: form, phase: firstPhase, formError: null });
      // Let the indicator paint before key derivation takes over the main thread.
      await yieldToBrowser();
      const onPhase = (phase: JoinPhase) => {
        if (get().joiningForm === form) set({ phase });
        return yieldToBrowser();
      };
      let session: SessionLike;
      try {
        session = await start(onPhase);
      } catch (err) {
        set((s) => ({
          ...withoutPasswords(s),
          ...(s.joiningForm === form ? { screen: "home" as const, joiningForm: null, phase: null } : {}),
          formError: { form, message: describeError(err) },
        }));
        return;
      }
      set(withoutPasswords);
      if (get().joiningForm !== form) {
        // The page was left (or the join abandoned) while it was in flight.
        session.close();
        return;
      }
      enterRoom(session, password);
    }

    function formProblem(form: FormName, message: string | null): boolean {
      if (message === null) return false;
      set({ formError: { form, message } });
      return true;
    }

    return {
      screen: "home",
      joiningForm: null,
      phase: null,
      formError: null,
      ended: null,
      ...NO_ROOM,
      actions: {
        async createRoom() {
          const { screen, createForm: f } = get();
          if (screen === "joining" || screen === "room") return;
          const roomName = f.roomName.trim();
          const problem =
            aliasProblem(f.alias) ??
            (f.password.length === 0 ? "Enter a password, or generate a strong one." : null) ??
            ([...roomName].length > ROOM_NAME_MAX_CHARS
              ? `Room names are at most ${ROOM_NAME_MAX_CHARS} characters.`
              : null);
          if (formProblem("create", problem)) return;
          const lifetime = f.lifetime ? Number(f.lifetime) : undefined;
          await runJoin("create", "deriving-key", f.password, (onPhase) =>
            deps.sdk.createRoom({
              alias: normalizeAlias(f.alias),
              password: f.password,
              ...(roomName ? { roomName } : {}),
              ...(lifetime ? { lifetime } : {}),
              onPhase,
            }),
          );
        },

        async joinRoom() {
          const { screen, joinForm: f } = get();
          if (screen === "joining" || screen === "room") return;
          const roomId = parseRoomId(f.roomId);
          const problem =
            (f.roomId.trim() === ""
              ? "Enter the room ID you were given."
              : roomId === null
                ? "That is not a room ID: it has 16 letters and digits, like K7QM-2XZD-9PWH-4TNS."
                : null) ??
            aliasProblem(f.alias) ??
            (f.password.length === 0 ? "Enter the room's password." : null);
          if (formProblem("join", problem) || roomId === null) return;
          await runJoin("join", "looking-up", f.password, (onPhase) =>
            deps.sdk.joinRoom({ roomId, alias: normalizeAlias(f.alias), password: f.password, onPhase }),
          );
        },

        async send(text) {
          const session = get().session;
          const body = text.trim();
          if (!session || body === "") return false;
          stopTyping();
          // Shown at once as "sending…"; the SDK's "message" (mine) after the server's
          // ack turns it into the delivered message (sessionEvents.ts).
          const item = pendingMessage(session.you, "msg", body);
          set((s) => ({ sendError: null, messages: appendCapped(s.messages, item) }));
          try {
            await session.send(body);
            return true;
          } catch (err) {
            if (get().session === session) {
              set((s) => ({ sendError: describeError(err), messages: withoutItem(s.messages, item.id) }));
            }
            return false;
          }
        },

        typingActivity() {
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
        },

        stopTyping,

        clearSendError() {
          set({ sendError: null });
        },

        async leave(farewell) {
          if (!get().session) return;
          const session = endSession({ screen: "ended", ended: { reason: "left" } }, false);
          try {
            await session?.leave(farewell);
          } catch {
            session?.close();
          }
        },

        backToStart() {
          set({ screen: "home", ended: null, formError: null });
          nav.goHome();
        },

        invalidate() {
          const { screen } = get();
          endSession(
            {
              screen: "invalidated",
              ended: null,
              ...(screen === "joining" ? { joiningForm: null, phase: null } : {}),
            },
            true,
          );
        },

        closeForUnload() {
          const { screen } = get();
          if (screen === "home") return;
          // A join in flight is abandoned: runJoin closes its session when it lands.
          endSession({ screen: "invalidated", ended: null, joiningForm: null, phase: null }, true);
        },
      },
    };
  };
}
