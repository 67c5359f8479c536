/**
 * Docs as tests: turns the ```ts / ```tsx blocks of a markdown file into TypeScript modules that
 * `tsc` can check, keeping a map back to the markdown line of every generated line.
 *
 * The convention (documented in docs/snippets.md):
 * - Every ```ts, ```tsx and ```typescript block is compiled. Other languages (sh, json…) are not.
 * - A block whose first line is a comment naming a file — `// messages.ts`,
 *   `// shared/messages.ts — imported by both ends` — is that file; other blocks of the same
 *   markdown file import it (`from "./messages"`). Blocks naming the same file add to it.
 * - All other blocks of one markdown file form one module, in order: each block sees the names
 *   the blocks above it declared (it is nested inside their scope, so it may declare a name
 *   again, shadowing the earlier one). Imports are hoisted and merged; one local name imported
 *   from two different places is an error. `export` is dropped from nested blocks.
 * - A block inside an HTML comment (`<!--` … `-->`) is compiled but not shown by markdown
 *   renderers: use it for setup the reader does not need (`declare const session: …`, a stub
 *   `./App`). Hidden blocks are hoisted to the top level of their module.
 */

/** One fenced TypeScript block of a markdown file. */
export interface Block {
  /** Markdown file, relative to the repo root. */
  source: string;
  /** 1-based markdown line of the block's first code line. */
  line: number;
  lang: "ts" | "tsx";
  code: string;
  /** Inside an HTML comment: compiled, not rendered. */
  hidden: boolean;
  /** The file this block is, from a `// name.ts` first line; undefined for the shared module. */
  file: string | undefined;
}

/** Where a generated line came from, or undefined for glue lines. */
export type LineOrigin = { source: string; line: number } | undefined;

/** A generated module: its path (relative to the snippet dir), code and line map (index 0 = line 1). */
export interface Module {
  path: string;
  code: string;
  lines: LineOrigin[];
}

const TS_LANGS = new Set(["ts", "tsx", "typescript"]);
const FILE_COMMENT = /^\/\/\s*(?:\.\/)?([\w@][\w./@-]*\.(?:ts|tsx|mts))(?:\s|$)/;

