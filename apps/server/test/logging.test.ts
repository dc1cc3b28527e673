import { fileURLToPath } from "node:url";
import { spawnServer } from "@sanctuary/testkit";
import { describe, expect, it } from "vitest";
import { runPrivacyScenario } from "./support/privacyScenario.js";

/**
 * Zero logging (F12): the real `sanctuary` command, with its full banner and even with
 * DEBUG=* in its environment, prints nothing at all while a whole scenario runs, so
 * none of the aliases, room IDs, passwords, envelope values or client addresses can
 * be in its output.
 */
describe("zero logging", () => {
  it("prints the banner and nothing else through a whole scenario", async () => {
    const server = await spawnServer([], { env: { DEBUG: "*", DEBUG_COLORS: "0" } });
    let code: number | null = null;
    let banner = "";
    let secrets: string[] = [];
    try {
      banner = server.stdout();
      expect(banner).toMatch(/^Sanctuary \d+\.\d+\.\d+ is running/);
      ({ secrets } = await runPrivacyScenario(server.url));
    } finally {
      code = await server.stop("SIGTERM");
    }
    expect(code).toBe(0);
    const output = server.stdout() + server.stderr();
    // Not one byte after the banner, on either stream.
    expect(server.stderr()).toBe("");
    expect(server.stdout()).toBe(banner);
    expect(secrets.length).toBeGreaterThan(30);
    for (const secret of secrets) expect(output.includes(secret), `"${secret}" was printed`).toBe(false);
  }, 30_000);

  it("prints nothing even when code in its process turns the libraries' logging on", async () => {
    const preload = fileURLToPath(new URL("./support/enableDebug.mjs", import.meta.url));
    const server = await spawnServer(["--quiet"], {
      env: { NODE_OPTIONS: `--import=${preload}`, DEBUG_COLORS: "0" },
    });
    let code: number | null = null;
    try {
      await runPrivacyScenario(server.url);
    } finally {
      code = await server.stop("SIGTERM");
    }
    expect(code).toBe(0);
    expect(server.stderr()).toBe("");
    expect(server.stdout()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\n$/);
  }, 30_000);
});
