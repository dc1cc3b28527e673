import { ALIAS_MAX_CHARS, IMAGE_MAX_BYTES, TEXT_MAX_BYTES } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { parseOptions } from "../src/config/cli.js";
import { OptionsError } from "../src/config/values.js";

function parse(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const outcome = parseOptions(argv, env, { writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  return { outcome, out: out.join(""), err: err.join("") };
}

function run(argv: string[], env: Record<string, string> = {}) {
  const { outcome } = parse(argv, env);
  if (outcome.kind !== "run") throw new Error("expected run");
  return outcome.options;
}

describe("options: flags and SANCTUARY_* variables", () => {
  it("defaults to dual stack on port 6969", () => {
    expect(run([])).toEqual({
      host: "::",
      port: 6969,
      ipv6Only: false,
      quiet: false,
      youngGeneration: 4,
      server: {},
    });
  });

  it("-4 listens on 0.0.0.0, -6 on :: with ipv6Only", () => {
    expect(run(["-4"])).toMatchObject({ host: "0.0.0.0", ipv6Only: false });
    expect(run(["--ipv6"])).toMatchObject({ host: "::", ipv6Only: true });
    expect(() => run(["-4", "-6"])).toThrow(OptionsError);
    expect(() => run(["-4", "--host", "::1"])).toThrow(OptionsError);
  });

  it("reads every option from the environment, and a flag wins over its variable", () => {
    const env = {
      SANCTUARY_HOST: "127.0.0.1",
      SANCTUARY_PORT: "7000",
      SANCTUARY_WEB_ROOT: "/srv/web",
      SANCTUARY_HEARTBEAT: "1000",
      SANCTUARY_GRACE: "2000",
      SANCTUARY_RESUME_WINDOW: "45",
      SANCTUARY_MAX_MEMBERS: "5",
      SANCTUARY_MAX_ROOMS: "7",
      SANCTUARY_MAX_LIFETIME: "3600",
      SANCTUARY_QUIET: "true",
      SANCTUARY_YOUNG_GENERATION: "8",
    };
    expect(run([], env)).toEqual({
      host: "127.0.0.1",
      port: 7000,
      ipv6Only: false,
      quiet: true,
      youngGeneration: 8,
      server: {
        webRoot: "/srv/web",
        heartbeatMs: 1000,
        emptyGraceMs: 2000,
        resumeWindowSeconds: 45,
        maxMembers: 5,
        maxRooms: 7,
        maxLifetimeSeconds: 3600,
      },
    });
    expect(run(["--port", "8000", "--host", "[::1]"], env)).toMatchObject({ port: 8000, host: "::1" });
    expect(run([], { SANCTUARY_IPV6: "1" })).toMatchObject({ host: "::", ipv6Only: true });
    expect(run(["--resume-window", "0"], env).server.resumeWindowSeconds).toBe(0);
  });

  it("rejects bad values with a one-line message", () => {
    for (const argv of [
      ["--port", "abc"],
      ["--port", "70000"],
      ["--port", "-1"],
      ["--heartbeat", "1.5"],
      ["--max-members", "0"],
      ["--max-lifetime", "999999"],
      ["--resume-window", "601"],
      ["--resume-window", "2.5"],
      ["--host", "not a host"],
    ]) {
      let caught: unknown;
      try {
        run(argv);
      } catch (err) {
        caught = err;
      }
      expect(caught, argv.join(" ")).toBeInstanceOf(OptionsError);
      expect((caught as Error).message).not.toContain("\n");
    }
    expect(() => run([], { SANCTUARY_PORT: "x" })).toThrow(/SANCTUARY_PORT/);
    expect(() => run([], { SANCTUARY_QUIET: "maybe" })).toThrow(OptionsError);
  });

  it("unknown flags exit 2; --help and --version exit 0", () => {
    const unknown = parse(["--bogus"]);
    expect(unknown.outcome).toEqual({ kind: "exit", code: 2 });
    expect(unknown.err).toContain("--bogus");
    const help = parse(["--help"]);
    expect(help.outcome).toEqual({ kind: "exit", code: 0 });
    expect(help.out).toContain("--max-lifetime");
    expect(help.out).toContain("SANCTUARY_PORT");
    const version = parse(["--version"]);
    expect(version.outcome).toEqual({ kind: "exit", code: 0 });
    expect(version.out).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("reads the abuse limits, --trust-proxy and --allowed-origin from flags and variables", () => {
    expect(
      run([
        "--max-message-rate",
        "20",
        "--max-address-rate",
        "80",
        "--max-rooms-per-minute",
        "4",
        "--max-connections-per-address",
        "9",
        "--max-join-failures",
        "3",
        "--max-room-join-failures",
        "30",
        "--kick-bar",
        "0",
        "--trust-proxy",
        "--allowed-origin",
        "https://Chat.Example.org",
        "http://10.0.0.2:6969",
      ]).server,
    ).toEqual({
      maxMessageRate: 20,
      maxAddressRate: 80,
      maxRoomsPerMinute: 4,
      maxConnectionsPerAddress: 9,
      maxJoinFailures: 3,
      maxRoomJoinFailures: 30,
      kickBarSeconds: 0,
      trustProxy: true,
      allowedOrigins: ["https://chat.example.org", "http://10.0.0.2:6969"],
    });
    expect(
      run([], {
        SANCTUARY_MAX_MESSAGE_RATE: "5",
        SANCTUARY_MAX_CONNECTIONS_PER_ADDRESS: "2",
        SANCTUARY_TRUST_PROXY: "yes",
        SANCTUARY_ALLOWED_ORIGIN: "https://a.example, https://b.example",
      }).server,
    ).toEqual({
      maxMessageRate: 5,
      maxConnectionsPerAddress: 2,
      trustProxy: true,
      allowedOrigins: ["https://a.example", "https://b.example"],
    });
    expect(() => run(["--allowed-origin", "https://a.example/path"])).toThrow(OptionsError);
    expect(() => run(["--max-message-rate", "0"])).toThrow(/--max-message-rate/);
  });

  it("reads --max-text-bytes, --max-image-bytes and --max-alias-length, within the protocol's limits", () => {
    expect(
      run(["--max-text-bytes", "1024", "--max-image-bytes", "0", "--max-alias-length", "12"]).server,
    ).toEqual({
      maxTextBytes: 1024,
      maxImageBytes: 0,
      maxAliasLength: 12,
    });
    expect(
      run([], {
        SANCTUARY_MAX_TEXT_BYTES: String(TEXT_MAX_BYTES),
        SANCTUARY_MAX_IMAGE_BYTES: String(IMAGE_MAX_BYTES),
        SANCTUARY_MAX_ALIAS_LENGTH: String(ALIAS_MAX_CHARS),
      }).server,
    ).toEqual({
      maxTextBytes: TEXT_MAX_BYTES,
      maxImageBytes: IMAGE_MAX_BYTES,
      maxAliasLength: ALIAS_MAX_CHARS,
    });
    expect(run(["--max-text-bytes", "2000"], { SANCTUARY_MAX_TEXT_BYTES: "3000" }).server.maxTextBytes).toBe(
      2000,
    );
    for (const [argv, name] of [
      [["--max-text-bytes", "0"], "--max-text-bytes"],
      [["--max-text-bytes", String(TEXT_MAX_BYTES + 1)], "--max-text-bytes"],
      [["--max-text-bytes", "1k"], "--max-text-bytes"],
      [["--max-image-bytes", "-1"], "--max-image-bytes"],
      [["--max-image-bytes", String(IMAGE_MAX_BYTES + 1)], "--max-image-bytes"],
      [["--max-alias-length", "0"], "--max-alias-length"],
      [["--max-alias-length", String(ALIAS_MAX_CHARS + 1)], "--max-alias-length"],
    ] as const) {
      expect(() => run([...argv]), argv.join(" ")).toThrow(OptionsError);
      expect(() => run([...argv]), argv.join(" ")).toThrow(name);
    }
    expect(() => run([], { SANCTUARY_MAX_IMAGE_BYTES: "lots" })).toThrow(/SANCTUARY_MAX_IMAGE_BYTES/);
    expect(() => run([], { SANCTUARY_MAX_ALIAS_LENGTH: "99" })).toThrow(/SANCTUARY_MAX_ALIAS_LENGTH/);
    const help = parse(["--help"]).out.replace(/\s+/g, " ");
    expect(help).toMatch(/--max-text-bytes <n> .*\[SANCTUARY_MAX_TEXT_BYTES\]/);
    expect(help).toMatch(/--max-image-bytes <n> .*\[SANCTUARY_MAX_IMAGE_BYTES\]/);
    expect(help).toMatch(/--max-alias-length <n> .*\[SANCTUARY_MAX_ALIAS_LENGTH\]/);
  });

  it("takes --tls-cert and --tls-key together, as absolute paths", () => {
    expect(run(["--tls-cert", "c.pem", "--tls-key", "/k.pem"]).tls).toEqual({
      certFile: expect.stringMatching(/^\/.*c\.pem$/),
      keyFile: "/k.pem",
    });
    expect(run([], { SANCTUARY_TLS_CERT: "/c", SANCTUARY_TLS_KEY: "/k" }).tls).toEqual({
      certFile: "/c",
      keyFile: "/k",
    });
    expect(() => run(["--tls-cert", "c.pem"])).toThrow(/go together/);
  });

  it("--redis takes a redis:// URL and needs the shared --redis-key; anything else is a bad value", () => {
    const key = "k".repeat(32);
    expect(run(["--redis", "redis://127.0.0.1:6379"], { SANCTUARY_REDIS_KEY: key }).redis).toEqual({
      url: "redis://127.0.0.1:6379",
      secret: key,
    });
    expect(
      run([], { SANCTUARY_REDIS: "rediss://cache.example:6380/0", SANCTUARY_REDIS_KEY: key }).redis,
    ).toEqual({
      url: "rediss://cache.example:6380/0",
      secret: key,
    });
    expect(run(["--redis", "redis://h:1", "--redis-key", key]).redis?.secret).toBe(key);
    expect(() => run(["--redis", "redis://127.0.0.1:6379"])).toThrow(/needs SANCTUARY_REDIS_KEY/);
    expect(() => run(["--redis", "redis://h:1", "--redis-key", "short"])).toThrow(/at least 32 characters/);
    expect(() => run(["--redis-key", key])).toThrow(/only used with --redis/);
    expect(() => run(["--redis", "localhost:6379"], { SANCTUARY_REDIS_KEY: key })).toThrow(
      /must be a redis:\/\//,
    );
    expect(run([]).redis).toBeUndefined();
    expect(parse(["--help"]).out.replace(/\s+/g, " ")).toMatch(/--redis <url> scale out: share rooms/);
  });
});
