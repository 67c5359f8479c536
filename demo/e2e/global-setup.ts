import { build } from "vite";
import { demoDir, distDir, missingChromiumMessage } from "./paths.ts";

/** Checks for Chromium, then builds the app once for every browser test. */
export default async function setup(): Promise<void> {
  const missing = missingChromiumMessage();
  if (missing !== undefined) throw new Error(missing);
  // Vitest sets NODE_ENV=test, which would bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: `${demoDir}vite.config.ts`, logLevel: "warn", build: { outDir: distDir } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
