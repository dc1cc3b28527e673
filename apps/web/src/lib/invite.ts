import { formatRoomId } from "@sanctuary/protocol";

/**
 * Invite links (F18). The room ID, and the password only when its holder ticks the box,
 * travel in the URL fragment, which browsers never send to the server:
 *
 *   /#/r/K7QM2XZD9PWH4TNS
 *   /#/r/K7QM2XZD9PWH4TNS/<password: UTF-8, base64url without padding>
 *
 * base64url keeps any password (spaces, `/`, `#`, emoji) a single path segment made of
 * characters no URL handling rewrites.
 */
const INVITE_HASH = /^#\/r\/([^/?#]+)(?:\/([A-Za-z0-9_-]+))?\/?$/;

export interface Invite {
  /** The room ID as written in the link (the join form parses it). */
  roomId: string;
  password?: string;
}

/** The link that opens the join form for `roomId`, with the password if given. */
export function inviteLink(origin: string, roomId: string, password?: string): string {
  const base = `${origin}/#/r/${roomId}`;
  return password ? `${base}/${encodePassword(password)}` : base;
}

/** What someone is sent: the room's name if any, its ID, and the link. */
export function inviteText(roomName: string | undefined, roomId: string, link: string): string {
  const what = roomName ? `Join “${roomName}” on Sanctuary.` : "Join my room on Sanctuary.";
  return `${what}\nRoom ID: ${formatRoomId(roomId)}\n${link}`;
}

/** Reads an invite fragment; null when `hash` is not one. */
export function inviteFromHash(hash: string): Invite | null {
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
