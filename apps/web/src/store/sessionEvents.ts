import type { DroppedEvent, MemberKeyInfo, MemberLeftEvent, SessionEndedEvent } from "@sanctuary/client";
import type { Member } from "@sanctuary/protocol";
import { renderMessageHtml } from "../formatting/messageHtml";
import { appendCapped, notice, settle } from "./feed";
import type { SessionLike } from "./sdk";
import type { AppState } from "./types";

type Set = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
type Get = () => AppState;

/**
 * A typist not heard from for this long is no longer shown: "typing" travels as a
 * volatile packet, so the "stopped" one may never come. Senders refresh it more often
 * than this (TYPING_REFRESH_MS).
 */
export const TYPING_EXPIRE_MS = 6000;

/** Every member's whisper-key status (F22), as the store keeps it. */
export function keysOf(
  session: SessionLike,
  members: readonly Member[],
): Readonly<Record<string, MemberKeyInfo>> {
  const keys: Record<string, MemberKeyInfo> = {};
  for (const m of members) keys[m.id] = session.memberKey(m.id) ?? { status: "missing" };
  return keys;
}

/**
 * Subscribes the store to one session's events. Every handler first checks that the
 * session is still the store's current one, so a late event from a session that has
 * already ended can never touch the screen. Returns the unsubscribe function.
 */
export function wireSession(
  session: SessionLike,
  set: Set,
  get: Get,
  onEnded: (event: SessionEndedEvent) => void,
): () => void {
  const current = () => get().session === session;
  const aliasOf = (id: string) => get().members.find((m) => m.id === id)?.alias;
  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const notTyping = (s: AppState, id: string) => {
    clearTimeout(typingTimers.get(id));
    typingTimers.delete(id);
    return s.typing.includes(id) ? s.typing.filter((t) => t !== id) : s.typing;
  };

  const offs = [
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
      // Sanitised here, once per message, not on every render of the log.
      const item = { ...withAlias, html: renderMessageHtml(message.text) };
      set((s) => ({
        messages: appendCapped(s.messages, item),
        typing: notTyping(s, message.from.id),
      }));
    }),
    session.on("memberJoined", (member) => {
      if (!current()) return;
      set((s) => {
        const members = [...s.members.filter((m) => m.id !== member.id), member];
        return {
          members,
          memberKeys: keysOf(session, members),
          messages: appendCapped(s.messages, notice(`${member.alias} joined`)),
        };
      });
    }),
    session.on("memberLeft", (event) => {
      if (!current()) return;
      set((s) => ({
        members: s.members.filter((m) => m.id !== event.member.id),
        typing: notTyping(s, event.member.id),
        messages: appendCapped(s.messages, notice(leftText(event))),
        // Nobody left to confirm removing.
        ...(s.pending?.kind === "kick" && s.pending.memberId === event.member.id ? { pending: null } : {}),
      }));
    }),
    session.on("ownerChanged", (ownerId) => {
      if (!current()) return;
      const you = get().room?.youId === ownerId;
      const alias = aliasOf(ownerId) ?? "Someone";
      const text = you ? `${alias} (you) now owns the room` : `${alias} now owns the room`;
      set((s) => ({
        ownerId,
        members: s.members.map((m) => withOwner(m, ownerId)),
        messages: appendCapped(s.messages, notice(text)),
        // A confirmation asked of the owner means nothing to anyone else.
        ...(you ? {} : { pending: null }),
      }));
    }),
    session.on("lockChanged", (locked, by) => {
      if (!current()) return;
      const what = locked ? "Room locked" : "Room unlocked";
      const text = by ? `${what} by ${by}` : what;
      set((s) => ({ locked, messages: appendCapped(s.messages, notice(text)) }));
    }),
    session.on("typing", (memberId, on) => {
      if (!current()) return;
      set((s) => {
        const others = notTyping(s, memberId);
        if (!on) return { typing: others };
        typingTimers.set(
          memberId,
          setTimeout(() => {
            if (current()) set((later) => ({ typing: notTyping(later, memberId) }));
          }, TYPING_EXPIRE_MS),
        );
        return { typing: s.typing.includes(memberId) ? s.typing : [...others, memberId] };
      });
    }),
    session.on("dropped", (event) => {
      if (!current()) return;
      set((s) => ({ messages: appendCapped(s.messages, notice(droppedText(event))) }));
    }),
    session.on("memberAway", (member, away) => {
      if (!current()) return;
      const text = away
        ? `${member.alias} lost the connection; their seat is held for a moment`
        : `${member.alias} is back`;
      set((s) => ({
        members: s.members.map((m) => (m.id === member.id ? member : m)),
        typing: notTyping(s, member.id),
        messages: appendCapped(s.messages, notice(text)),
      }));
    }),
    session.on("connection", (event) => {
      if (!current()) return;
      if (event.state === "reconnecting") {
        for (const timer of typingTimers.values()) clearTimeout(timer);
        typingTimers.clear();
        set({ connection: "reconnecting", typing: [] });
        return;
      }
      // Back in the same seat: the member list is the server's fresh one; the gap stays a gap.
      set((s) => ({
        connection: "online",
        members: [...session.members],
        memberKeys: keysOf(session, session.members),
        ownerId: session.ownerId,
        locked: session.locked,
        messages: appendCapped(s.messages, notice(gapText(event.offlineMs))),
      }));
    }),
    session.on("notice", (event) => {
      if (!current() || event.kind !== "join-failures") return;
      const times = event.count === 1 ? "once" : `${event.count} times`;
      const text = `Someone failed to join this room ${times} (wrong password).`;
      set((s) => ({ messages: appendCapped(s.messages, { ...notice(text), tone: "quiet" }) }));
    }),
    session.on("ended", (event) => {
      if (current()) onEnded(event);
    }),
  ];
  return () => {
    for (const off of offs) off();
    for (const timer of typingTimers.values()) clearTimeout(timer);
    typingTimers.clear();
  };
}

/** Why an incoming message or whisper is not shown (it is never silently lost). */
function droppedText(event: DroppedEvent): string {
  const from = event.from.alias;
  if (event.kind === "whisper") {
    return event.reason === "unsealed"
      ? `A whisper from ${from} could not be opened: it was not sealed to your key.`
      : `A whisper from ${from} could not be opened.`;
  }
  return `A message from ${from} failed its integrity check and was dropped`;
}

/** "You were offline for 12 s; messages sent meanwhile are not shown." */
function gapText(offlineMs: number): string {
  const seconds = Math.max(1, Math.round(offlineMs / 1000));
  return `You were offline for ${seconds} s; messages sent meanwhile are not shown.`;
}

function withOwner(member: Member, ownerId: string): Member {
  const owner = member.id === ownerId;
  return member.owner === owner ? member : { ...member, owner };
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
