/**
 * Compiles deliberate mistakes with the real `tsc` (TypeScript 7 has no JS API) and checks that the
 * first error of each names the bad payload field — by its text or by pointing at the field — and
 * never reports "not assignable to never" on the schema argument.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const tsc = join(root, "node_modules", ".bin", "tsc");

/** Each mistake is one line; `field` is the payload field its first error must name. */
const mistakes = [
  { field: "id", code: `client.request(GetUser, { id: 1, page: 1 });` },
  { field: "page", code: `client.request(GetUser, { id: "1" });` },
  { field: "extra", code: `client.request(GetUser, { id: "1", page: 1, extra: true });` },
  { field: "id", code: `client.request(GetUser, { id: 1, page: 1 }, { timeoutMs: 10 });` },
  { field: "id", code: `client.request(GetUser, { id: 1, page: 1 }, GetUser.response);` },
  { field: "a", code: `client.request(Calculate, { a: "1", b: 2 }, CalculateResult);` },
  { field: "b", code: `client.request(Calculate, { a: 1 }, CalculateResult, { timeoutMs: 10 });` },
  { field: "id", code: `useRequest(GetUser, { id: 1, page: 1 });` },
  { field: "page", code: `useRequest(GetUser, { id: "1" }, { staleTime: 1 });` },
  { field: "a", code: `useRequest(Calculate, { a: "1", b: 2 }, CalculateResult);` },
  { field: "id", code: `useRequestMutation(GetUser).mutate({ id: 1, page: 1 });` },
];

/** Requests of an unpaired schema without a response: the error says the `response` is missing. */
const missingResponse = [
  `client.request(Calculate, { a: 1, b: 2 });`,
  `client.request(Bare);`,
  `useRequest(Calculate, { a: 1, b: 2 });`,
  `useRequestMutation(Calculate);`,
];

const header = `
import { message, rpc, wsClient, z } from "${root}packages/client/src/zod.ts";
import { useRequest, useRequestMutation } from "${root}packages/react/src/index.ts";
const client = wsClient({ url: "ws://127.0.0.1:1" });
const GetUser = rpc("GET_USER", { id: z.string(), page: z.number() }, "USER", { name: z.string() });
const Calculate = message("CALCULATE", { a: z.number(), b: z.number() });
const CalculateResult = message("CALCULATE_RESULT", { result: z.number() });
const Bare = message("BARE");
`.trimStart();

const tmp = join(root, "packages", "client", "node_modules", ".tmp");
mkdirSync(tmp, { recursive: true });
const dir = mkdtempSync(join(tmp, "tsc-errors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One compile of every mistake; the diagnostics are `fixture.ts(line,col): error TSnnnn: text` lines. */
async function compile(): Promise<string[]> {
  const lines = [...header.split("\n").slice(0, -1), ...mistakes.map((m) => m.code), ...missingResponse];
  writeFileSync(join(dir, "fixture.ts"), `${lines.join("\n")}\n`);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: join(root, "tsconfig.base.json"),
      compilerOptions: { types: [], pretty: false },
      files: ["fixture.ts"],
    }),
  );
  const output = await promisify(execFile)(tsc, ["--noEmit", "-p", join(dir, "tsconfig.json")], { cwd: dir }).then(
    () => "",
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  return output.split("\n");
}

describe("a bad payload's compile error names the field", () => {
  it("in client.request, useRequest and useRequestMutation (tsc on a fixture)", { timeout: 120_000 }, async () => {
    const output = await compile();
    const firstLine = header.split("\n").length; // 1-based line of the first mistake
    const diagnostics = output.filter((line) => /^fixture\.ts\(\d+,\d+\): error/.test(line));
    mistakes.forEach(({ field, code }, index) => {
      const line = firstLine + index;
      const first = diagnostics.find((d) => d.startsWith(`fixture.ts(${line},`));
      expect(first, `no error for: ${code}\n${output.join("\n")}`).toBeDefined();
      const [, column] = /^fixture\.ts\(\d+,(\d+)\)/.exec(first as string) ?? [];
      const pointsAt = code.slice(Number(column) - 1);
      const namesField = (first as string).includes(`'${field}'`) || pointsAt.startsWith(field);
      expect(namesField, `${code}\n→ ${first}`).toBe(true);
      expect(first).not.toMatch(/never|No overload matches/);
    });
    missingResponse.forEach((code, index) => {
      const line = firstLine + mistakes.length + index;
      const at = output.findIndex((d) => d.startsWith(`fixture.ts(${line},`));
      expect(at, `no error for: ${code}\n${output.join("\n")}`).toBeGreaterThanOrEqual(0);
      // The error and its indented detail lines, up to the next error.
      const next = output.findIndex((d, i) => i > at && d.startsWith("fixture.ts("));
      const block = output.slice(at, next === -1 ? undefined : next).join("\n");
      expect(block, code).toMatch(/'response'/);
    });
  });
});