/** The TypeScript blocks of a markdown file, in order. */
export function extractBlocks(markdown: string, source: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (!fence) {
      inComment = commentStateAfter(line, inComment);
      continue;
    }
    const [, indent = "", marks = "```", lang = ""] = fence;
    const closing = new RegExp(`^\\s*${marks[0]}{${marks.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const inner = lines[j] ?? "";
      if (closing.test(inner)) break;
      body.push(inner.startsWith(indent) ? inner.slice(indent.length) : inner.trimStart());
    }
    if (TS_LANGS.has(lang.toLowerCase())) {
      const first = body.find((l) => l.trim() !== "") ?? "";
      blocks.push({
        source,
        line: i + 2,
        lang: lang.toLowerCase() === "tsx" ? "tsx" : "ts",
        code: body.join("\n"),
        hidden: inComment,
        file: FILE_COMMENT.exec(first.trim())?.[1],
      });
    }
    i = j; // skip the closing fence
  }
  return blocks;
}

/** Whether we are inside `<!-- … -->` after this line (fences are only looked for outside it). */
function commentStateAfter(line: string, inComment: boolean): boolean {
  let state = inComment;
  let rest = line;
  for (;;) {
    const token = state ? rest.indexOf("-->") : rest.indexOf("<!--");
    if (token === -1) return state;
    rest = rest.slice(token + (state ? 3 : 4));
    state = !state;
  }
}

interface ImportBinding {
  /** "default", "*", or the imported name. */
  imported: string;
  local: string;
  typeOnly: boolean;
  specifier: string;
  origin: { source: string; line: number };
}

const IMPORT =
  /^import\s+(type\s+)?([\s\S]*?)\s+from\s+(["'])([^"']+)\3;?[ \t]*(\/\/.*)?$|^import\s+(["'])([^"']+)\6;?[ \t]*$/gm;

/** Splits a block into its import bindings and its body (import lines blanked, line count kept). */
function splitImports(block: Block): { bindings: ImportBinding[]; sideEffects: string[]; body: string } {
  const bindings: ImportBinding[] = [];
  const sideEffects: string[] = [];
  const body = block.code.replace(IMPORT, (statement, typeKw, clause, _q, specifier, _c, _q2, bare, offset: number) => {
    const origin = { source: block.source, line: block.line + countNewlines(block.code.slice(0, offset)) };
    if (bare !== undefined) sideEffects.push(bare);
    else bindings.push(...parseClause(clause, specifier, Boolean(typeKw), origin));
    return "\n".repeat(countNewlines(statement));
  });
  return { bindings, sideEffects, body };
}

function parseClause(
  clause: string,
  specifier: string,
  typeOnly: boolean,
  origin: ImportBinding["origin"],
): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  let rest = clause.trim();
  const named = /\{([\s\S]*)\}/.exec(rest);
  if (named) {
    for (const part of (named[1] ?? "").split(",")) {
      const spec = part.replace(/\/\/.*$/gm, "").trim();
      if (spec === "") continue;
      const m = /^(type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(spec);
      if (!m) throw new Error(`${origin.source}:${origin.line}: cannot read the import specifier "${spec}"`);
      bindings.push({ imported: m[2]!, local: m[3] ?? m[2]!, typeOnly: typeOnly || Boolean(m[1]), specifier, origin });
    }
    rest = rest.replace(named[0], "");
  }
  for (const part of rest.split(",")) {
    const spec = part.trim();
    if (spec === "") continue;
    const ns = /^\*\s+as\s+([\w$]+)$/.exec(spec);
    if (ns) bindings.push({ imported: "*", local: ns[1]!, typeOnly, specifier, origin });
    else if (/^[\w$]+$/.test(spec)) bindings.push({ imported: "default", local: spec, typeOnly, specifier, origin });
    else throw new Error(`${origin.source}:${origin.line}: cannot read the import clause "${clause}"`);
  }
  return bindings;
}

function countNewlines(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === "\n") n++;
  return n;
}

/** Drops `export` from declarations (a nested block cannot export). */
function stripExports(body: string): string {
  return body.replace(
    /^(\s*)export\s+(default\s+)?(?=(async\s+)?function|const|let|var|class|type|interface|enum)/gm,
    "$1",
  );
}

/**
 * Builds the modules of one markdown file's blocks: one per named file plus the shared module
 * (`main.ts`, or `main.tsx` when any of its blocks is tsx). Throws on an import conflict.
 */
export function buildModules(blocks: Block[]): Module[] {
  const groups = new Map<string, Block[]>();
  for (const block of blocks) {
    const key = block.file ?? "";
    groups.set(key, [...(groups.get(key) ?? []), block]);
  }
  const modules: Module[] = [];
  for (const [file, group] of groups) {
    const path = file !== "" ? file : group.some((b) => b.lang === "tsx") ? "main.tsx" : "main.ts";
    modules.push(buildModule(path, group));
  }
  return modules;
}

function buildModule(path: string, blocks: Block[]): Module {
  const out: string[] = [];
  const lines: LineOrigin[] = [];
  const emit = (text: string, origin: LineOrigin | ((i: number) => LineOrigin)) => {
    text.split("\n").forEach((line, i) => {
      out.push(line);
      lines.push(typeof origin === "function" ? origin(i) : origin);
    });
  };

  const parts = blocks.map((block) => ({ block, ...splitImports(block) }));
  const byLocal = new Map<string, ImportBinding>();
  const sideEffects = new Set<string>();
  for (const part of parts) {
    for (const s of part.sideEffects) sideEffects.add(s);
    for (const binding of part.bindings) {
      const seen = byLocal.get(binding.local);
      if (!seen) byLocal.set(binding.local, binding);
      else if (seen.specifier !== binding.specifier || seen.imported !== binding.imported) {
        throw new Error(
          `${binding.origin.source}:${binding.origin.line}: "${binding.local}" is imported from "${binding.specifier}" ` +
            `but ${seen.origin.source}:${seen.origin.line} imports it from "${seen.specifier}" — the snippets of one ` +
            "markdown file share one module (docs/snippets.md): import it from the same place, or name the file (`// other.ts`).",
        );
      } else if (seen.typeOnly && !binding.typeOnly) byLocal.set(binding.local, { ...seen, typeOnly: false });
    }
  }
  for (const s of sideEffects) emit(`import "${s}";`, undefined);
  for (const b of byLocal.values()) {
    const clause =
      b.imported === "*"
        ? `* as ${b.local}`
        : b.imported === "default"
          ? b.local
          : `{ ${b.imported === b.local ? b.local : `${b.imported} as ${b.local}`} }`;
    emit(`import ${b.typeOnly ? "type " : ""}${clause} from "${b.specifier}";`, b.origin);
  }

  // Directives ("use client") stay first in a named file; they are kept as written otherwise.
  const hidden = parts.filter((p) => p.block.hidden);
  const visible = parts.filter((p) => !p.block.hidden);
  for (const part of hidden) emit(part.body, (i) => ({ source: part.block.source, line: part.block.line + i }));
  visible.forEach((part, index) => {
    if (index > 0) emit("{", undefined);
    emit(index > 0 ? stripExports(part.body) : part.body, (i) => ({
      source: part.block.source,
      line: part.block.line + i,
    }));
  });
  if (visible.length > 1) emit("}".repeat(visible.length - 1), undefined);
  return { path, code: `${out.join("\n")}\n`, lines };
}

/** Rewrites `path(line,col): error …` lines of tsc output to markdown locations where known. */
export function mapDiagnostics(output: string, modules: Map<string, Module>): string {
  return output.replace(/^(\S+?)\((\d+),(\d+)\)/gm, (whole, file: string, line: string, col: string) => {
    const module = modules.get(file.replaceAll("\\", "/"));
    const origin = module?.lines[Number(line) - 1];
    return origin ? `${origin.source}:${origin.line}:${col} (${file}:${line})` : whole;
  });
}
