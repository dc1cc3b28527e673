import { parseRoomId } from "@sanctuary/protocol";
import type { StateCreator } from "zustand";
import { describeError } from "./describeError";
import type { StoreDeps } from "./sdk";
import type { AppState } from "./types";

/** The in-room panel's current one-time link (F30). */
export type OneTimeLinkState =
  | { status: "none" }
  | { status: "making" }
  | { status: "ready"; roomId: string; inviteId: string; linkKey: string; expiresAt: number }
  | { status: "failed"; message: string };

export interface InviteActions {
  /** Seals the room password for a fresh one-time link; each call is a new invite. */
  makeOneTimeLink(): Promise<void>;
  /** Forgets the panel's link (the panel closed). The server forgets it on use or expiry. */
  dropOneTimeLink(): void;
  /** A one-time link was opened: fetch (and so burn) its password and fill the join form. */
  redeemInvite(roomId: string, inviteId: string, linkKey: string): Promise<void>;
}

export interface InviteSlice {
  oneTimeLink: OneTimeLinkState;
  /** True while an opened one-time link is being fetched. */
  redeemingInvite: boolean;
  inviteActions: InviteActions;
}

/** The words for a one-time link that is gone, whatever the reason (the server does not say). */
export const INVITE_GONE_MESSAGE = "This invite link was already used or has expired; ask for a new one.";

/**
 * One-time invite links (F30): making them in the room, redeeming them at the join form.
 * The link key lives in this state only while the panel shows its link.
 */
export function createInviteSlice(deps: StoreDeps): StateCreator<AppState, [], [], InviteSlice> {
  return (set, get) => {
    let made = 0;
    return {
      oneTimeLink: { status: "none" },
      redeemingInvite: false,
      inviteActions: {
        async makeOneTimeLink() {
          const { session, invitePassword } = get();
          if (!session || !invitePassword) return;
          const ticket = ++made;
          set({ oneTimeLink: { status: "making" } });
          try {
            const invite = await deps.sdk.createInvite({ roomId: session.roomId, password: invitePassword });
            if (ticket === made && get().session === session)
              set({ oneTimeLink: { status: "ready", ...invite } });
          } catch (err) {
            if (ticket === made) set({ oneTimeLink: { status: "failed", message: describeError(err) } });
          }
        },
        dropOneTimeLink() {
          made++;
          set({ oneTimeLink: { status: "none" } });
        },
        async redeemInvite(roomId, inviteId, linkKey) {
          const parsed = parseRoomId(roomId);
          if (!parsed) return;
          const { joinActions } = get();
          joinActions.prefillInvite(parsed);
          set({ redeemingInvite: true, formError: null });
          try {
            const password = await deps.sdk.redeemInvite({ roomId: parsed, inviteId, linkKey });
            joinActions.prefillInvite(parsed, password);
            set({ redeemingInvite: false });
          } catch (err) {
            const code = (err as { code?: unknown } | null)?.code;
            const message = code === "NOT_FOUND" ? INVITE_GONE_MESSAGE : describeError(err);
            set({ redeemingInvite: false, formError: { form: "join", message } });
          }
        },
      },
    };
  };
}
