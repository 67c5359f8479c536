/**
 * Topics are opt-in: `@typed-ws/client` (everything it exports, or `wsClient` alone) and
 * `@typed-ws/react` (everything it exports, or a few hooks) bundle no topic subscription code;
 * `@typed-ws/client/topics` and `@typed-ws/react/topics` (`useSubscription`) do. Built with esbuild (the bench's, as figure 5 measures) through the
 * `@typed-ws/source` condition, minified, validators, React and TanStack Query external.
 */
import { describe, expect, it } from "vitest";
import { bundleSource } from "./esbuild-bundle.ts";

/** React and TanStack Query stay external: only our code is inspected. */
const REACT_EXTERNAL = ["react", "react/jsx-runtime", "react-dom", "@tanstack/query-core"];

/** The minified bundle of a module whose source is `source`. */
const bundle = (source: string): Promise<string> => bundleSource(source, REACT_EXTERNAL);

/** Text only the topics code holds: its TypeError, the handler-error name of reset listeners, the frame it answers. */
const TOPICS_MARKERS = ["expects a topic reference", '"onTopicReset"', "$ws:subscribed"];

describe("the topics entry is opt-in", () => {
  it.each([
    ["everything @typed-ws/client exports", `export * from "@typed-ws/client";`],
    ["import { wsClient }", `export { wsClient } from "@typed-ws/client";`],
  ])("%s bundles no topic subscription code", async (_name, source) => {
    const code = await bundle(source);
    expect(code).toContain("The client was closed"); // sanity: the client itself is there
    for (const marker of TOPICS_MARKERS) expect(code).not.toContain(marker);
  });

  it.each([
    ["everything @typed-ws/react exports", `export * from "@typed-ws/react";`],
    ["a React app of a few hooks", `export { useMessage, useRequest, useSend, WsProvider } from "@typed-ws/react";`],
  ])("%s bundles no topic subscription code", async (_name, source) => {
    const code = await bundle(source);
    expect(code).toContain("missing <WsProvider>"); // sanity: the React package itself is there
    for (const marker of TOPICS_MARKERS) expect(code).not.toContain(marker);
  });

  it.each([
    ["@typed-ws/client/topics", `export * from "@typed-ws/client/topics";`],
    [
      "useSubscription of @typed-ws/react/topics",
      `export { WsProvider } from "@typed-ws/react"; export { useSubscription } from "@typed-ws/react/topics";`,
    ],
  ])("%s bundles it", async (_name, source) => {
    const code = await bundle(source);
    for (const marker of TOPICS_MARKERS) expect(code).toContain(marker);
  });
});
