import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { hostname } from "node:os";

export interface HostCheckOptions {
  /** `--allowed-host`: names the operator serves the app under (lowercase). */
  allowedHosts: readonly string[];
  /** `--allowed-origin`: their hosts are allowed too. */
  allowedOrigins: readonly string[];
  /** This machine's name (`os.hostname()`); tests pass their own. */
  machineName?: string;
}

/**
 * Decides which `Host` headers the server answers. A DNS-rebinding
 * page points a name it controls (`evil.example`) at this server's address; the
 * browser then treats the server as `evil.example`'s own origin, so the origin check
 * alone lets it in. Browsers always send the name they used as `Host`, so the server
 * answers only names it knows:
 *
 * - IP literals (what the banner prints) and `localhost` / `*.localhost` (browsers
 *   resolve those to loopback themselves, so no page can rebind them);
 * - this machine's name and `<name>.local` (mDNS: a Raspberry Pi at `raspberrypi.local`);
 * - `--allowed-host` names, the hosts of `--allowed-origin`, and a name given to `--host`.
 *
 * A request without `Host` (HTTP/1.0 tools) passes: browsers always send one.
 * `X-Forwarded-Host` is never read, with or without `--trust-proxy`: docs/deploy.md
 * has the proxy pass the original `Host`, which is checked like any other.
 *
 * @example
 * const hosts = new HostCheck({ allowedHosts: ["chat.example.org"], allowedOrigins: [] });
 * hosts.allows(req); // false for Host: evil.example
 */
export class HostCheck {
  readonly #names = new Set<string>();

  constructor(options: HostCheckOptions) {
    for (const name of options.allowedHosts) this.allowName(name);
    for (const origin of options.allowedOrigins) this.allowName(new URL(origin).hostname);
    const machine = (options.machineName ?? hostname()).toLowerCase();
    if (machine !== "") {
      const short = machine.split(".")[0] ?? machine;
      for (const name of [machine, short, `${short}.local`]) this.allowName(name);
    }
  }

  /** Adds one more name (e.g. the one `listen` was given). */
  allowName(name: string): void {
    this.#names.add(bareHost(name));
  }

  /** True when the request's `Host` is one this server answers. */
  allows(req: Pick<IncomingMessage, "headers">): boolean {
    const header = req.headers.host;
    if (header === undefined) return true;
    const host = hostOfHeader(header);
    if (host === undefined) return false;
    if (isIP(host) !== 0) return true;
    if (host === "localhost" || host.endsWith(".localhost")) return true;
    return this.#names.has(host);
  }
}

/** The host part of a `Host` header, lowercase, without port, brackets or final dot. */
function hostOfHeader(header: string): string | undefined {
  const trimmed = header.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed) return bracketed[1];
  const named = /^([^:[\]]+)(?::\d+)?$/.exec(trimmed);
  return named?.[1] === undefined ? undefined : bareHost(named[1]);
}

function bareHost(name: string): string {
  return name
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}
