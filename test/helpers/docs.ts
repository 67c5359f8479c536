/**
 * Writes the documentation's TypeScript snippets to `docs/.snippets/` (git-ignored, inside the
 * workspace so `@typed-ws/*` resolve to the packages and `docs/package.json` provides React,
 * react-query and Vite types) and type-checks them with the repo's `tsc`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { buildModules, extractBlocks, type Module, mapDiagnostics } from "./snippets.ts";

export const repoRoot = join(import.meta.dir, "..", "..");
export const snippetRoot = join(repoRoot, "docs", ".snippets");

/** README.md, packages/<name>/README.md and docs/*.md, relative to the repo root. */
export function documentationFiles(): string[] {
  const packages = readdirSync(join(repoRoot, "packages"))
    .map((name) => `packages/${name}/README.md`)
    .filter((file) => existsSync(join(repoRoot, file)));
  const docs = readdirSync(join(repoRoot, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`);
  return ["README.md", ...packages, ...docs];
}

/** `packages/client/README.md` → `packages__client__README`. */
export function slugOf(markdownFile: string): string {
  return markdownFile.replace(/\.md$/, "").replaceAll("/", "__");
}

/**
 * Writes each markdown text's modules under `dir/<slug>/`; returns them keyed by their path
 * relative to `dir` (as tsc reports it when run from `dir`).
 */
export function writeSnippets(dir: string, markdown: Record<string, string>): Map<string, Module> {
  const written = new Map<string, Module>();
  for (const [source, text] of Object.entries(markdown)) {
    for (const module of buildModules(extractBlocks(text, source))) {
      const path = join(dir, slugOf(source), module.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, module.code);
      written.set(relative(dir, path), module);
    }
  }
  return written;
}

/** The tsconfig the snippets compile with: the repo's strict settings, Bun, Node and Vite types. */
export function writeTsconfig(dir: string): void {
  const tsconfig = {
    extends: relative(dir, join(repoRoot, "tsconfig.base.json")),
    compilerOptions: { types: ["bun", "node", "vite/client"], noEmit: true },
    include: ["**/*.ts", "**/*.tsx"],
  };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
}

/** Runs tsc on `dir/tsconfig.json`; returns its diagnostics with markdown locations. */
export function typeCheck(dir: string, modules: Map<string, Module>): { status: number | null; output: string } {
  const run = spawnSync(join(repoRoot, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json", "--pretty", "false"], {
    cwd: dir,
    encoding: "utf8",
  });
  return { status: run.status, output: mapDiagnostics(`${run.stdout}${run.stderr}`.trim(), modules) };
}

/** Fresh `docs/.snippets/` holding every documentation file's snippets (plus `extra` ones). */
export function prepareSnippets(extra: Record<string, string> = {}): Map<string, Module> {
  rmSync(snippetRoot, { recursive: true, force: true });
  mkdirSync(snippetRoot, { recursive: true });
  const markdown: Record<string, string> = { ...extra };
  for (const file of documentationFiles()) markdown[file] = readFileSync(join(repoRoot, file), "utf8");
  const modules = writeSnippets(snippetRoot, markdown);
  writeTsconfig(snippetRoot);
  return modules;
}
