import { INVITE_LINK_KEY_BYTES, parseRoomId } from "@sanctuary/protocol";
import { createManager, lobbySocket, resolveServerUrl, waitConnected } from "./connect.js";
import { fromBase64url, toBase64url } from "./encoding.js";
import { SanctuaryError } from "./errors.js";
import { newLinkKey, openInvite, sealInvite } from "./inviteSeal.js";
import { type LobbySocket, request } from "./typedSocket.js";

/**
 * One-time invite links (F30). `createInvite` seals the password in this page and
 * leaves only the ciphertext with the server; `redeemInvite` fetches it (which deletes
 * it on the server) and opens it. Each uses its own short lobby connection.
 */

export interface CreateInviteOptions {
  /** Origin of the Sanctuary server; defaults to `location.origin` in a browser. */
  serverUrl?: string;
  roomId: string;
  password: string;
}

/** What goes into the link's fragment (`/#/i/<roomId>/<inviteId>/<linkKey>`), and when it stops working. */
export interface OneTimeInvite {
  roomId: string;
  inviteId: string;
  /** The link key, base64url; it never reaches the server. */
  linkKey: string;
  expiresAt: number;
}

export interface RedeemInviteOptions {
  serverUrl?: string;
  roomId: string;
  inviteId: string;
  /** The link key from the fragment, base64url. */
  linkKey: string;
}

/**
 * Seals `password` under a fresh link key and stores the ciphertext for one fetch.
 *
 * @example
 * const invite = await createInvite({ roomId: session.roomId, password });
 * const link = `${location.origin}/#/i/${invite.roomId}/${invite.inviteId}/${invite.linkKey}`;
 */
export async function createInvite(opts: CreateInviteOptions): Promise<OneTimeInvite> {
  const roomId = checkedRoomId(opts.roomId);
  const linkKey = newLinkKey();
  try {
    const sealed = sealInvite(linkKey, roomId, opts.password);
    const created = await withLobby(opts.serverUrl, (lobby) =>
      request(lobby, "invite:create", { roomId, sealed }),
    );
    return {
      roomId,
      inviteId: created.inviteId,
      linkKey: toBase64url(linkKey),
      expiresAt: created.expiresAt,
    };
  } finally {
    linkKey.fill(0);
  }
}

/**
 * Fetches a one-time invite (the server forgets it as it answers) and returns the room
 * password. NOT_FOUND means it was used already, expired, or its room ended; a link
 * key that does not open it is BAD_INPUT.
 */
export async function redeemInvite(opts: RedeemInviteOptions): Promise<string> {
  const roomId = checkedRoomId(opts.roomId);
  let linkKey: Uint8Array;
  try {
    linkKey = fromBase64url(opts.linkKey);
  } catch {
    linkKey = new Uint8Array(0);
  }
  if (linkKey.length !== INVITE_LINK_KEY_BYTES)
    throw new SanctuaryError("BAD_INPUT", "This invite link is damaged.");
  try {
    const { sealed } = await withLobby(opts.serverUrl, (lobby) =>
      request(lobby, "invite:open", { roomId, inviteId: opts.inviteId }),
    );
    try {
      return openInvite(linkKey, roomId, sealed);
    } catch {
      throw new SanctuaryError("BAD_INPUT", "This invite link is damaged.");
    }
  } finally {
    linkKey.fill(0);
  }
}

function checkedRoomId(roomId: string): string {
  const parsed = parseRoomId(roomId);
  if (parsed === null) throw new SanctuaryError("BAD_INPUT", "That is not a room ID.");
  return parsed;
}

/** Runs one request on a lobby connection of its own, closed afterwards. */
async function withLobby<T>(
  serverUrl: string | undefined,
  run: (lobby: LobbySocket) => Promise<T>,
): Promise<T> {
  const manager = createManager(resolveServerUrl(serverUrl));
  const lobby = lobbySocket(manager);
  try {
    await waitConnected(lobby);
    return await run(lobby);
  } finally {
    lobby.disconnect();
  }
}
