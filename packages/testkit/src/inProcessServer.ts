/**
 * The abuse limits a test server runs with when every client comes from one address
 * (127.0.0.1): high enough that no limit is met unless a test means to meet it.
 */
export const RAISED_LIMITS = {
  maxRoomsPerMinute: 10_000,
  maxConnectionsPerAddress: 10_000,
  maxAddressRate: 100_000,
  maxMessageRate: 10_000,
  maxJoinFailures: 10_000,
  maxRoomJoinFailures: 10_000,
  maxLookupsPerMinute: 10_000,
  maxLiveRoomsPerAddress: 10_000,
  maxRoomsPerConnection: 10_000,
} as const;

/** The options of `createServer` the kit sets; the server's own `ServerOptions` fits. */
export interface KitServerOptions {
  webRoot?: string | null;
  maxRoomsPerMinute?: number;
  maxConnectionsPerAddress?: number;
  maxAddressRate?: number;
  maxMessageRate?: number;
  maxJoinFailures?: number;
  maxRoomJoinFailures?: number;
  maxLookupsPerMinute?: number;
  maxLiveRoomsPerAddress?: number;
  maxRoomsPerConnection?: number;
  memoryBudgetMiB?: number;
}

/**
 * The memory budget of an in-process server: the server reads the resident set of its
 * whole process, which here holds the test runner and every client too, so its budget
 * (`--memory-budget`, sized for a server alone) is set out of reach unless a test sets it.
 */
export const IN_PROCESS_MEMORY_BUDGET_MIB = 1_048_576;

/** What the kit needs of a Sanctuary server (`SanctuaryServer` fits). */
export interface ListenableServer {
  listen(port: number, host?: string): Promise<{ port: number }>;
  close(): Promise<void>;
}

export interface RunningServer<S> {
  server: S;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StartServerOptions {
  /**
   * `"raised"` (default) applies `RAISED_LIMITS` under the caller's options; `"default"`
   * keeps the server's own defaults, for tests of the limits themselves.
   */
  limits?: "raised" | "default";
}

/**
 * Starts a Sanctuary server in this process on 127.0.0.1, port 0, with no web root
 * unless one is given. The caller passes `createServer` (from `@sanctuary/server`), so
 * the kit does not depend on the server package, whose own tests use the kit.
 *
 * @example
 * const t = await startServer(createServer, { maxMembers: 2 });
 * await t.close();
 */
export async function startServer<S extends ListenableServer, O extends KitServerOptions>(
  createServer: (options?: O) => S,
  options?: NoInfer<O>,
  { limits = "raised" }: StartServerOptions = {},
): Promise<RunningServer<S>> {
  const server = createServer({
    webRoot: null,
    memoryBudgetMiB: IN_PROCESS_MEMORY_BUDGET_MIB,
    ...(limits === "raised" ? RAISED_LIMITS : {}),
    ...options,
  } as O);
  const { port } = await server.listen(0, "127.0.0.1");
  return { server, url: `http://127.0.0.1:${port}`, port, close: () => server.close() };
}
