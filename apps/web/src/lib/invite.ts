import { formatRoomId } from "@sanctuary/protocol";

/**
 * Invite links (F18, F30). Everything travels in the URL fragment, which browsers never
 * send to the server:
 *
 *   /#/r/K7QM2XZD9PWH4TNS                                  room ID only
 *   /#/i/K7QM2XZD9PWH4TNS/<inviteId>/<linkKey>             one-time link (F30)
 *   /#/r/K7QM2XZD9PWH4TNS/<password, base64url of UTF-8>   older links: still opened,
 *                                                          no longer made
 *
 * A one-time link's key opens the sealed password the server hands out once; a copy
 * found later in browser history opens nothing.
 */
const INVITE_HASH = /^#\/r\/([^/?#]+)(?:\/([A-Za-z0-9_-]+))?\/?$/;
const ONE_TIME_HASH = /^#\/i\/([^/?#]+)\/([A-Za-z0-9_-]{22})\/([A-Za-z0-9_-]{43})\/?$/;

export interface Invite {
  /** The room ID as written in the link (the join form parses it). */
  roomId: string;
  password?: string;
  /** A one-time link: what fetches and opens its sealed password. */
  oneTime?: { inviteId: string; linkKey: string };
}

/** The link that opens the join form for `roomId` (no password). */
export function inviteLink(origin: string, roomId: string): string {
  return `${origin}/#/r/${roomId}`;
}

/** A one-time link (F30): room ID, invite ID and link key, all in the fragment. */
export function oneTimeInviteLink(
  origin: string,
  invite: { roomId: string; inviteId: string; linkKey: string },
): string {
  return `${origin}/#/i/${invite.roomId}/${invite.inviteId}/${invite.linkKey}`;
}

/** What someone is sent: the room's name if any, its ID, and the link. */
export function inviteText(roomName: string | undefined, roomId: string, link: string): string {
  const what = roomName ? `Join “${roomName}” on Sanctuary.` : "Join my room on Sanctuary.";
  return `${what}\nRoom ID: ${formatRoomId(roomId)}\n${link}`;
}

/** Reads an invite fragment; null when `hash` is not one. */
export function inviteFromHash(hash: string): Invite | null {
  const oneTime = ONE_TIME_HASH.exec(hash);
  if (oneTime?.[1] && oneTime[2] && oneTime[3]) {
    return { roomId: oneTime[1], oneTime: { inviteId: oneTime[2], linkKey: oneTime[3] } };
  }
  const match = INVITE_HASH.exec(hash);
  if (!match?.[1]) return null;
  let roomId: string;
  try {
    roomId = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  const password = match[2] ? decodePassword(match[2]) : undefined;
  return password ? { roomId, password } : { roomId };
}

export function encodePassword(password: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(password)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The password in a link, or undefined when it is not valid base64url of UTF-8. */
export function decodePassword(encoded: string): string | undefined {
  try {
    const base64 = encoded.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const password = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return password === "" ? undefined : password;
  } catch {
    return undefined;
  }
}
