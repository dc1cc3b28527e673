/** What a creation holds while its room is being stored. */
export interface LiveRoomTicket {
  /** The room was stored: it now counts against the group until it ends. */
  commit(roomId: string): void;
  /** Nothing was stored: the slot is given back. */
  cancel(): void;
}

/**
 * Live rooms per address group: a room counts against the group
 * that created it until it ends, whoever is in it, so no group can fill `--max-rooms`
 * for everyone. Ended rooms are forgotten when this node hears of the end (`forgetRoom`);
 * a group at its limit also re-checks its rooms against the registry first, so a room
 * that ended unseen (another node, a lost event) never keeps counting. Keys are hashed
 * address groups; counts are per node.
 *
 * @example
 * const ticket = await share.reserve(address, (id) => registry.hasRoom(id));
 * if (!ticket) throw new ProtocolError("RATE_LIMITED", LIVE_ROOMS_MESSAGE);
 */
export class LiveRoomShare {
  readonly #max: number;
  readonly #hash: (address: string) => string;
  /** hashed group → its live rooms, plus a symbol per creation in flight. */
  readonly #byGroup = new Map<string, Set<string | symbol>>();
  readonly #groupOf = new Map<string, string>();

  constructor(max: number, hash: (address: string) => string) {
    this.#max = max;
    this.#hash = hash;
  }

  /** A slot for one more room of `address`'s group, or null when it holds its share. */
  async reserve(
    address: string,
    stillLive: (roomId: string) => Promise<boolean>,
  ): Promise<LiveRoomTicket | null> {
    const key = this.#hash(address);
    if ((this.#byGroup.get(key)?.size ?? 0) >= this.#max) await this.#prune(key, stillLive);
    const rooms = this.#byGroup.get(key) ?? new Set<string | symbol>();
    if (rooms.size >= this.#max) return null;
    const pending = Symbol("creating");
    rooms.add(pending);
    this.#byGroup.set(key, rooms);
    return {
      commit: (roomId) => {
        rooms.delete(pending);
        rooms.add(roomId);
        this.#groupOf.set(roomId, key);
      },
      cancel: () => {
        rooms.delete(pending);
        if (rooms.size === 0 && this.#byGroup.get(key) === rooms) this.#byGroup.delete(key);
      },
    };
  }

  /** The room ended: it no longer counts against its group. */
  forgetRoom(roomId: string): void {
    const key = this.#groupOf.get(roomId);
    if (key === undefined) return;
    this.#groupOf.delete(roomId);
    const rooms = this.#byGroup.get(key);
    rooms?.delete(roomId);
    if (rooms?.size === 0) this.#byGroup.delete(key);
  }

  /** Groups holding rooms (for tests: it returns to 0 when every room has ended). */
  get size(): number {
    return this.#byGroup.size;
  }

  async #prune(key: string, stillLive: (roomId: string) => Promise<boolean>): Promise<void> {
    const ids = [...(this.#byGroup.get(key) ?? [])].filter((id): id is string => typeof id === "string");
    const live = await Promise.all(ids.map((id) => stillLive(id).catch(() => true)));
    ids.forEach((id, i) => {
      if (!live[i]) this.forgetRoom(id);
    });
  }
}

/**
 * Room namespaces open at once on one connection: each costs the server a socket and
 * its listeners, and one tab sits in one room. Counted by connection object; a slot is
 * given back when its socket disconnects or its admission is refused.
 *
 * @example
 * if (!slots.take(socket.conn)) return next(refusal);
 */
export class ConnectionRoomSlots {
  readonly #max: number;
  readonly #open = new WeakMap<object, number>();

  constructor(max: number) {
    this.#max = max;
  }

  /** Counts one more room socket on `conn`; false (and nothing counted) when it is full. */
  take(conn: object): boolean {
    const open = this.#open.get(conn) ?? 0;
    if (open >= this.#max) return false;
    this.#open.set(conn, open + 1);
    return true;
  }

  give(conn: object): void {
    const open = (this.#open.get(conn) ?? 1) - 1;
    if (open <= 0) this.#open.delete(conn);
    else this.#open.set(conn, open);
  }
}
