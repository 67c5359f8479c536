import { fileURLToPath } from "node:url";
import { defaultClientConditions, defineConfig } from "vite";

const serverPort = process.env.PORT ?? "3000";

/**
 * The demo app. Workspace packages resolve to their TypeScript sources through the
 * `@typed-ws/source` condition, so no package build is needed. `vite dev` proxies the
 * WebSocket to a running demo server (`pnpm demo:server`).
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  resolve: { conditions: ["@typed-ws/source", ...defaultClientConditions] },
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // React + Zod 4 in one chunk is ~670 kB minified (~180 kB gzip); fine for a demo.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // The hooks start with "use client" (for RSC frameworks); a plain SPA bundle drops it.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  server: {
    host: "127.0.0.1",
    proxy: { "/ws": { target: `ws://127.0.0.1:${serverPort}`, ws: true } },
  },
});
