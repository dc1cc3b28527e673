import { defineConfig } from "vitest/config";

// One Vitest run over every package that has tests; each keeps its own config.
export default defineConfig({
  test: {
    projects: ["packages/protocol", "packages/testkit", "packages/client", "apps/server", "apps/web"],
  },
});
