import { defineConfig } from "vitest/config";

// Real servers on port 0 with real clients; each test file starts its own.
export default defineConfig({
  test: {
    name: "server",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 10_000,
    // Builds dist/ once, for the tests that run the real `sanctuary` command.
    globalSetup: ["test/support/buildOnce.ts"],
    // memory.test.ts measures the heap after a full collection.
    execArgv: ["--expose-gc"],
    // Type-level tests (`*.test-d.ts`): handler tables that must fail to compile.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
