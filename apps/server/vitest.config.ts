import { defineConfig } from "vitest/config";

// Real servers on port 0 with real clients; each test file starts its own.
export default defineConfig({
  test: {
    name: "server",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 10_000,
  },
});
