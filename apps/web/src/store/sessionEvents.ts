import type { MemberLeftEvent, SessionEndedEvent } from "@sanctuary/client";
import type { Member } from "@sanctuary/protocol";
import { renderMessageHtml } from "../formatting/messageHtml";
import { appendCapped, notice } from "./feed";
import type { SessionLike } from "./sdk";
import type { AppState } from "./types";

type Set = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
type Get = () => AppState;

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

  const offs = [
    session.on("message", (message) => {
      if (!current()) return;
      // A whisper keeps its recipient's alias, which outlives that member's presence.
      const toAlias = message.to === undefined ? undefined : aliasOf(message.to);
      // Sanitised here, once per message, not on every render of the log.
      const html = renderMessageHtml(message.text);
      const item = toAlias === undefined ? { ...message, html } : { ...message, toAlias, html };
      set((s) => ({
        messages: appendCapped(s.messages, item),
        typing: s.typing.filter((id) => id !== message.from.id),
      }));
    }),
    session.on("memberJoined", (member) => {
      if (!current()) return;
      set((s) => ({
        members: [...s.members.filter((m) => m.id !== member.id), member],
        messages: appendCapped(s.messages, notice(`${member.alias} joined`)),
      }));
    }),
    session.on("memberLeft", (event) => {
      if (!current()) return;
      set((s) => ({
        members: s.members.filter((m) => m.id !== event.member.id),
        typing: s.typing.filter((id) => id !== event.member.id),
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
        const others = s.typing.filter((id) => id !== memberId);
        return { typing: on ? [...others, memberId] : others };
      });
    }),
    session.on("dropped", (event) => {
      if (!current()) return;
      // `reason` is set for whispers by SDKs that seal them to the recipient (F22).
      const reason = (event as { reason?: string }).reason;
      const text =
        event.kind === "whisper" && reason !== undefined
          ? `A whisper from ${event.from.alias} could not be opened and was dropped`
          : `A message from ${event.from.alias} failed its integrity check and was dropped`;
      set((s) => ({ messages: appendCapped(s.messages, notice(text)) }));
    }),
    session.on("memberAway", (member, away) => {
      if (!current()) return;
      const text = away
        ? `${member.alias} lost the connection; their seat is held for a moment`
        : `${member.alias} is back`;
      set((s) => ({
        members: s.members.map((m) => (m.id === member.id ? member : m)),
        typing: s.typing.filter((id) => id !== member.id),
        messages: appendCapped(s.messages, notice(text)),
      }));
    }),
    session.on("connection", (event) => {
      if (!current()) return;
      if (event.state === "reconnecting") {
        set({ connection: "reconnecting", typing: [] });
        return;
      }
      // Back in the same seat: the member list is the server's fresh one; the gap stays a gap.
      set((s) => ({
        connection: "online",
        members: [...session.members],
        ownerId: session.ownerId,
        locked: session.locked,
        messages: appendCapped(s.messages, notice(gapText(event.offlineMs))),
      }));
    }),
    session.on("ended", (event) => {
      if (current()) onEnded(event);
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/** "You were offline for 12 s; messages sent meanwhile are not shown." */
export function gapText(offlineMs: number): string {
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
