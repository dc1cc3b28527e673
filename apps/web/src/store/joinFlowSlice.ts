import type { JoinPhase, SessionEndedEvent } from "@sanctuary/client";
import {
  aliasProblem,
  formatRoomId,
  normalizeAlias,
  parseRoomId,
  ROOM_NAME_MAX_CHARS,
} from "@sanctuary/protocol";
import type { StateCreator } from "zustand";
import { NO_DRAFT } from "./composerSlice";
import { describeError } from "./describeError";
import { formsAfterFailedJoin } from "./failedJoin";
import { NO_FEED } from "./feedSlice";
import { PANELS_CLOSED } from "./preferencesSlice";
import { adoptSession, NO_ROOM_STATE } from "./roomStateSlice";
import type { SessionLike, StoreDeps } from "./sdk";
import { wireSession } from "./sessionSync";
import type { AppState, CreateForm, EndedInfo, FormName, JoinFlowSlice, JoinForm } from "./types";

const EMPTY_CREATE_FORM: CreateForm = {
  alias: "",
  password: "",
  roomName: "",
  lifetime: "",
  showPassword: false,
};

const EMPTY_JOIN_FORM: JoinForm = { roomId: "", alias: "", password: "" };

/** Everything that belongs to a live room, in every slice, reset whenever a session ends. */
const NO_ROOM = {
  ...NO_ROOM_STATE,
  ...NO_FEED,
  ...NO_DRAFT,
  ...PANELS_CLOSED,
  invitePassword: null,
  pending: null,
} satisfies Partial<AppState>;

const noop = () => {};

/**
 * The way into a room and out of it: the forms (kept in memory only, so they survive
 * re-renders and screen changes), a join in flight with its phases and errors, the
 * session's start (the store adopts it and subscribes) and its end. Components never
 * see the SDK.
 */
export function createJoinFlowSlice(deps: StoreDeps): StateCreator<AppState, [], [], JoinFlowSlice> {
  const nav = deps.nav ?? { enterRoom: noop, goHome: noop };
  const yieldToBrowser = deps.yieldToBrowser ?? (() => Promise.resolve());

  return (set, get) => {
    let detach: (() => void) | null = null;

    /** Drops the live session (and any password) from the store; `close` also shuts its socket. */
    function endSession(next: Partial<AppState>, close: boolean): SessionLike | null {
      const session = get().session;
      get().composerActions.stopTyping();
      detach?.();
      detach = null;
      set((s) => ({ ...withoutPasswords(s), ...NO_ROOM, ...next }));
      if (close) session?.close();
      return session;
    }

    function onEnded(event: SessionEndedEvent): void {
      const ended: EndedInfo = {
        reason: event.reason,
        ...(event.by ? { by: event.by } : {}),
        ...(event.code ? { code: event.code } : {}),
        ...(event.retryAfterMs === undefined ? {} : { retryAfterMs: event.retryAfterMs }),
      };
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
        ...adoptSession(session),
        // The person typed it to get in, so they may pass it on in an invite link.
        invitePassword: password,
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
          ...formsAfterFailedJoin(s, err),
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
      createForm: EMPTY_CREATE_FORM,
      joinForm: EMPTY_JOIN_FORM,
      inviteSeq: 0,
      joiningForm: null,
      phase: null,
      formError: null,
      invitePassword: null,
      ended: null,
      joinActions: {
        setCreateField(field, value) {
          set((s) => ({ createForm: { ...s.createForm, [field]: value } }));
        },
        setJoinField(field, value) {
          set((s) => ({ joinForm: { ...s.joinForm, [field]: value } }));
        },
        generatePassword() {
          const password = deps.sdk.generatePassword();
          set((s) => ({ createForm: { ...s.createForm, password, showPassword: true } }));
        },
        prefillInvite(roomId, password) {
          set((s) => ({
            joinForm: {
              ...s.joinForm,
              roomId: formatRoomId(roomId),
              ...(password !== undefined ? { password } : {}),
            },
            inviteSeq: s.inviteSeq + 1,
          }));
        },
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
          // A locked room or a barred household knocks (F34); the wait shows in the form.
          const knock = get().knockActions.joinHooks();
          try {
            await runJoin("join", "looking-up", f.password, (onPhase) =>
              deps.sdk.joinRoom({
                roomId,
                alias: normalizeAlias(f.alias),
                password: f.password,
                onPhase,
                knock,
              }),
            );
          } finally {
            get().knockActions.endWait();
          }
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

/** The password lives only in the form, and only until a join succeeds (failures: failedJoin.ts). */
export function withoutPasswords(s: AppState): Pick<AppState, "createForm" | "joinForm"> {
  return {
    createForm: { ...s.createForm, password: "", showPassword: false },
    joinForm: { ...s.joinForm, password: "" },
  };
}
