import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const conditions = ["@typed-ws/source"];

/** React 18, installed by packages/react/react18 (the React package's peer range is ^18 || ^19). */
const react18 = (name: string) =>
  fileURLToPath(new URL(`packages/react/react18/node_modules/${name}`, import.meta.url));

/** Unit tests (client, react) and type tests. Bun-runtime tests run under `bun test`. */
export default defineConfig({
  resolve: { conditions: [...conditions, "module", "browser", "development|production"] },
  ssr: { resolve: { conditions: [...conditions, "module", "node", "development|production"] } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "demo", environment: "node", include: ["demo/src/**/*.test.ts"] },
      },
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
        // Production Vite builds of the fixture apps in test/bundle-size (tree-shaking budget); named
        // `*.vitest.ts` so `bun test ./test` does not run them a second time.
        extends: true,
        test: { name: "bundle", environment: "node", include: ["test/bundle-size/*.vitest.ts"], testTimeout: 180_000 },
      },
      {
        extends: true,
        test: {
          name: "react",
          environment: "jsdom",
          env: { EXPECTED_REACT_MAJOR: "19" },
          // The fixture apps (on the app's own @tanstack/react-query) run on React 19 only.
          include: ["packages/react/src/**/*.test.{ts,tsx}", "packages/react/fixtures/*/src/**/*.test.{ts,tsx}"],
          typecheck: {
            enabled: true,
            include: ["packages/react/src/**/*.test-d.{ts,tsx}"],
            tsconfig: "./tsconfig.json",
          },
        },
      },
      {
        // The same React tests against React 18: our sources (and the tests) import React 18 and
        // the Testing Library copy installed with it; both are external, so their own `react`
        // imports resolve to React 18 too.
        extends: true,
        resolve: {
          alias: [
            { find: /^react(\/.*)?$/, replacement: `${react18("react")}$1` },
            { find: /^react-dom(\/.*)?$/, replacement: `${react18("react-dom")}$1` },
            { find: /^@testing-library\/react$/, replacement: react18("@testing-library/react") },
          ],
        },
        test: {
          name: "react18",
          environment: "jsdom",
          env: { EXPECTED_REACT_MAJOR: "18" },
          include: ["packages/react/src/**/*.test.{ts,tsx}"],
        },
      },
    ],
    restoreMocks: true,
    testTimeout: 10_000,
  },
});
