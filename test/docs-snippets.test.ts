/**
 * Docs as tests: every ```ts / ```tsx block of README.md, packages/*\/README.md and docs/*.md
 * type-checks (convention: docs/snippets.md). One tsc run over all of them; each documentation
 * file is its own test, reporting errors at their markdown line.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { documentationFiles, prepareSnippets, snippetRoot, typeCheck } from "./helpers/docs.ts";
import { buildModules, extractBlocks } from "./helpers/snippets.ts";

// A deliberately broken document compiled with the real ones: proves errors are found and
// reported at the markdown line, so a passing run means the snippets really compiled.
const BROKEN = "test/fixtures/broken-snippet.md";
const brokenMarkdown = [
  "# broken", // 1
  "```ts", // 2
  'import { message, z } from "@typed-ws/client/zod";', // 3
  'const Chat = message("CHAT", { text: z.string() });', // 4
  "```", // 5
  "", // 6
  "```ts", // 7
  "const wrong: number = Chat.shape.type.value;", // 8: a string literal is not a number
  "```", // 9
].join("\n");

let diagnostics = "";
let status: number | null = null;

// One tsc run over every snippet: seconds, more on a loaded machine than bun's 5 s hook default
// (a failure guard, not a timing assertion).
beforeAll(
  () => {
    const modules = prepareSnippets({ [BROKEN]: brokenMarkdown });
    ({ output: diagnostics, status } = typeCheck(snippetRoot, modules));
  },
  { timeout: 120_000 },
);

function errorsOf(file: string): string[] {
  return diagnostics.split("\n").filter((line) => line.startsWith(`${file}:`));
}

describe("documentation snippets type-check", () => {
  test.each(documentationFiles())("%s", (file) => {
    expect(errorsOf(file)).toEqual([]);
  });

  test("every diagnostic is mapped to a markdown line (no error in the generated glue)", () => {
    const unmapped = diagnostics.split("\n").filter((line) => line.trim() !== "" && !/^[\w./-]+\.md:\d+/.test(line));
    expect(unmapped).toEqual([]);
  });

  test("a type error in a snippet fails the check and is reported at its markdown line", () => {
    expect(status).not.toBe(0);
    const errors = errorsOf(BROKEN);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^test\/fixtures\/broken-snippet\.md:8:7 .*error TS2322/);
  });
});

describe("snippet convention", () => {
  const blocksOf = (markdown: string) => extractBlocks(markdown, "doc.md");

  test("ts, tsx and typescript blocks are compiled; sh and json are not", () => {
    const md = [
      "```sh",
      "npm test",
      "```",
      "```json",
      "{}",
      "```",
      "```tsx",
      "<a/>",
      "```",
      "```typescript",
      "1",
      "```",
    ];
    expect(blocksOf(md.join("\n")).map((b) => [b.lang, b.code, b.line])).toEqual([
      ["tsx", "<a/>", 8],
      ["ts", "1", 11],
    ]);
  });

  test("a block whose first line names a file becomes that file; the rest share main.ts", () => {
    const md = [
      "```ts",
      "// shared/messages.ts — imported by both ends",
      "export const A = 1;",
      "```",
      "```ts",
      'import { A } from "./shared/messages.ts";',
      "```",
    ].join("\n");
    const modules = buildModules(blocksOf(md));
    expect(modules.map((m) => m.path)).toEqual(["shared/messages.ts", "main.ts"]);
    expect(modules[0]?.code).toContain("export const A = 1;");
  });

  test("later blocks are nested in the earlier ones' scope, imports hoisted and merged, exports dropped", () => {
    const md = [
      "```ts",
      'import { z, message } from "@typed-ws/client/zod";',
      "const client = 1;",
      "```",
      "```ts",
      'import { message, wsClient } from "@typed-ws/client/zod";',
      "export const client = 2;",
      "```",
    ].join("\n");
    const [main] = buildModules(blocksOf(md));
    const lines = main!.code.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("import"))).toEqual([
      'import { z } from "@typed-ws/client/zod";',
      'import { message } from "@typed-ws/client/zod";',
      'import { wsClient } from "@typed-ws/client/zod";',
    ]);
    expect(main!.code).toContain("const client = 1;\n");
    expect(main!.code).toMatch(/\{\n\nconst client = 2;\n\}/);
  });

  test("one name imported from two places is an error naming both lines", () => {
    const md = [
      "```ts",
      'import { wsClient } from "@typed-ws/client";',
      "```",
      "```ts",
      'import { wsClient } from "@typed-ws/client/zod";',
      "```",
    ].join("\n");
    expect(() => buildModules(blocksOf(md))).toThrow(/doc\.md:5: "wsClient" is imported from .* doc\.md:2/);
  });

  test("a block inside an HTML comment is hidden: compiled, hoisted to the top level", () => {
    const md = ["```ts", "use(session);", "```", "<!--", "```ts", "declare const session: string;", "```", "-->"];
    const blocks = blocksOf(md.join("\n"));
    expect(blocks.map((b) => b.hidden)).toEqual([false, true]);
    const [main] = buildModules(blocks);
    expect(main!.code.indexOf("declare const session")).toBeLessThan(main!.code.indexOf("use(session)"));
    expect(main!.lines[0]).toEqual({ source: "doc.md", line: 6 });
  });
});
