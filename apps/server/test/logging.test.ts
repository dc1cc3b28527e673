import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenarioOnCommand } from "./support/privacyScenario.js";

/**
 * Zero logging (F12): the real `sanctuary` command, with its full banner and even with
 * DEBUG=* in its environment, prints nothing at all while a whole scenario runs, so
 * none of the aliases, room IDs, passwords, envelope values or client addresses can
 * be in its output.
 */
describe("zero logging", () => {
  it("prints the banner and nothing else through a whole scenario", async () => {
    const { server, printedAtStart, exitCode, secrets } = await runScenarioOnCommand([], {
      env: { DEBUG: "*", DEBUG_COLORS: "0" },
    });
    expect(printedAtStart).toMatch(/^Sanctuary \d+\.\d+\.\d+ is running/);
    expect(exitCode).toBe(0);
    const output = server.stdout() + server.stderr();
    // Not one byte after the banner, on either stream.
    expect(server.stderr()).toBe("");
    expect(server.stdout()).toBe(printedAtStart);
    expect(secrets.length).toBeGreaterThan(30);
    for (const secret of secrets) expect(output.includes(secret), `"${secret}" was printed`).toBe(false);
  }, 30_000);

  it("prints nothing even when code in its process turns the libraries' logging on", async () => {
    const preload = fileURLToPath(new URL("./support/enableDebug.mjs", import.meta.url));
    const { server, exitCode } = await runScenarioOnCommand(["--quiet"], {
      env: { NODE_OPTIONS: `--import=${preload}`, DEBUG_COLORS: "0" },
    });
    expect(exitCode).toBe(0);
    expect(server.stderr()).toBe("");
    expect(server.stdout()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\n$/);
  }, 30_000);
});
