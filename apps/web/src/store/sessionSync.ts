import type { DroppedEvent, MemberLeftEvent, RoomSnapshot, SessionEndedEvent } from "@sanctuary/client";
import { spoken } from "../lib/duration";
import { appendCapped, notice, settle } from "./feed";
import { copySnapshot } from "./roomStateSlice";
import type { SessionLike } from "./sdk";
import type { AppState, GetState, Notice, PendingConfirm, SetState } from "./types";

/**
 * A typist not heard from for this long is no longer shown: "typing" travels as a
 * volatile packet, so the "stopped" one may never come. Senders refresh it more often
 * than this (TYPING_REFRESH_MS).
 */
export const TYPING_EXPIRE_MS = 6000;

/**
 * Subscribes the store to one session. `change` replaces the store's copy of the room
 * state; every other event only adds to the feed (a notice, a message, who is typing).
 * Each handler first checks that the session is still the store's current one, so a
 * late event from a session that has already ended can never touch the screen.
 * Returns the unsubscribe function.
 */
export function wireSession(
  session: SessionLike,
  set: SetState,
  get: GetState,
  onEnded: (event: SessionEndedEvent) => void,
): () => void {
  const current = () => get().session === session;
  const aliasOf = (id: string) => get().members.find((m) => m.id === id)?.alias;
  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const notTyping = (typing: readonly string[], id: string) => {
    clearTimeout(typingTimers.get(id));
    typingTimers.delete(id);
    return typing.includes(id) ? typing.filter((t) => t !== id) : typing;
  };
  // The alias this member had before a rejoin, to say so when it had to change (F26).
  let lastAlias = session.snapshot.you.alias;
  const add = (item: Notice) => set((s) => ({ messages: appendCapped(s.messages, item) }));

  const offs = [
    session.on("change", (snapshot) => {
      if (!current()) return;
      set((s) => {
        // Nobody typing is shown while offline, nor anyone who has gone.
        let typing = s.typing;
        for (const id of typing) {
          if (snapshot.connection !== "online" || !snapshot.members.some((m) => m.id === id)) {
            typing = notTyping(typing, id);
          }
        }
        // A rejoin after the resume window (F26) is a new seat: a new ID for "you".
        const room =
          s.room && s.room.youId !== snapshot.you.id ? { ...s.room, youId: snapshot.you.id } : s.room;
        return { ...copySnapshot(snapshot), room, typing, pending: stillPending(s, snapshot) };
      });
    }),
    session.on("message", (message) => {
      if (!current()) return;
      // A whisper keeps its recipient's alias, which outlives that member's presence.
      const toAlias = message.to === undefined ? undefined : aliasOf(message.to);
      const withAlias = toAlias === undefined ? message : { ...message, toAlias };
      if (message.mine) {
        // The server's ack for one we sent: its "sending…" line becomes delivered.
        set((s) => ({ messages: settle(s.messages, withAlias) }));
        return;
      }
      set((s) => ({
        messages: appendCapped(s.messages, withAlias),
        typing: notTyping(s.typing, message.from.id),
      }));
    }),
    session.on("memberJoined", (member) => {
      if (current()) add(notice(`${member.alias} joined`));
    }),
    session.on("memberLeft", (event) => {
      if (current()) add(notice(leftText(event)));
    }),
    session.on("ownerChanged", (ownerId) => {
      if (!current()) return;
      const alias = aliasOf(ownerId) ?? "Someone";
      add(
        notice(
          get().room?.youId === ownerId ? `${alias} (you) now owns the room` : `${alias} now owns the room`,
        ),
      );
    }),
    session.on("lockChanged", (locked, by) => {
      if (!current()) return;
      const what = locked ? "Room locked" : "Room unlocked";
      add(notice(by ? `${what} by ${by}` : what));
    }),
    session.on("typing", (memberId, on) => {
      if (!current()) return;
      set((s) => {
        const others = notTyping(s.typing, memberId);
        if (!on) return { typing: others };
        typingTimers.set(
          memberId,
          setTimeout(() => {
            if (current()) set((later) => ({ typing: notTyping(later.typing, memberId) }));
          }, TYPING_EXPIRE_MS),
        );
        return { typing: s.typing.includes(memberId) ? s.typing : [...others, memberId] };
      });
    }),
    session.on("dropped", (event) => {
      if (current()) add(notice(droppedText(event)));
    }),
    session.on("memberAway", (member, away) => {
      if (!current()) return;
      const text = away
        ? `${member.alias} lost the connection; their seat is held for a moment`
        : `${member.alias} is back`;
      set((s) => ({
        typing: away ? notTyping(s.typing, member.id) : s.typing,
        messages: appendCapped(s.messages, notice(text)),
      }));
    }),
    session.on("connection", (event) => {
      if (!current()) return;
      if (event.state !== "online") {
        // Knocking to get back in (F34) is still "reconnecting"; knockSlice keeps its wait.
        set({ reconnectingSince: event.since });
        return;
      }
      // Back in (the snapshot came first); the gap stays a gap, and errors about the
      // connection being down are stale now.
      const { alias } = session.snapshot.you;
      const renamed = alias !== lastAlias;
      lastAlias = alias;
      set((s) => ({
        reconnectingSince: null,
        sendError: null,
        messages: appendCapped(s.messages, notice(gapText(event.offlineMs, renamed ? alias : undefined))),
      }));
      void get().composerActions.flushOutbox();
    }),
    session.on("notice", (event) => {
      if (!current() || event.kind !== "join-failures") return;
      const times = event.count === 1 ? "once" : `${event.count} times`;
      add({ ...notice(`Someone failed to join this room ${times} (wrong password).`), tone: "quiet" });
    }),
    session.on("ended", (event) => {
      if (current()) onEnded(event);
    }),
    get().knockActions.watch(session),
  ];
  return () => {
    for (const off of offs) off();
    for (const timer of typingTimers.values()) clearTimeout(timer);
    typingTimers.clear();
  };
}

