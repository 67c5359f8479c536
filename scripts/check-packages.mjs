// Packs each published package as npm would receive it (`pnpm pack` into a temp dir, after
// `pnpm build`) and checks the tarball: no test files, internal dependencies as caret ranges,
// README links that resolve inside the tarball (or, for `/…` links, inside the repo), then
// publint and @arethetypeswrong/cli (esm-only profile) on the tarball itself.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const packages = ["client", "react", "server-bun"];
/** Files that are tests or test helpers: never shipped. */
const TEST_FILE = /\.test\.|\.test-d\.|\.cases\.|\/src\/test\/|\/dist\/test\/|(^|\/)test\//;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim() };
}

/** Markdown link targets, without anchors; images included. */
function linksOf(markdown) {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

const dir = mkdtempSync(join(tmpdir(), "typed-ws-pack-"));
let failed = 0;
try {
  for (const name of packages) {
    const problems = [];
    const packDir = join(dir, name);
    const pack = run("pnpm", ["pack", "--pack-destination", packDir], { cwd: join("packages", name) });
    if (!pack.ok) {
      console.log(`FAIL @typed-ws/${name}: pnpm pack failed\n${pack.output}`);
      failed++;
      continue;
    }
    const tarball = join(
      packDir,
      readdirSync(packDir).find((f) => f.endsWith(".tgz")),
    );
    const files = run("tar", ["-tzf", tarball])
      .output.split("\n")
      .map((f) => f.replace(/^package\//, ""));
    const fileSet = new Set(files);

    for (const file of files.filter((f) => TEST_FILE.test(`/${f}`))) problems.push(`ships a test file: ${file}`);
    for (const required of ["LICENSE", "README.md", "package.json"]) {
      if (!fileSet.has(required)) problems.push(`no ${required} in the tarball`);
    }
    if (!files.some((f) => f.endsWith(".d.ts.map"))) problems.push("no declaration maps (.d.ts.map)");

    const manifest = JSON.parse(run("tar", ["-xzOf", tarball, "package/package.json"]).output);
    for (const [dep, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      if (String(range).startsWith("workspace:")) problems.push(`${dep}: "${range}" left in the packed manifest`);
      if (dep.startsWith("@typed-ws/") && !String(range).startsWith("^")) {
        problems.push(`${dep}: "${range}" is not a caret range`);
      }
    }

    const readme = run("tar", ["-xzOf", tarball, "package/README.md"]).output;
    for (const link of linksOf(readme)) {
      const target = link.split("#")[0];
      if (/^[a-z]+:/i.test(link)) problems.push(`README links outside the repo: ${link}`);
      else if (target === "") continue;
      else if (target.startsWith("/")) {
        if (!existsSync(`.${target}`)) problems.push(`README link ${link}: no ${target} in the repo`);
      } else {
        const inTarball = target.replace(/^\.\//, "").replace(/\/$/, "");
        if (!files.some((f) => f === inTarball || f.startsWith(`${inTarball}/`))) {
          problems.push(`README link ${link}: ${inTarball} is not in the tarball (use a /repo-root path)`);
        }
      }
    }

    const publint = run("pnpm", ["exec", "publint", "run", tarball, "--strict"]);
    if (!publint.ok) problems.push(`publint:\n${publint.output}`);
    const attw = run("pnpm", ["exec", "attw", tarball, "--profile", "esm-only", "--no-emoji", "--no-color"]);
    if (!attw.ok) problems.push(`attw --profile esm-only:\n${attw.output}`);

    console.log(`${problems.length === 0 ? "ok  " : "FAIL"} @typed-ws/${name} (${files.length} files)`);
    for (const problem of problems) console.log(`     ${problem.replaceAll("\n", "\n     ")}`);
    failed += problems.length > 0 ? 1 : 0;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);
