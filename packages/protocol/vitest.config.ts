import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Tests run the sources: Node's copy of the confusables table (package.json `imports`
    // points at the build).
    alias: { "#confusables": fileURLToPath(new URL("src/alias/confusablesOnDemand.ts", import.meta.url)) },
  },
  test: {
    name: "protocol",
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Type-level tests (`*.test-d.ts`): mistakes that must fail to compile.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