/**
 * A confirmation waiting in the dialog, unless the snapshot makes it moot: ownership
 * went to someone else (it was asked of the owner), or the member to remove is gone.
 */
function stillPending(s: AppState, snapshot: RoomSnapshot): PendingConfirm | null {
  const pending = s.pending;
  if (!pending) return null;
  const youId = snapshot.you.id;
  if (snapshot.ownerId !== s.ownerId && snapshot.ownerId !== youId) return null;
  if (pending.kind === "kick" && !snapshot.members.some((m) => m.id === pending.memberId)) return null;
  return pending;
}

/** Why an incoming message, whisper or farewell is not shown (it is never silently lost). */
function droppedText(event: DroppedEvent): string {
  const from = event.from.alias;
  const what = event.kind === "msg" ? "message" : event.kind;
  switch (event.reason) {
    case "unsealed":
      return `A whisper from ${from} could not be opened: it was not sealed to your key.`;
    case "unreadable":
      return `A whisper from ${from} could not be opened.`;
    case "repeat":
      return `A ${what} from ${from} was dropped: it was a repeat of one already shown.`;
    case "stale":
      return `A ${what} from ${from} was dropped: it is stale (sent minutes ago, or a clock is wrong).`;
    case "not-member":
      return `A ${what} claiming to be from ${from} was dropped: it came from someone not in the room.`;
    case "wrong-sender":
      return `A ${what} shown as from ${from} was dropped: another member wrote it.`;
    case "outdated":
      return `A ${what} from ${from} was dropped: it came from an older version of Sanctuary that cannot prove it is not a repeat.`;
    default:
      return event.kind === "whisper"
        ? `A whisper from ${from} could not be opened.`
        : `A message from ${from} failed its integrity check and was dropped`;
  }
}

/**
 * "You were away 4 min; messages sent meanwhile are not shown." After a rejoin under
 * another alias (F26: the old one was taken), says which one this member has now.
 */
function gapText(offlineMs: number, newAlias: string | undefined): string {
  const gap = `You were away ${spoken(Math.max(1000, offlineMs))}; messages sent meanwhile are not shown.`;
  return newAlias ? `${gap} Your alias was taken meanwhile: you are back as ${newAlias}.` : gap;
}

function leftText(event: MemberLeftEvent): string {
  const alias = event.member.alias;
  switch (event.reason) {
    case "kicked":
      return event.by ? `${alias} was removed by ${event.by}` : `${alias} was removed`;
    case "disconnected":
      return `${alias} lost the connection`;
    default:
      return event.farewell ? `${alias} left: “${event.farewell}”` : `${alias} left`;
  }
}
