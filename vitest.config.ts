import { defineConfig } from "vitest/config";

const conditions = ["@typed-ws/source"];

/** Unit tests (client, react) and type tests. Bun-runtime tests run under `bun test`. */
export default defineConfig({
  resolve: { conditions: [...conditions, "module", "browser", "development|production"] },
  ssr: { resolve: { conditions: [...conditions, "module", "node", "development|production"] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "client",
          environment: "node",
          include: ["packages/client/src/**/*.test.ts"],
          typecheck: { enabled: true, include: ["packages/client/src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
        },
      },
      {
        extends: true,
        test: {
          name: "react",
          environment: "jsdom",
          include: ["packages/react/src/**/*.test.{ts,tsx}"],
          typecheck: {
            enabled: true,
            include: ["packages/react/src/**/*.test-d.{ts,tsx}"],
            tsconfig: "./tsconfig.json",
          },
        },
      },
    ],
    restoreMocks: true,
    testTimeout: 10_000,
  },
});
