import type { Welcome } from "@sanctuary/protocol";
import { isErrorCode } from "@sanctuary/protocol";
import type { RoomSocket } from "./typedSocket.js";

/**
 * Socket.IO client disconnect reasons that mean the network went away (F17): the seat is
 * resumed. Everything else ("io server disconnect", "io client disconnect", "parse
 * error") ends the session.
 */
const RESUMABLE = new Set(["transport close", "transport error", "ping timeout"]);
/** Waits between resume attempts (ms); the last repeats until the window passes. */
const RESUME_BACKOFF_MS = [250, 500, 1000, 2000, 3000] as const;
/** One resume attempt may take this long before the next one starts. */
const RESUME_ATTEMPT_MS = 5000;

/** The window's `online`/`offline` events, where there is a window. */
interface NetworkEvents {
  addEventListener(type: "online" | "offline", listener: () => void): void;
  removeEventListener(type: "online" | "offline", listener: () => void): void;
}

/** What the resume machine needs from its session. */
export interface ResumeHost {
  isEnded(): boolean;
  /** True once `leave` started: a drop then means "left", never a resume. */
  isLeaving(): boolean;
  end(reason: "left" | "disconnected"): void;
  /** The connection dropped and a resume has started. */
  reconnecting(): void;
  /** Back in the same seat; `welcome` is the server's fresh view of the room. */
  resumed(welcome: Welcome, offlineMs: number): void;
}

/**
 * Resuming a seat after a dropped connection (F17): single-use token from the last
 * welcome (memory only), attempts with backoff until the window the server announced
 * has passed, and, in a browser, the network's own `offline`/`online` events.
 */
export class Resume {
  private token: string | null;
  private windowMs: number;
  /** Set while resuming after a dropped connection. */
  private offline: { since: number; attempt: number; timer?: ReturnType<typeof setTimeout> } | null = null;
  /** Set when the browser said it went offline and we closed the connection for it. */
  private networkLost = false;
  private readonly detachNetwork: () => void;

  constructor(
    private readonly socket: RoomSocket,
    private readonly youId: string,
    welcome: Welcome,
    private readonly host: ResumeHost,
  ) {
    this.token = welcome.resumeToken;
    this.windowMs = welcome.resumeWindowMs;
    this.detachNetwork = this.watchNetwork();
  }

  get reconnecting(): boolean {
    return this.offline !== null;
  }

  /** The socket disconnected: resume when the network dropped, end otherwise. */
  disconnected(reason: string): void {
    if (this.host.isEnded()) return;
    if (this.offline) {
      // An attempt connected and dropped again before its welcome: try again.
      this.schedule();
      return;
    }
    const dropped = RESUMABLE.has(reason) || this.networkLost;
    this.networkLost = false;
    if (this.host.isLeaving() || !dropped || this.token === null || this.windowMs <= 0) {
      this.host.end(this.host.isLeaving() ? "left" : "disconnected");
      return;
    }
    this.offline = { since: Date.now(), attempt: 0 };
    // Nothing queued while offline may go out after the resume.
    (this.socket as unknown as { sendBuffer?: unknown[] }).sendBuffer = [];
    this.host.reconnecting();
    this.schedule();
  }

  /** A refusal with a code (token spent, room gone) is final; a network error is retried. */
  refused(err: Error & { data?: unknown }): void {
    if (this.host.isEnded() || !this.offline) return;
    const code = (err.data as { code?: unknown } | undefined)?.code;
    // Socket.IO's own refusal of a namespace that no longer exists: the room is gone.
    const roomGone = err.message === "Invalid namespace";
    if (roomGone || (isErrorCode(code) && code !== "RATE_LIMITED")) {
      this.host.end("disconnected");
      return;
    }
    this.schedule();
  }

  /** A welcome while resuming: back in, with a fresh token; the gap is reported, not filled. */
  welcomed(welcome: Welcome): void {
    const offline = this.offline;
    if (!offline || this.host.isEnded()) return;
    if (welcome.you.id !== this.youId) {
      this.host.end("disconnected");
      return;
    }
    clearTimeout(offline.timer);
    this.offline = null;
    this.token = welcome.resumeToken;
    this.windowMs = welcome.resumeWindowMs;
    this.host.resumed(welcome, Date.now() - offline.since);
  }

  /** The session ended: no more attempts, no token, no network listeners. */
  stop(): void {
    clearTimeout(this.offline?.timer);
    this.offline = null;
    this.token = null;
    this.detachNetwork();
  }

  /** The next attempt, after the backoff; the session ends once the window has passed. */
  private schedule(delay?: number): void {
    const offline = this.offline;
    if (!offline || this.host.isEnded()) return;
    clearTimeout(offline.timer);
    const wait = delay ?? RESUME_BACKOFF_MS[Math.min(offline.attempt, RESUME_BACKOFF_MS.length - 1)] ?? 3000;
    const left = offline.since + this.windowMs - Date.now();
    if (left <= 0) {
      this.host.end("disconnected");
      return;
    }
    offline.timer = setTimeout(() => this.attempt(), Math.min(wait, left));
  }

  private attempt(): void {
    const offline = this.offline;
    const socket = this.socket;
    if (!offline || this.host.isEnded()) return;
    if (Date.now() - offline.since >= this.windowMs || this.token === null) {
      this.host.end("disconnected");
      return;
    }
    offline.attempt += 1;
    // An attempt still in flight is abandoned (it never got its welcome); a "disconnect"
    // that this causes must not schedule another attempt beside this one.
    if (socket.active) socket.disconnect();
    clearTimeout(offline.timer);
    socket.auth = { resume: this.token };
    offline.timer = setTimeout(() => this.schedule(0), RESUME_ATTEMPT_MS);
    socket.connect();
  }

  /**
   * In a browser, `offline` means every connection is dead: drop ours now instead of
   * waiting for the ping timeout, and `online` means try again at once.
   */
  private watchNetwork(): () => void {
    const target = globalThis as unknown as Partial<NetworkEvents>;
    if (typeof target.addEventListener !== "function" || typeof target.removeEventListener !== "function") {
      return () => {};
    }
    const events = target as NetworkEvents;
    const onOffline = () => {
      if (this.host.isEnded() || this.offline || !this.socket.connected) return;
      // Closing the engine reads as "forced close"; it is the network drop it follows.
      this.networkLost = true;
      this.socket.io.engine?.close();
      this.networkLost = false;
    };
    const onOnline = () => {
      if (this.offline) this.schedule(0);
    };
    events.addEventListener("offline", onOffline);
    events.addEventListener("online", onOnline);
    return () => {
      events.removeEventListener("offline", onOffline);
      events.removeEventListener("online", onOnline);
    };
  }
}
