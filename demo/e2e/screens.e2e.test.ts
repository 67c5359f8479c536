import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { seriousViolations } from "./axe.ts";
import {
  focusedTestId,
  openChat,
  openDemo,
  saveScreenshot,
  sendMessage,
  VIEWPORTS,
  type ViewportName,
} from "./browser.ts";
import { demoServersPerTest } from "./fixture.ts";

/**
 * Every screen state at both sizes: the name prompt, a room, the calculator, the rate limit,
 * reconnecting and reconnected. In each, axe-core (WCAG 2.1 A/AA) must find no serious or
 * critical violation, and a screenshot is saved to `test-results/screens/<size>-<n>-<state>.png`
 * (`demo/scripts/screenshots.sh` copies them to `demo/docs/screenshots/` for the README).
 */

const demo = demoServersPerTest();

/** A demo server for this test, on `port` when given (a restart on the same port). */
const start = (port?: number) => demo.start(port === undefined ? {} : { port });

/** Scrolls the page to the top, then as little as needed to show the composer's status line. */
async function showComposer(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId("composer-status").scrollIntoViewIfNeeded();
}

/** The header's measurements: it must not wrap, overflow or change size between states. */
function measureHeader(page: Page) {
  return page.evaluate(() => {
    const lines = (element: Element | null) =>
      element === null
        ? 0
        : Math.round(element.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(element).lineHeight));
    const badge = document.querySelector('[data-testid="connection-badge"]') as HTMLElement;
    return {
      height: document.querySelector(".topbar")!.getBoundingClientRect().height,
      titleLines: lines(document.querySelector("h1")),
      signedInLines: lines(document.querySelector('[data-testid="signed-in"]')),
      badgeWidth: badge.getBoundingClientRect().width,
      badgeOverflows: badge.scrollWidth > badge.clientWidth,
      pageOverflows: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
}

/**
 * axe finds no serious or critical violation; the header is one line of title (and one of
 * "Signed in as"), nothing overflows, and the header has the same size in every state after
 * signing in (`headers` collects them); then the screenshot.
 */
async function checkState(page: Page, viewport: ViewportName, state: string, headers?: object[]): Promise<void> {
  expect(await seriousViolations(page), `${viewport} ${state}`).toEqual([]);
  const { height, badgeWidth, ...header } = await measureHeader(page);
  expect(header, `${viewport} ${state}`).toEqual({
    titleLines: 1,
    signedInLines: headers === undefined ? 0 : 1,
    badgeOverflows: false,
    pageOverflows: false,
  });
  headers?.push({ height, badgeWidth });
  if (headers !== undefined) expect(headers.slice(1), `${viewport} ${state}`).toEqual(headers.slice(0, -1));
  await saveScreenshot(page, `screens/${viewport}-${state}`);
}

const texts = (page: Page, status: string) =>
  page.locator(`[data-testid="message"][data-status="${status}"] [data-testid="message-text"]`).allTextContents();

describe.each(Object.keys(VIEWPORTS) as ViewportName[])("screens at %s size", (viewport) => {
  test("each state is accessible (axe: no serious or critical violations) and captured", async () => {
    const server = await start();
    const headers: object[] = [];

    // 1. The first screen: what the demo is, what to try, the name (focused).
    const ada = await openDemo(demo.browser, server.url, "Ada", viewport);
    await ada.getByTestId("name-input").waitFor();
    expect(await focusedTestId(ada)).toBe("name-input");
    expect(await ada.locator("h1").textContent()).toBe("⇄typed-ws demo");
    expect(await ada.getByRole("heading", { name: "Things to try" }).count()).toBe(1);
    await ada.locator('[data-testid="connection-badge"][data-status="open"]').waitFor();
    await checkState(ada, viewport, "1-name");

    // The name field says what it accepts: empty and too long are explained, in words.
    await ada.getByTestId("name-submit").click();
    expect(await ada.getByTestId("name-error").textContent()).toBe("Enter a name to start.");
    await ada.getByTestId("name-input").fill("A".repeat(25));
    expect(await ada.getByTestId("name-error").textContent()).toBe(
      "Names can be at most 20 characters; this one has 25.",
    );
    expect(await ada.getByTestId("name-count").textContent()).toBe("25/20");
    expect(await seriousViolations(ada)).toEqual([]);
    await saveScreenshot(ada, `screens-extra/${viewport}-name-too-long`);

    // 2. Signed in: #general joined, focus in the composer; a conversation with Bob.
    await ada.getByTestId("name-input").fill("Ada");
    await ada.getByTestId("name-submit").click();
    await ada.getByTestId("user-count").waitFor();
    expect(await focusedTestId(ada)).toBe("message-input");
    const bob = await openChat(demo.browser, server.url, "Bob");
    await ada.getByTestId("user-count").filter({ hasText: "2 online" }).waitFor();
    await sendMessage(ada, "Hi Bob! Everything here is typed end to end.");
    await bob.getByTestId("message-text").filter({ hasText: "Everything here is typed" }).waitFor();
    await sendMessage(bob, "Nice. Now restart the server and keep typing.");
    await ada.getByTestId("message-text").filter({ hasText: "restart the server" }).waitFor();
    await sendMessage(ada, "Will do.");
    await ada.locator('[data-testid="message"][data-status="sent"]').filter({ hasText: "Will do." }).waitFor();
    await checkState(ada, viewport, "2-room", headers);

    // 3. The calculator: labelled number fields, results people can read.
    await ada.getByTestId("calc-a").fill("0.1");
    await ada.getByTestId("calc-b").fill("0.2");
    await ada.getByTestId("calc-submit").click();
    await ada.getByTestId("calc-result").filter({ hasText: "0.1 + 0.2 = 0.3" }).waitFor();
    await ada.getByTestId("calc-output").scrollIntoViewIfNeeded();
    await checkState(ada, viewport, "3-calculator", headers);

    // 4. The rate limit (10 a minute; 3 sent): sending pauses with a countdown; the refused
    // messages stay, marked, and what is typed meanwhile stays in the input.
    for (let i = 1; i <= 9; i++) {
      await ada.getByTestId("message-input").fill(`Quick message ${i}`);
      await ada.getByTestId("message-input").press("Enter");
    }
    await ada.getByTestId("rate-limit").waitFor();
    await ada.locator('[data-testid="message"][data-status="failed"]').first().waitFor();
    expect(await ada.getByTestId("send").isDisabled()).toBe(true);
    expect(await ada.getByTestId("retry-after").textContent()).toMatch(/^Resumes in \d+ s$/);
    expect(await ada.getByTestId("notice").count()).toBe(0);
    await ada.getByTestId("message-input").fill("This one waits in the input");
    await ada.getByTestId("message-input").press("Enter");
    expect(await ada.getByTestId("message-input").inputValue()).toBe("This one waits in the input");
    await showComposer(ada);
    await checkState(ada, viewport, "4-rate-limited", headers);

    // 5. The server goes down: one quiet line with the countdown; a message written now waits.
    await server.kill();
    await ada.locator('[data-testid="connection-badge"][data-status="reconnecting"]').waitFor();
    expect(await ada.getByTestId("rate-limit").count()).toBe(0);
    await ada.getByTestId("send").click();
    await ada
      .locator('[data-testid="message"][data-status="sending"]')
      .filter({ hasText: "This one waits in the input" })
      .waitFor();
    await ada.getByTestId("connection-hint").filter({ hasText: "1 message will be sent when it is back." }).waitFor();
    // (Between attempts; during one it says "Reconnecting".)
    await ada
      .getByTestId("connection-notice")
      .filter({ hasText: /^Connection lost — reconnecting$/ })
      .waitFor();
    expect(await ada.getByTestId("delivery").last().textContent()).toBe("Waiting for the connection");
    await showComposer(ada);
    await checkState(ada, viewport, "5-reconnecting", headers);

    // 6. Back: "Reconnected", the waiting message sent, a refused one retried — no stale pause,
    // no "left"/"joined" noise.
    await start(server.port);
    await ada.getByTestId("connection-notice").filter({ hasText: "Reconnected" }).waitFor({ timeout: 20_000 });
    await ada
      .locator('[data-testid="message"][data-status="sent"]')
      .filter({ hasText: "This one waits in the input" })
      .waitFor();
    const failed = await texts(ada, "failed");
    expect(failed.length).toBeGreaterThan(0);
    await ada.locator('[data-testid="message"][data-status="failed"]').first().getByTestId("retry").click();
    await ada.locator('[data-testid="message"][data-status="sent"]').filter({ hasText: failed[0]! }).waitFor();
    expect(await texts(ada, "failed")).toEqual(failed.slice(1));
    expect(await ada.getByTestId("system-line").allTextContents()).toEqual(["You joined", "Bob joined"]);
    await showComposer(ada);
    await checkState(ada, viewport, "6-reconnected", headers);
  });
});
