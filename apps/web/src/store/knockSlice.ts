import type { KnockHooks } from "@sanctuary/client";
import type { StateCreator } from "zustand";
import type { SessionLike } from "./sdk";
import type { AppState } from "./types";

/** Someone knocking on the owner's room (F35), shown as a card until answered or gone. */
export interface KnockCard {
  knockId: string;
  alias: string;
  /** When it expires, on this page's clock. */
  until: number;
}

export interface KnockActions {
  /**
   * The hooks for one join: while the knock waits, `knockWait` says until when, and
   * `cancelKnock` withdraws it (the join then fails with KNOCK_CANCELLED).
   */
  joinHooks(): KnockHooks;
  /** Withdraws the knock in flight, if any. */
  cancelKnock(): void;
  /** The join this page was knocking for is over (in, refused, failed). */
  endWait(): void;
  /** The owner lets the knocker in (`admit`) or not; the card goes either way. */
  answer(knockId: string, admit: boolean): Promise<void>;
  /** Shows `session`'s knocks (to its owner) until the returned function is called. */
  watch(session: SessionLike): () => void;
}

export interface KnockSlice {
  /** This page knocks and waits for the owner; `until` on this page's clock. */
  knockWait: { until: number } | null;
  /**
   * Back after a long outage, the room's session knocks to get back in (F26, F34):
   * until when the knock waits, on this page's clock; null otherwise.
   */
  rejoinKnock: { until: number } | null;
  /** Knocks waiting for this page's answer (the owner's), oldest first. */
  knocks: readonly KnockCard[];
  /** A failed answer, in words (the knock had expired, the connection is down). */
  knockError: string | null;
  knockActions: KnockActions;
}

export const selectKnockWait = (s: AppState) => s.knockWait;
export const selectRejoinKnock = (s: AppState) => s.rejoinKnock;
export const selectKnocks = (s: AppState) => s.knocks;
export const selectKnockError = (s: AppState) => s.knockError;
export const selectKnockActions = (s: AppState) => s.knockActions;

const NO_KNOCKS: readonly KnockCard[] = [];

/**
 * Knocking (F34, F35), both sides: the joiner's wait with its Cancel, and the owner's
 * cards with "Let in" / "Refuse". Nothing of a knock outlives the page or the session.
 */
export function createKnockSlice(): StateCreator<AppState, [], [], KnockSlice> {
  return (set, get) => {
    let abort: AbortController | null = null;
    let session: SessionLike | null = null;
    const drop = (knockId: string) => set((s) => ({ knocks: s.knocks.filter((k) => k.knockId !== knockId) }));

    return {
      knockWait: null,
      rejoinKnock: null,
      knocks: NO_KNOCKS,
      knockError: null,
      knockActions: {
        joinHooks() {
          abort?.abort();
          const controller = new AbortController();
          abort = controller;
          return {
            signal: controller.signal,
            onKnock: ({ expiresInMs }) => {
              if (abort === controller) set({ knockWait: { until: Date.now() + expiresInMs } });
            },
          };
        },
        cancelKnock() {
          abort?.abort();
          abort = null;
          set({ knockWait: null });
        },
        endWait() {
          abort = null;
          if (get().knockWait) set({ knockWait: null });
        },
        async answer(knockId, admit) {
          drop(knockId);
          try {
            await session?.answerKnock(knockId, admit);
            set({ knockError: null });
          } catch {
            set({ knockError: "That knock was no longer waiting." });
          }
        },
        watch(watched) {
          session = watched;
          const offs = [
            watched.on("knock", (k) => {
              if (session !== watched) return;
              const card = { knockId: k.knockId, alias: k.alias, until: Date.now() + k.expiresInMs };
              // Told again (a new owner hears the knocks still waiting): one card, new time.
              set((s) => ({
                knocks: [...s.knocks.filter((c) => c.knockId !== k.knockId), card],
                knockError: null,
              }));
            }),
            watched.on("knockGone", (knockId) => {
              if (session === watched) drop(knockId);
            }),
            watched.on("connection", (event) => {
              if (session !== watched) return;
              const rejoinKnock =
                event.state === "knocking" ? { until: Date.now() + event.expiresInMs } : null;
              if (rejoinKnock || get().rejoinKnock) set({ rejoinKnock });
              // Back in: cards may be stale (gone while away); the server tells an owner
              // every knock still waiting right after the welcome.
              if (event.state === "online" && get().knocks.length > 0) set({ knocks: NO_KNOCKS });
            }),
          ];
          return () => {
            for (const off of offs) off();
            if (session === watched) session = null;
            set({ knocks: NO_KNOCKS, knockError: null, rejoinKnock: null });
          };
        },
      },
    };
  };
}
