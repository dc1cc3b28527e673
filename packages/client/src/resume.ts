import type { Welcome } from "@sanctuary/protocol";
import { type ErrorCode, isErrorCode } from "@sanctuary/protocol";
import type { RoomSocket } from "./typedSocket.js";
import type { ClientErrorCode, SessionEndedEvent } from "./types.js";

/**
 * Socket.IO client disconnect reasons that mean the network went away (F17): the seat is
 * taken back. Everything else ("io server disconnect", "io client disconnect", "parse
 * error") ends the session.
 */
const RESUMABLE = new Set(["transport close", "transport error", "ping timeout"]);
/** Waits between attempts (ms); the last repeats for as long as the page lives (F26). */
const BACKOFF_MS = [250, 500, 1000, 2000, 3000, 5000, 8000, 10_000] as const;
/** One attempt may take this long before the next one starts. */
const ATTEMPT_MS = 8000;
/**
 * How long opening the connection may take. Socket.IO's default is 20 s, and while it
 * is "opening" every new attempt waits on it: a connection begun while offline (some
 * browsers let it hang rather than fail) would hold the return back that long.
 */
const OPEN_TIMEOUT_MS = 4000;
/**
 * After this many failed attempts, open with HTTP long-polling first (it upgrades to a
 * WebSocket once in). Firefox delays WebSocket connections to a host after failed ones
 * (up to a minute, RFC 6455 section 7.2.3), which held a return after a long outage
 * back by up to 40 s; plain requests are not delayed.
 */
const POLLING_FIRST_AFTER = 2;
const WEBSOCKET_FIRST = ["websocket", "polling"];
const POLLING_FIRST = ["polling", "websocket"];
/** Refusals of a rejoin that end the session: the member may not come back this way. */
const REFUSED: ReadonlySet<ErrorCode> = new Set(["LOCKED", "BANNED", "WRONG_PASSWORD", "INVALID"]);
/** Failures of a knock (F34) that end the session; others (network, no owner yet) try again. */
const KNOCK_ENDS: ReadonlySet<ClientErrorCode> = new Set([
  "KNOCK_REFUSED",
  "KNOCK_EXPIRED",
  "BANNED",
  "WRONG_PASSWORD",
]);

/** What the reconnection machine needs from its session. */
export interface ResumeHost {
  isEnded(): boolean;
  /** True once `leave` started: a drop then means "left", never a resume. */
  isLeaving(): boolean;
  end(event: SessionEndedEvent): void;
  /** The connection dropped and getting back in has started (at `since`). */
  reconnecting(since: number): void;
  /** Back in the same seat; `welcome` is the server's fresh view of the room. */
  resumed(welcome: Welcome, offlineMs: number): void;
  /** Back in as a new member after the window (F26); `welcome` names the new seat. */
  rejoined(welcome: Welcome, offlineMs: number): void;
  /**
   * The handshake of a new join with the alias to ask for: a fresh challenge and proof.
   * Rejects with the lobby's refusal (NOT_FOUND: the room is gone) or a network error.
   */
  joinAuth(alias: string): Promise<Record<string, string>>;
  /** The join handshake is done (welcomed or abandoned): the lobby may close. */
  joinSettled(): void;
  /**
   * The new join met KNOCK_REQUIRED (a locked room, a barred address group): knock as
   * `alias` and resolve with the owner's single-use ticket; `signal` withdraws the knock.
   */
  knock(alias: string, signal: AbortSignal): Promise<string>;
}

/** The page's `document`, for `visibilitychange`, where there is one. */
interface PageVisibility extends EventTarget {
  readonly visibilityState: string;
}

interface Offline {
  since: number;
  attempt: number;
  /** `resume`: by token, same seat; `join`: the seat is gone, join anew (F26). */
  mode: "resume" | "join";
  /** How often the join was refused with ALIAS_TAKEN (picks the alias, `rejoinAlias`). */
  taken: number;
  /** When the last attempt started: the backoff counts from there, not from its failure. */
  startedAt: number;
  timer?: ReturnType<typeof setTimeout>;
  /** A knock waits for the owner (F34): no attempt starts meanwhile; aborting withdraws it. */
  knock?: AbortController;
  /** The owner let us in: the ticket for the next join, valid for this alias only. */
  ticket?: { value: string; alias: string };
}

/**
 * Getting back into the room after a dropped connection, for as long as the page lives
 * (F17, F26): first by the single-use resume token from the last welcome (memory only)
 * while the server holds the seat, then as a new join with the keys the session holds.
 * Attempts back off up to 10 s apart and start at once when the browser says it is
 * `online` again or the page becomes visible. A new join that meets a locked room or a
 * barred address group knocks and waits for the owner (F34). Only a room that is gone, or
 * a refusal of the new join or its knock, ends the session.
 */
