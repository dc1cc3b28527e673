import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "client",
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Argon2id at the design's parameters takes a noticeable fraction of a second.
    testTimeout: 30_000,
    // Type-level tests (`*.test-d.ts`): mistakes that must fail to compile.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
