import type { Member, Welcome } from "@sanctuary/protocol";
import { aliasKey } from "@sanctuary/protocol";
import type { ConnectionState, MemberKeyInfo, RoomSnapshot } from "./types.js";

/**
 * Who is in the room, who owns it and whether it is locked, as the server last said.
 * A welcome sets all of it (on joining and again on every resume); room events change
 * one part at a time. Every member record is frozen and carries an `owner` flag that
 * always agrees with `ownerId`, whatever the server put in it.
 */
export class Roster {
  /** This member's ID; a rejoin after the resume window (F26) gives it a new one. */
  youId: string;
  /** Members by ID; a Map keeps insertion order, which is join order. */
  private readonly byId = new Map<string, Member>();
  /** Cached so `members` keeps its identity until something changes (cheap for React). */
  private list: readonly Member[] = [];
  private owner = "";
  private isLocked = false;

  constructor(welcome: Welcome) {
    this.youId = welcome.you.id;
    this.reset(welcome);
  }

  /** Everyone present, in join order, this member included. */
  get members(): readonly Member[] {
    return this.list;
  }

  get ownerId(): string {
    return this.owner;
  }

  get locked(): boolean {
    return this.isLocked;
  }

  /** This member's own record. */
  get you(): Member {
    // A welcome always lists its recipient (`reset` adds it), and leaving never removes it.
    return this.byId.get(this.youId) as Member;
  }

  byIdOf(id: string): Member | undefined {
    return this.byId.get(id);
  }

  /** Finds a member the way the server compares aliases: normalised, case-insensitive. */
  byAlias(alias: string): Member | undefined {
    const key = aliasKey(alias);
    for (const member of this.byId.values()) {
      if (aliasKey(member.alias) === key) return member;
    }
    return undefined;
  }

  /**
   * Replaces everything with what a welcome says: members, owner and lock. Returns
   * whether the owner changed, since a resumed member missed the `member:role` event.
   */
  reset(welcome: Welcome): { ownerChanged: boolean } {
    const ownerChanged = this.owner !== "" && welcome.ownerId !== this.owner;
    this.youId = welcome.you.id;
    this.byId.clear();
    for (const member of welcome.members) this.byId.set(member.id, member);
    if (!this.byId.has(welcome.you.id)) this.byId.set(welcome.you.id, welcome.you);
    this.isLocked = welcome.locked;
    this.applyOwner(welcome.ownerId);
    return { ownerChanged };
  }

  /** A member arrived; returns its record as kept (owner flag set). */
  add(member: Member): Member {
    const joined = Object.freeze({ ...member, owner: member.id === this.owner });
    this.byId.set(joined.id, joined);
    this.refresh();
    return joined;
  }

  /** A member left; returns its last record, or undefined for this member or a stranger. */
  remove(id: string): Member | undefined {
    const member = this.byId.get(id);
    if (!member || id === this.youId) return undefined;
    this.byId.delete(id);
    this.refresh();
    return member;
  }

  /** Ownership passed to `ownerId`; returns false when nothing changed. */
  setOwner(ownerId: string): boolean {
    if (ownerId === this.owner) return false;
    this.applyOwner(ownerId);
    return true;
  }

  /** Returns false when nothing changed. */
  setLocked(locked: boolean): boolean {
    if (locked === this.isLocked) return false;
    this.isLocked = locked;
    return true;
  }

  /**
   * Another member's connection dropped or came back; returns its new record, or
   * undefined when it is unknown, this member, or already so.
   */
  setAway(id: string, away: boolean): Member | undefined {
    const member = this.byId.get(id);
    if (!member || id === this.youId || (member.away === true) === away) return undefined;
    const { away: _was, ...rest } = member;
    const updated: Member = Object.freeze(away ? { ...rest, away: true } : rest);
    this.byId.set(id, updated);
    this.refresh();
    return updated;
  }

  private applyOwner(ownerId: string): void {
    this.owner = ownerId;
    for (const [id, member] of this.byId) {
      const owner = id === ownerId;
      if (member.owner !== owner || !Object.isFrozen(member)) {
        this.byId.set(id, Object.freeze({ ...member, owner }));
      }
    }
    this.refresh();
  }

  private refresh(): void {
    this.list = Object.freeze([...this.byId.values()]);
  }
}

/** The room at this moment, frozen: the roster with each member's key and the connection. */
export function snapshotOf(
  roster: Roster,
  memberKeys: Readonly<Record<string, MemberKeyInfo>>,
  connection: ConnectionState,
  expiresAt: number | undefined,
): RoomSnapshot {
  return Object.freeze({
    you: roster.you,
    members: roster.members,
    ownerId: roster.ownerId,
    locked: roster.locked,
    memberKeys,
    connection,
    expiresAt,
  });
}
