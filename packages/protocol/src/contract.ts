import type { AckFn } from "./ack.js";
import { ackErrorSchema } from "./schemas.js";
import * as z from "./zod.js";

/**
 * The shape of an event definition. Every event of the protocol is written once, in
 * its domain's file under `events/`, as one of these; the Socket.IO event maps, the
 * schema tables, the payload and acknowledgement types are all derived from them.
 *
 * A definition's place says its direction: `toServer` (client → server, imperative
 * names such as `msg:send`) or `toClient` (server → client, nouns or past tense such as
 * `msg:new`). A `toServer` event with an `ack` schema is a request answered with
 * `{ok: true, ...ack} | {ok: false, code, message}`; one without is fire and forget.
 */
export interface ToServerDef {
  readonly payload: z.ZodMiniType;
  /** The success fields of the acknowledgement; absent for fire-and-forget events. */
  readonly ack?: z.ZodMiniObject;
}

export interface ToClientDef {
  readonly payload: z.ZodMiniType;
}

/**
 * A server → client payload schema, built on its first use. Only clients parse what
 * the server pushes; the server never does, so it should not pay for building these
 * (a zod object costs about 4 KiB of heap, measured). Request payload and ack schemas,
 * which the server does use, are built eagerly.
 */
export function pushSchema<T extends z.ZodMiniType>(build: () => T): z.ZodMiniLazy<T> {
  return z.lazy(build);
}

/** One protocol domain (lobby, room, member, message): its events in both directions. */
export interface Domain {
  readonly toServer: Readonly<Record<string, ToServerDef>>;
  readonly toClient: Readonly<Record<string, ToClientDef>>;
}

/**
 * Declares a domain. The identity function keeps the literal types, so names and
 * schemas stay exact for everything derived below.
 *
 * @example
 * export const lockDomain = defineDomain({
 *   toServer: { "room:lock": { payload: roomLockSchema, ack: emptyAckSchema } },
 *   toClient: { "room:locked": { payload: roomLockedSchema } },
 * });
 */
export function defineDomain<const D extends Domain>(domain: D): D {
  return domain;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/** Several domains spoken on one namespace, as one domain. */
export type Merged<Ds extends readonly Domain[]> = {
  readonly toServer: UnionToIntersection<Ds[number]["toServer"]>;
  readonly toClient: UnionToIntersection<Ds[number]["toClient"]>;
};

/**
 * Joins the domains spoken on one namespace. An event name defined twice in one
 * direction is a programming error and throws at import time.
 */
export function mergeDomains<const Ds extends readonly Domain[]>(...domains: Ds): Merged<Ds> {
  const toServer: Record<string, ToServerDef> = {};
  const toClient: Record<string, ToClientDef> = {};
  for (const domain of domains) {
    for (const [name, def] of Object.entries(domain.toServer)) {
      if (name in toServer) throw new Error(`protocol: "${name}" is defined twice (to server)`);
      toServer[name] = def;
    }
    for (const [name, def] of Object.entries(domain.toClient)) {
      if (name in toClient) throw new Error(`protocol: "${name}" is defined twice (to client)`);
      toClient[name] = def;
    }
  }
  return Object.freeze({ toServer, toClient }) as unknown as Merged<Ds>;
}

/** The parsed payload of an event definition. */
export type PayloadOf<D extends { payload: z.ZodMiniType }> = z.output<D["payload"]>;

/** The success fields of a request's acknowledgement (without `ok`). */
export type AckOf<D extends ToServerDef> = D extends { ack: infer A extends z.ZodMiniObject }
  ? z.output<A>
  : never;

/** The names of a domain's client → server events that are requests (they have an ack). */
export type RequestName<D extends Domain> = {
  [E in keyof D["toServer"] & string]: D["toServer"][E] extends { ack: z.ZodMiniObject } ? E : never;
}[keyof D["toServer"] & string];

/** The names of a domain's fire-and-forget client → server events. */
export type NotifyName<D extends Domain> = Exclude<keyof D["toServer"] & string, RequestName<D>>;

/** The payload a client sends with `event`. */
export type RequestPayload<D extends Domain, E extends keyof D["toServer"]> = PayloadOf<D["toServer"][E]>;

/** What a successful `event` request resolves with. */
export type RequestAck<D extends Domain, E extends keyof D["toServer"]> = AckOf<D["toServer"][E]>;

/** The payload a client receives with the server's `event`. */
export type PushPayload<D extends Domain, E extends keyof D["toClient"]> = PayloadOf<D["toClient"][E]>;

/** Socket.IO's client → server event map, derived from a domain's definitions. */
export type ClientEventsOf<D extends Domain> = {
  [E in keyof D["toServer"] & string]: D["toServer"][E] extends { ack: z.ZodMiniObject }
    ? (payload: PayloadOf<D["toServer"][E]>, ack: AckFn<AckOf<D["toServer"][E]>>) => void
    : (payload: PayloadOf<D["toServer"][E]>) => void;
};

/** Socket.IO's server → client event map, derived from a domain's definitions. */
export type ServerEventsOf<D extends Domain> = {
  [E in keyof D["toClient"] & string]: (payload: PayloadOf<D["toClient"][E]>) => void;
};

/** The payload schema of every client → server event, by name (what the server validates). */
export type PayloadSchemasOf<D extends Domain> = {
  readonly [E in keyof D["toServer"]]: D["toServer"][E]["payload"];
};

/** The schema table of one direction, derived at runtime from the definitions. */
export function payloadSchemas<const T extends Readonly<Record<string, { payload: z.ZodMiniType }>>>(
  defs: T,
): { readonly [E in keyof T]: T[E]["payload"] } {
  const out: Record<string, z.ZodMiniType> = {};
  for (const [name, def] of Object.entries(defs)) out[name] = def.payload;
  return Object.freeze(out) as { readonly [E in keyof T]: T[E]["payload"] };
}

/**
 * The whole acknowledgement of a request with success fields `ack`: `{ok: true, ...ack}`
 * or `ackErrorSchema`, so a client parses a reply in one step.
 */
export function ackReplySchema<A extends z.ZodMiniObject>(ack: A): z.ZodMiniType<AckReply<A>> {
  return z.discriminatedUnion("ok", [
    z.extend(ack, { ok: z.literal(true) }),
    ackErrorSchema,
  ]) as z.ZodMiniType<AckReply<A>>;
}

/** What `ackReplySchema(ack)` parses to. */
export type AckReply<A extends z.ZodMiniObject> =
  | (z.output<A> & { ok: true })
  | z.output<typeof ackErrorSchema>;
