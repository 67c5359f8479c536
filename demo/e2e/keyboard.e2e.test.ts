import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { focusedTestId, launchChromium, openDemo, tabTo } from "./browser.ts";
import { type DemoServer, startDemoServer } from "./server.ts";

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const sent = (page: Page, text: string) =>
  page.locator('[data-testid="message"][data-status="sent"]').filter({ hasText: text }).waitFor();

describe("the demo by keyboard alone", () => {
  test("name → join → type → send → calculate, with focus where the next step is", async () => {
    const page = await openDemo(browser, server.url, "Kim");
    await page.getByTestId("name-input").waitFor();

    // The name field has the focus on load; Enter signs in, which joins #general and focuses the composer.
    expect(await focusedTestId(page)).toBe("name-input");
    await page.keyboard.type("Kim");
    await page.keyboard.press("Enter");
    await page.getByTestId("user-count").waitFor();
    expect(await focusedTestId(page)).toBe("message-input");

    // Type and send with Enter; the composer keeps the focus.
    await page.keyboard.type("Hello from the keyboard");
    await page.keyboard.press("Enter");
    await sent(page, "Hello from the keyboard");
    expect(await focusedTestId(page)).toBe("message-input");

    // Back to the rooms (through the message list, which is focusable to scroll it) and join
    // another: focus moves to the composer.
    const passed = await tabTo(page, "join-typescript", { backwards: true });
    expect(passed).toContain("messages");
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="room-typescript"] [data-testid="leave-room"]').waitFor();
    expect(await focusedTestId(page)).toBe("message-input");
    await page.keyboard.type("Now in #typescript");
    await page.keyboard.press("Enter");
    await sent(page, "Now in #typescript");

    // On to the calculator: labelled fields in order, Enter submits.
    await tabTo(page, "calc-a");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("0.1");
    await page.keyboard.press("Tab");
    expect(await focusedTestId(page)).toBe("calc-op");
    await page.keyboard.press("Tab");
    expect(await focusedTestId(page)).toBe("calc-b");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("0.2");
    await page.keyboard.press("Enter");
    await page.getByTestId("calc-result").filter({ hasText: "0.1 + 0.2 = 0.3" }).waitFor();

    // "Restart server" comes after everything else.
    await tabTo(page, "calc-submit");
    await page.keyboard.press("Tab");
    expect(await focusedTestId(page)).toBe("restart-server");
  });
});