export class Resume {
  private token: string | null;
  private windowMs: number;
  private youId: string;
  private offline: Offline | null = null;
  /** Bumped per attempt, so a late answer to an abandoned one is ignored. */
  private seq = 0;
  /** Set when the browser said it went offline and we closed the connection for it. */
  private networkLost = false;
  private readonly detachNetwork: () => void;

  constructor(
    private readonly socket: RoomSocket,
    welcome: Welcome,
    private readonly host: ResumeHost,
    private readonly aliasFor: (taken: number) => string,
  ) {
    this.youId = welcome.you.id;
    this.token = welcome.resumeToken;
    this.windowMs = welcome.resumeWindowMs;
    this.detachNetwork = this.watchNetwork();
    socket.io.timeout(OPEN_TIMEOUT_MS);
  }

  get reconnecting(): boolean {
    return this.offline !== null;
  }

  /** When the current outage began (ms since epoch), or undefined while connected. */
  get offlineSince(): number | undefined {
    return this.offline?.since;
  }

  /** The socket disconnected: get back in when the network dropped, end otherwise. */
  disconnected(reason: string): void {
    if (this.host.isEnded()) return;
    if (this.offline) {
      // An attempt connected and dropped again before its welcome: try again.
      this.schedule();
      return;
    }
    const dropped = RESUMABLE.has(reason) || this.networkLost;
    this.networkLost = false;
    if (this.host.isLeaving() || !dropped) {
      this.host.end({ reason: this.host.isLeaving() ? "left" : "disconnected" });
      return;
    }
    const canResume = this.token !== null && this.windowMs > 0;
    const since = Date.now();
    this.offline = { since, attempt: 0, mode: canResume ? "resume" : "join", taken: 0, startedAt: since };
    // Nothing queued while offline may go out after the resume.
    (this.socket as unknown as { sendBuffer?: unknown[] }).sendBuffer = [];
    this.host.reconnecting(this.offline.since);
    this.schedule();
  }

  /** A refused handshake: what the code says decides between trying again, joining anew and ending. */
  refused(err: Error & { data?: unknown }): void {
    const offline = this.offline;
    if (this.host.isEnded() || !offline) return;
    const data = err.data as { code?: unknown; retryAfterMs?: unknown } | undefined;
    const code = data?.code;
    // A ticket is spent by any answer of the server (even a refusal of the seat).
    if (isErrorCode(code)) offline.ticket = undefined;
    // Socket.IO's own refusal of a namespace that no longer exists: the room is gone.
    if (err.message === "Invalid namespace") {
      this.roomGone();
    } else if (!isErrorCode(code)) {
      this.schedule();
    } else if (offline.mode === "resume") {
      // The token is spent or its seat gone (the window passed): join as someone new.
      if (code === "NOT_FOUND" || code === "INVALID") this.joinAnew();
      else this.schedule();
    } else if (code === "NOT_FOUND") {
      this.roomGone();
    } else if (code === "KNOCK_REQUIRED") {
      this.knockBack(offline);
    } else if (REFUSED.has(code)) {
      this.refusedFor(code, data?.retryAfterMs);
    } else {
      if (code === "ALIAS_TAKEN") offline.taken += 1;
      // NONCE_EXPIRED, RATE_LIMITED, FULL, ALIAS_TAKEN: a later attempt may get in.
      this.schedule();
    }
  }

  /** A welcome while reconnecting: back in, with a fresh token; the gap is reported, not filled. */
  welcomed(welcome: Welcome): void {
    const offline = this.offline;
    if (!offline || this.host.isEnded()) return;
    const same = welcome.you.id === this.youId;
    if (!same && offline.mode !== "join") {
      this.host.end({ reason: "disconnected" });
      return;
    }
    clearTimeout(offline.timer);
    this.offline = null;
    this.socket.io.opts.transports = WEBSOCKET_FIRST;
    this.youId = welcome.you.id;
    this.token = welcome.resumeToken;
    this.windowMs = welcome.resumeWindowMs;
    this.host.joinSettled();
    const offlineMs = Date.now() - offline.since;
    if (same) this.host.resumed(welcome, offlineMs);
    else this.host.rejoined(welcome, offlineMs);
  }

  /** The session ended: no more attempts, no token, no knock, no network listeners. */
  stop(): void {
    clearTimeout(this.offline?.timer);
    this.offline?.knock?.abort();
    this.offline = null;
    this.token = null;
    this.seq += 1;
    this.detachNetwork();
  }

  private roomGone(): void {
    this.host.end({ reason: "room-gone" });
  }

  private refusedFor(code: ClientErrorCode, retryAfterMs?: unknown): void {
    const wait = typeof retryAfterMs === "number" && retryAfterMs >= 0 ? { retryAfterMs } : {};
    this.host.end({ reason: "rejoin-refused", code, ...wait });
  }

