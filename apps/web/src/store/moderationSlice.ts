import type { StateCreator } from "zustand";
import { describeError } from "./describeError";
import { appendCapped, hint } from "./feed";
import type { SessionLike } from "./sdk";
import type { AppState, ModerationSlice } from "./types";

/**
 * Kick, purge and lock, from the member list, the room menu and slash commands alike.
 * The server is the authority on who may do what: an owner-only request from a
 * non-owner is still sent, and the server's refusal is shown as a hint in the log. What
 * the room looks like afterwards comes from the session's next snapshot, not from here.
 */
export function createModerationSlice(): StateCreator<AppState, [], [], ModerationSlice> {
  return (set, get) => {
    /**
     * Makes one request; a refusal (NOT_OWNER, NO_SUCH_MEMBER, …) becomes a hint in the
     * log, unless the session ended meanwhile (a purge's own end, say).
     */
    async function ask(session: SessionLike, request: () => Promise<void>, failure: string): Promise<void> {
      try {
        await request();
      } catch (err) {
        if (get().session !== session) return;
        const item = hint(`${failure} ${describeError(err)}`);
        set((s) => ({ messages: appendCapped(s.messages, item) }));
      }
    }

    return {
      pending: null,
      moderationActions: {
        askKick(memberId) {
          const member = get().members.find((m) => m.id === memberId);
          if (member) set({ pending: { kind: "kick", memberId, alias: member.alias } });
        },

        askPurge() {
          if (get().session) set({ pending: { kind: "purge" } });
        },

        askLeave() {
          if (get().session) set({ pending: { kind: "leave" } });
        },

        async confirmPending() {
          const { pending, session, members, moderationActions, joinActions } = get();
          set({ pending: null });
          if (!pending || !session) return;
          if (pending.kind === "purge") return moderationActions.purge();
          if (pending.kind === "leave") return joinActions.leave();
          if (!members.some((m) => m.id === pending.memberId)) {
            const item = hint(`${pending.alias} is no longer in the room.`);
            set((s) => ({ messages: appendCapped(s.messages, item) }));
            return;
          }
          return moderationActions.kick(pending.memberId, pending.alias);
        },

        cancelPending() {
          set({ pending: null });
        },

        async kick(memberId, alias) {
          const session = get().session;
          // On success the server's "member:left" (reason kicked) writes the notice.
          if (session) await ask(session, () => session.kick(memberId), `Could not remove ${alias}.`);
        },

        async purge() {
          const session = get().session;
          // On success "session:ended" (purged) follows and shows the purged screen.
          if (session) await ask(session, () => session.purge(), "Could not purge the room.");
        },

        async setLocked(locked) {
          const session = get().session;
          if (!session) return;
          const failure = locked ? "Could not lock the room." : "Could not unlock the room.";
          await ask(session, () => session.setLocked(locked), failure);
        },
      },
    };
  };
}
