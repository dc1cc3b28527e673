import type { Member } from "@sanctuary/protocol";
import { fingerprint, verifyPubMac } from "./sealed.js";
import type { MemberKeyInfo } from "./types.js";

/** A member's checked key: the raw `pub` string is kept only when it verified. */
interface KeyRecord {
  info: MemberKeyInfo;
  pub?: string;
}

/** What deciding on a key needs: the room, its MAC key and this member's own key. */
export interface KeyCheckContext {
  roomId: string;
  macKey: Uint8Array;
  youId: string;
  /** This member's own announced public key. */
  ownPub: string;
}

/**
 * Whisper-key verification (F22): decides once, when a member arrives, whether its
 * announced key can be trusted, and remembers the decision while the member stays.
 */
export class MemberKeys {
  private readonly records = new Map<string, KeyRecord>();
  /** Cached for snapshots: rebuilt only when a record changes. */
  private cached: Readonly<Record<string, MemberKeyInfo>> | null = null;

  constructor(private readonly context: KeyCheckContext) {}

  /** Every present member's key status (and fingerprint when verified), frozen. */
  get table(): Readonly<Record<string, MemberKeyInfo>> {
    if (!this.cached) {
      const table: Record<string, MemberKeyInfo> = {};
      for (const [id, record] of this.records) table[id] = record.info;
      this.cached = Object.freeze(table);
    }
    return this.cached;
  }

  info(id: string): MemberKeyInfo | undefined {
    return this.records.get(id)?.info;
  }

  /** The member's public key when it verified, else undefined: whispers go to these only. */
  verifiedPub(id: string): string | undefined {
    const record = this.records.get(id);
    return record?.info.status === "verified" ? record.pub : undefined;
  }

  /** A member arrived: decides on its key (again, should the ID come back). */
  check(member: Member): void {
    this.records.set(member.id, this.decide(member));
    this.cached = null;
  }

  forget(id: string): void {
    if (this.records.delete(id)) this.cached = null;
  }

  /**
   * After a welcome: forgets whoever is gone and decides for newcomers; members who
   * stayed keep the decision made when they arrived.
   */
  sync(members: readonly Member[]): void {
    const present = new Set(members.map((m) => m.id));
    for (const id of [...this.records.keys()]) if (!present.has(id)) this.forget(id);
    for (const member of members) if (!this.records.has(member.id)) this.check(member);
  }

  /**
   * A key is trusted only when its `pubMac` verifies under the room MAC key for this
   * room and the member's server-assigned alias, so a server cannot slip its own in.
   */
  private decide(member: Member): KeyRecord {
    const { roomId, macKey, youId, ownPub } = this.context;
    if (member.pub === undefined || member.pubMac === undefined) {
      return { info: Object.freeze({ status: "missing" }) };
    }
    if (!verifyPubMac(macKey, roomId, member.alias, member.pub, member.pubMac)) {
      return { info: Object.freeze({ status: "unverified" }) };
    }
    if (member.id === youId && member.pub !== ownPub) {
      // Our own record carries a key that verifies but is not ours: we could not open
      // whispers sealed to it, so say so rather than claim it is fine.
      return { info: Object.freeze({ status: "unverified" }) };
    }
    return {
      info: Object.freeze({ status: "verified", fingerprint: fingerprint(member.pub) }),
      pub: member.pub,
    };
  }
}