  /**
   * The new join needs the owner's consent (F34): knock, wait, and join with the ticket.
   * No attempt starts while the knock waits; a refusal or no answer ends the session,
   * a failure that may pass (network, nobody to answer yet) goes back to joining.
   */
  private knockBack(offline: Offline): void {
    clearTimeout(offline.timer);
    const seq = ++this.seq;
    const controller = new AbortController();
    offline.knock = controller;
    const alias = this.aliasFor(offline.taken);
    const current = () => seq === this.seq && this.offline === offline && !this.host.isEnded();
    this.host.knock(alias, controller.signal).then(
      (ticket) => {
        if (!current()) return;
        offline.knock = undefined;
        offline.ticket = { value: ticket, alias };
        this.host.reconnecting(offline.since);
        this.schedule(0);
      },
      (err: unknown) => {
        if (!current()) return;
        offline.knock = undefined;
        const { code, retryAfterMs } = (err ?? {}) as { code?: ClientErrorCode; retryAfterMs?: number };
        if (code === "NOT_FOUND") this.roomGone();
        else if (code !== undefined && KNOCK_ENDS.has(code)) this.refusedFor(code, retryAfterMs);
        else {
          // Back to "reconnecting" on the page; the next join may knock again.
          this.host.reconnecting(offline.since);
          this.schedule();
        }
      },
    );
  }

  private joinAnew(): void {
    const offline = this.offline;
    if (!offline) return;
    offline.mode = "join";
    this.token = null;
    this.schedule(0);
  }

  /** The next attempt, after the backoff. */
  private schedule(delay?: number): void {
    const offline = this.offline;
    if (!offline || offline.knock || this.host.isEnded()) return;
    clearTimeout(offline.timer);
    const backoff = BACKOFF_MS[Math.min(offline.attempt, BACKOFF_MS.length - 1)] ?? 10_000;
    // An attempt that hung until its timeout has already used up part of the wait.
    const wait = delay ?? Math.max(0, backoff - (Date.now() - offline.startedAt));
    offline.timer = setTimeout(() => this.attempt(), wait);
  }

  private attempt(): void {
    const offline = this.offline;
    const socket = this.socket;
    if (!offline || this.host.isEnded()) return;
    // By the page's clock the seat is gone: no point in spending a round trip on the token.
    if (offline.mode === "resume" && Date.now() - offline.since >= this.windowMs) offline.mode = "join";
    offline.attempt += 1;
    offline.startedAt = Date.now();
    if (offline.attempt > POLLING_FIRST_AFTER) socket.io.opts.transports = POLLING_FIRST;
    const seq = ++this.seq;
    // An attempt still in flight is abandoned (it never got its welcome); a "disconnect"
    // that this causes must not schedule another attempt beside this one.
    if (socket.active) socket.disconnect();
    clearTimeout(offline.timer);
    offline.timer = setTimeout(() => this.schedule(0), ATTEMPT_MS);
    if (offline.mode === "resume" && this.token !== null) {
      socket.auth = { resume: this.token };
      socket.connect();
      return;
    }
    const ticket = offline.ticket;
    this.host.joinAuth(ticket?.alias ?? this.aliasFor(offline.taken)).then(
      (auth) => {
        if (seq !== this.seq || this.offline !== offline || this.host.isEnded()) return;
        socket.auth = ticket ? { ...auth, ticket: ticket.value } : auth;
        socket.connect();
      },
      (err: unknown) => {
        if (seq !== this.seq || this.offline !== offline || this.host.isEnded()) return;
        const code = (err as { code?: unknown } | undefined)?.code;
        if (code === "NOT_FOUND") this.roomGone();
        else this.schedule();
      },
    );
  }

  /**
   * In a browser, `offline` means every connection is dead: drop ours now instead of
   * waiting for the ping timeout; `online`, or the page coming back into view (a phone
   * unlocked), means try again at once.
   */
  private watchNetwork(): () => void {
    const target = globalThis as unknown as Partial<EventTarget> & { document?: PageVisibility };
    if (typeof target.addEventListener !== "function" || typeof target.removeEventListener !== "function") {
      return () => {};
    }
    const events = target as EventTarget;
    const doc = target.document;
    const onOffline = () => {
      if (this.host.isEnded() || this.offline || !this.socket.connected) return;
      // Closing the engine reads as "forced close"; it is the network drop it follows.
      this.networkLost = true;
      this.socket.io.engine?.close();
      this.networkLost = false;
    };
    const now = () => {
      if (this.offline) this.schedule(0);
    };
    const onVisible = () => {
      if (doc?.visibilityState === "visible") now();
    };
    events.addEventListener("offline", onOffline);
    events.addEventListener("online", now);
    doc?.addEventListener("visibilitychange", onVisible);
    return () => {
      events.removeEventListener("offline", onOffline);
      events.removeEventListener("online", now);
      doc?.removeEventListener("visibilitychange", onVisible);
    };
  }
}
