import { build } from "vite";
import { demoDir, distDir, missingChromiumMessage } from "./paths.ts";

/** Checks for Chromium, then builds the app once for every browser test. */
export default async function setup(): Promise<void> {
  const missing = missingChromiumMessage();
  if (missing !== undefined) throw new Error(missing);
  await build({ configFile: `${demoDir}vite.config.ts`, logLevel: "warn", build: { outDir: distDir } });
}
