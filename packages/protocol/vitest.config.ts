import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "protocol",
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Type-level tests (`*.test-d.ts`): mistakes that must fail to compile.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
