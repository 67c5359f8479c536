import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, Result } from "axe-core";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
/** axe-core's browser build, injected into the page under test. */
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** The WCAG levels checked: 2.0 and 2.1, A and AA. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** A violation as one readable line: rule, impact, help and the first offending elements. */
function describe(violation: Result): string {
  const targets = violation.nodes.slice(0, 3).map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`);
  return `${violation.id} (${violation.impact}) ${violation.help}\n    ${targets.join("\n    ")}`;
}

/**
 * Runs axe-core (WCAG 2.1 A/AA rules) on the page as it is now and returns its serious and
 * critical violations, each as a readable line ([] when there are none).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const injected = await page.evaluate(() => "axe" in window);
  if (!injected) await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(
        document,
        { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] },
      ),
    TAGS,
  );
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(describe);
}
