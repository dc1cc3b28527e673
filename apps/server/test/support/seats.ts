import { eventually } from "@sanctuary/testkit";
import type { RoomSocket } from "../../src/io/types.js";
import type { TestServer } from "../helpers.js";

/** Every socket in a room's namespace, on each of the given (in-process) nodes. */
export function roomSockets(nodes: readonly TestServer[], roomId: string): RoomSocket[] {
  return nodes.flatMap((t) => [...(t.server.namespaces.get(roomId)?.sockets.values() ?? [])]);
}

/**
 * "One live socket per member": every socket in the room's namespace, on every node,
 * is the one that holds a listed member's seat, and no member has two. Checked until it
 * holds (a disconnect sent through the adapter takes a moment to reach another node).
 */
export async function expectOneLiveSocketPerMember(
  nodes: readonly TestServer[],
  roomId: string,
): Promise<void> {
  const registry = nodes[0]?.server.registry;
  if (!registry) throw new Error("no node");
  let problem = "";
  const holds = async () => {
    const room = await registry.getRoom(roomId);
    const seats = new Map((room?.members ?? []).map((m) => [m.id, m.socketId]));
    const seen = new Set<string>();
    for (const socket of roomSockets(nodes, roomId)) {
      const { memberId } = socket.data;
      if (!seats.has(memberId)) problem = `a socket of ${memberId}, who is not listed`;
      else if (seats.get(memberId) !== socket.id) problem = `a socket of ${memberId} that is not its seat`;
      else if (seen.has(memberId)) problem = `two sockets of ${memberId}`;
      else {
        seen.add(memberId);
        continue;
      }
      return false;
    }
    return true;
  };
  await eventually(holds, "one live socket per member", 2000).catch(() => {
    throw new Error(`one live socket per member: ${problem}`);
  });
}
