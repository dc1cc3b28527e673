import type { Member, MemberLeft, RoomProtocol, SessionEnded } from "@sanctuary/protocol";
import type { Emitter } from "./emitter.js";
import type { IncomingGate, Opened } from "./incoming.js";
import { knockPushes } from "./knock.js";
import type { MemberKeys } from "./memberKeys.js";
import type { Resume } from "./resume.js";
import type { Roster } from "./roster.js";
import { type PushHandlers, type RoomSocket, subscribe } from "./typedSocket.js";
import type { RoomSessionEvents, SessionEndedEvent } from "./types.js";

/** The session's parts that the room's pushed events change. */
export interface RoomEventHost {
  roster: Roster;
  keyBook: MemberKeys;
  gate: IncomingGate;
  resume: Resume;
  emitter: Emitter<RoomSessionEvents>;
  isEnded(): boolean;
  /** Takes a new snapshot and emits `change`. */
  commit(): void;
  end(event: SessionEndedEvent): void;
  /** Pushes handled by other parts of the session (file transfers, F42). */
  pushes?: PushHandlers<RoomProtocol>;
}

/**
 * Wires the room socket's pushed events (already parsed by `subscribe`) into the
 * session: the roster and key book change, then `change` and the finer event are
 * emitted. Connection errors and drops go to the reconnection machine (`Resume`).
 */
export function listenRoom(socket: RoomSocket, host: RoomEventHost): void {
  const { roster, keyBook, gate, resume, emitter } = host;

  const onMemberJoined = (member: Member) => {
    const joined = roster.add(member);
    keyBook.check(joined);
    host.commit();
    emitter.emit("memberJoined", joined);
  };

  const onMemberLeft = (left: MemberLeft) => {
    const member = roster.remove(left.id);
    if (!member) return;
    keyBook.forget(member.id);
    host.commit();
    const opened = left.farewell ? gate.farewell(member, left.farewell) : undefined;
    if (opened && "dropped" in opened) emitter.emit("dropped", opened.dropped);
    const farewell = opened && "text" in opened ? opened.text : undefined;
    emitter.emit("memberLeft", {
      member,
      reason: left.reason,
      ...(left.by !== undefined ? { by: left.by } : {}),
      ...(farewell !== undefined ? { farewell } : {}),
    });
  };

  const onOwner = (ownerId: string) => {
    if (!roster.setOwner(ownerId)) return;
    host.commit();
    emitter.emit("ownerChanged", ownerId);
  };

  const onLocked = (locked: boolean, by: string) => {
    if (roster.setLocked(locked)) host.commit();
    emitter.emit("lockChanged", locked, by);
  };

  const onAway = (id: string, away: boolean) => {
    const member = roster.setAway(id, away);
    if (!member) return;
    host.commit();
    emitter.emit("memberAway", member, away);
  };

  const onTyping = (id: string, on: boolean) => {
    if (!roster.byIdOf(id) || id === roster.youId) return;
    emitter.emit("typing", id, on);
  };

  /** Shows what opens; what does not is reported as `dropped`, never shown. */
  const onIncoming = (opened: Opened) => {
    if ("dropped" in opened) emitter.emit("dropped", opened.dropped);
    else emitter.emit("message", opened.message);
  };

  const onSessionEnded = (ended: SessionEnded) => {
    host.end({ reason: ended.reason, ...(ended.by !== undefined ? { by: ended.by } : {}) });
  };

  const handlers: PushHandlers<RoomProtocol> = {
    "member:joined": onMemberJoined,
    "member:left": onMemberLeft,
    "member:role": (r) => onOwner(r.ownerId),
    "member:away": (a) => onAway(a.id, a.away),
    "room:locked": (l) => onLocked(l.locked, l.by),
    "room:notice": (n) => emitter.emit("notice", n),
    "room:welcome": (w) => resume.welcomed(w),
    typing: (t) => onTyping(t.id, t.on),
    "msg:new": (m) => onIncoming(gate.message(m)),
    "msg:whisper": (m) => onIncoming(gate.whisper(m, roster.you.alias)),
    "session:ended": onSessionEnded,
    ...knockPushes({
      knock: (k) => emitter.emit("knock", k),
      gone: (id) => emitter.emit("knockGone", id),
    }),
    ...host.pushes,
  };
  subscribe(socket, handlers, { active: () => !host.isEnded() });
  socket.on("connect_error", (err: Error & { data?: unknown }) => resume.refused(err));
  socket.on("disconnect", (reason: string) => resume.disconnected(reason));
}
