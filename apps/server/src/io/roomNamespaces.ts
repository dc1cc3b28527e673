import { ROOM_NAMESPACE_PATTERN } from "@sanctuary/protocol";
import type { RoomNamespace, SanctuaryIo } from "./types.js";

/** The room ID in a namespace name (`/r/<roomId>`), or null when it is not a room's. */
export function roomIdOf(namespaceName: string): string | null {
  return ROOM_NAMESPACE_PATTERN.exec(namespaceName)?.[1] ?? null;
}

/**
 * Our own map of live room namespaces. Server code never looks a room up with
 * `io.of("/r/<id>")`: with a function parent that would create a bare namespace without
 * middleware or handlers (socket.io #4164, #4615).
 */
export class RoomNamespaces {
  readonly #io: SanctuaryIo;
  readonly #parent: RoomNamespace;
  readonly #byRoom = new Map<string, RoomNamespace>();

  /** `parent` is the namespace `io.of(fn)` returned; its children are the rooms. */
  constructor(io: SanctuaryIo, parent: RoomNamespace) {
    this.#io = io;
    this.#parent = parent;
  }

  /** Remembers a child namespace Socket.IO just created for a room. */
  track(roomId: string, nsp: RoomNamespace): void {
    this.#byRoom.set(roomId, nsp);
  }

  get(roomId: string): RoomNamespace | undefined {
    return this.#byRoom.get(roomId);
  }

  /** Room IDs that currently have a namespace. */
  roomIds(): string[] {
    return [...this.#byRoom.keys()];
  }

  get size(): number {
    return this.#byRoom.size;
  }

  /**
   * Removes a room's namespace the way `cleanupEmptyChildNamespaces` does in
   * socket.io's parent-namespace.js (close the adapter, drop it from the server's map
   * and from the parent's children), and also drops its middleware and listeners so
   * nothing keeps the room's closures alive. Callers disconnect its sockets first.
   */
  remove(roomId: string): void {
    const nsp = this.#byRoom.get(roomId);
    if (!nsp) return;
    this.#byRoom.delete(roomId);
    void Promise.resolve()
      .then(() => nsp.adapter.close())
      .catch(() => {});
    if (this.#io._nsps.get(nsp.name) === nsp) this.#io._nsps.delete(nsp.name);
    // `children` is private in socket.io's typings; it is the set `createChild` adds to.
    (this.#parent as unknown as { children: Set<unknown> }).children.delete(nsp);
    (nsp as unknown as { _fns: unknown[] })._fns = [];
    nsp.removeAllListeners();
    // A socket that passed admission just before the room ended is connected on the
    // next tick, after this; it must not linger on a dead namespace.
    nsp.on("connection", (socket) => socket.disconnect());
  }
}
