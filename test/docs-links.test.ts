/**
 * Every link in the repo's markdown stays inside the repo and resolves: relative links to a
 * file or folder beside the document, `/…` links to one under the repo root (GitHub resolves
 * those from the root; package READMEs use them for docs that are not packed).
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { repoRoot } from "./helpers/docs.ts";

const markdownFiles = Bun.spawnSync(["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.md"], {
  cwd: repoRoot,
})
  .stdout.toString()
  .trim()
  .split("\n")
  .filter((file) => file !== "" && existsSync(join(repoRoot, file)));

/** Link targets outside fenced code and inline code. */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/(`{3,}|~{3,})[\s\S]*?\1/g, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|<(https?:[^>]+)>/g)].map((m) => (m[1] ?? m[2])!);
}

describe("markdown links stay in the repo and resolve", () => {
  test.each(markdownFiles)("%s", async (file) => {
    const text = await Bun.file(join(repoRoot, file)).text();
    const broken: string[] = [];
    for (const link of linksOf(text)) {
      const target = decodeURIComponent(link.split("#")[0] ?? "");
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) broken.push(`${link}: leaves the repo`);
      else if (target === "") continue;
      else if (!existsSync(target.startsWith("/") ? join(repoRoot, target) : join(repoRoot, dirname(file), target))) {
        broken.push(`${link}: no such file`);
      }
    }
    expect(broken).toEqual([]);
  });

  test("the check sees links (README.md has some)", async () => {
    expect(linksOf(await Bun.file(join(repoRoot, "README.md")).text()).length).toBeGreaterThan(3);
    expect(linksOf("[a](https://x.example) `[b](c)` [d](/e)")).toEqual(["https://x.example", "/e"]);
  });
});
