import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "protocol",
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Argon2id at the design's parameters takes a noticeable fraction of a second.
    testTimeout: 30_000,
  },
});
