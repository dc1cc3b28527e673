import { networkInterfaces } from "node:os";
import { formatBanner, formatQuietBanner, lanQrCode, lanUrl, reachableUrls } from "./banner.js";
import { parseOptions, USAGE_EXIT_CODE } from "./config/cli.js";
import { OptionsError } from "./config/values.js";
import { silenceDebug } from "./silentDebug.js";
import { releaseOptimizer } from "./startupOptimizer.js";
import { loadTlsFiles } from "./tlsFiles.js";
import { packageVersion } from "./version.js";
import { capYoungGeneration } from "./youngGeneration.js";

/**
 * The `sanctuary` command: parse options, read the TLS files if any, listen, print the
 * banner (or with --quiet only the first URL), and on SIGINT or
 * SIGTERM tell every member the server is going away before exiting. Nothing else is
 * printed while it runs.
 */
async function main(): Promise<void> {
  // Zero logging (F12) holds whatever the environment says or any library does: the
  // `debug` those libraries log through is silenced before they load.
  silenceDebug();
  const { createServer } = await import("./createServer.js");
  let outcome: ReturnType<typeof parseOptions>;
  let https: ReturnType<typeof loadTlsFiles> | undefined;
  try {
    outcome = parseOptions(process.argv.slice(2), process.env);
    if (outcome.kind === "run" && outcome.options.tls) https = loadTlsFiles(outcome.options.tls);
  } catch (err) {
    if (err instanceof OptionsError) fatal(err.message, USAGE_EXIT_CODE);
    throw err;
  }
  if (outcome.kind === "exit") process.exit(outcome.code);
  const options = outcome.options;
  capYoungGeneration(options.youngGeneration);

  let cluster: import("./cluster/redisCluster.js").RedisCluster | undefined;
  if (options.redis) {
    const { RedisCluster, RedisUnavailableError } = await import("./cluster/redisCluster.js");
    try {
      cluster = await RedisCluster.connect(options.redis);
    } catch (err) {
      fatal(err instanceof RedisUnavailableError ? err.message : "cannot reach Redis", 1);
    }
  }
  const serverOptions = { ...options.server, ...(https ? { https } : {}), ...(cluster ? { cluster } : {}) };
  const server = createServer(serverOptions);
  try {
    await server.listen(options.port, options.host, { ipv6Only: options.ipv6Only });
  } catch (err) {
    await cluster?.close();
    fatal(listenFailure(err as NodeJS.ErrnoException, options.host, options.port), 1);
  }

  const where = {
    host: options.host,
    port: (server.httpServer.address() as { port: number }).port,
    ipv6Only: options.ipv6Only,
    tls: https !== undefined,
    interfaces: interfacesOrNone(),
  };
  if (options.quiet) {
    process.stdout.write(formatQuietBanner(where));
  } else {
    const lan = lanUrl(reachableUrls(where));
    const qr = lan === undefined ? null : await lanQrCode(lan).catch(() => null);
    process.stdout.write(formatBanner({ ...where, version: packageVersion(), qr }));
  }
  // Started: from here on hot code is worth optimizing (main.ts held the compiler back).
  releaseOptimizer();

  let stopping = false;
  const stop = () => {
    // A second signal means "now": skip the goodbyes.
    if (stopping) process.exit(1);
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/**
 * The machine's addresses for the banner; none when the sandbox forbids asking (e.g.
 * systemd's RestrictAddressFamilies without AF_NETLINK), which is no reason to stop.
 */
function interfacesOrNone(): ReturnType<typeof networkInterfaces> {
  try {
    return networkInterfaces();
  } catch {
    return {};
  }
}

/** Why listening failed, in words an operator can act on. */
function listenFailure(err: NodeJS.ErrnoException, host: string, port: number): string {
  switch (err.code) {
    case "EADDRINUSE":
      return `port ${port} is already in use`;
    case "EACCES":
      return `no permission to listen on port ${port}`;
    case "EADDRNOTAVAIL":
      return `address ${host} is not available on this machine`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `host ${host} could not be resolved`;
    default:
      return `cannot listen (${err.code ?? "unknown error"})`;
  }
}

function fatal(message: string, code: number): never {
  // The one line a failed start may print (and the only use of stderr).
  console.error(`sanctuary: ${message}`);
  process.exit(code);
}

main().catch(() => fatal("could not start", 1));
