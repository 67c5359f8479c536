import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchChromium, openChat, saveScreenshot, sendMessage } from "./browser.ts";
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

describe("chat rooms in Chromium", () => {
  test("two users in one room see each other's messages and the live user count", async () => {
    const ada = await openChat(browser, server.url, "Ada", "general");
    await ada
      .getByTestId("user-count")
      .filter({ hasText: /^1 online$/ })
      .waitFor();
    const bob = await openChat(browser, server.url, "Bob", "general");
    await bob
      .getByTestId("user-count")
      .filter({ hasText: /^2 online$/ })
      .waitFor();
    await ada
      .getByTestId("user-count")
      .filter({ hasText: /^2 online$/ })
      .waitFor();
    await ada.getByTestId("system-line").filter({ hasText: "Bob joined" }).waitFor();
    // No connection chatter in the room: only who joined.
    expect(await ada.getByTestId("system-line").allTextContents()).toEqual(["You joined", "Bob joined"]);

    await sendMessage(ada, "Hello Bob, typed end to end!");
    await bob.getByTestId("message-text").filter({ hasText: "Hello Bob, typed end to end!" }).waitFor();
    await sendMessage(bob, "Hi Ada!");
    await ada.getByTestId("message-text").filter({ hasText: "Hi Ada!" }).waitFor();
    await sendMessage(ada, "Try the restart button while typing.");
    await bob.getByTestId("message-text").filter({ hasText: "Try the restart button" }).waitFor();

    const texts = ["Hello Bob, typed end to end!", "Hi Ada!", "Try the restart button while typing."];
    await ada.locator('[data-testid="message"][data-status="sent"]').nth(2).waitFor();
    expect(await ada.getByTestId("message-text").allTextContents()).toEqual(texts);
    expect(await bob.getByTestId("message-text").allTextContents()).toEqual(texts);
    // Ada's own messages are on her side, Bob's on the other.
    expect(await ada.locator(".message.mine").count()).toBe(2);
    expect(await bob.locator(".message.mine").count()).toBe(1);

    await ada.getByTestId("calc-submit").click();
    await ada.getByTestId("calc-result").waitFor();
    await saveScreenshot(ada, "demo-chat", { fullPage: true });

    await bob.getByTestId("leave-room").click();
    await ada
      .getByTestId("user-count")
      .filter({ hasText: /^1 online$/ })
      .waitFor();
    await ada.getByTestId("system-line").filter({ hasText: "Bob left" }).waitFor();
    await bob.context().close();
    await ada.context().close();
  });

  test("a message over 500 characters is refused before sending, in plain words, and stays in the input", async () => {
    const page = await openChat(browser, server.url, "Cleo", "random");
    const long = "x".repeat(501);
    await sendMessage(page, long);
    const error = page.getByTestId("validation-error");
    await error.waitFor();
    expect(await error.textContent()).toBe(
      "Messages can be at most 500 characters; this one has 501. ValidationError VALIDATION_FAILED",
    );
    expect(await page.getByTestId("message-input").inputValue()).toBe(long);
    expect(await page.getByTestId("char-count").textContent()).toBe("Characters: 501/500");
    expect(await page.getByTestId("message-input").getAttribute("aria-invalid")).toBe("true");

    // Nothing was sent: the next valid message is the only one in the room.
    await sendMessage(page, "short and valid");
    await page.locator('[data-testid="message"][data-status="sent"]').filter({ hasText: "short and valid" }).waitFor();
    expect(await page.getByTestId("message-text").allTextContents()).toEqual(["short and valid"]);
    expect(await page.getByTestId("validation-error").count()).toBe(0);
    await page.context().close();
  });

  test("the rate limit: one paused state with a countdown; refused messages stay, marked; nothing stacks", async () => {
    const page = await openChat(browser, server.url, "Dee", "typescript");
    // As fast as a person can hit Enter: the first RATE_LIMIT may come back before the last.
    // Once sending is paused, Enter sends nothing and the text stays in the input.
    const attempted: string[] = [];
    for (let i = 1; i <= 14; i++) {
      const text = `message ${i}`;
      attempted.push(text);
      await page.getByTestId("message-input").fill(text);
      await page.getByTestId("message-input").press("Enter");
      if ((await page.getByTestId("message-input").inputValue()) !== "") break;
    }
    await page.getByTestId("rate-limit").waitFor();
    await page.locator('[data-testid="message"][data-status="sent"]').nth(9).waitFor();
    // Every message is accounted for: 10 published, the rest refused and shown as failed, or,
    // typed after the pause began, still in the input.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="message"][data-status="sending"]').length === 0,
    );
    const byStatus = async (status: string) =>
      page.locator(`[data-testid="message"][data-status="${status}"] [data-testid="message-text"]`).allTextContents();
    const published = await byStatus("sent");
    const failed = await byStatus("failed");
    const input = await page.getByTestId("message-input").inputValue();
    expect(published).toEqual(attempted.slice(0, 10));
    expect([...published, ...failed, ...(input === "" ? [] : [input])]).toEqual(attempted);
    expect(failed.length).toBeGreaterThan(0);
    const marks = await page
      .locator('[data-testid="message"][data-status="failed"] [data-testid="delivery"]')
      .allTextContents();
    // Each refused message stays visible as failed, with its retry time, and a Retry button.
    for (const mark of marks) expect(mark).toMatch(/^Not sent: over the rate limit\. Retry at .+ Retry$/);
    // One pause, with the retry time, and the Send and Retry buttons disabled until then.
    expect(await page.getByTestId("rate-limit").count()).toBe(1);
    expect(await page.getByTestId("notice").count()).toBe(0);
    expect(await page.getByTestId("rate-limit").textContent()).toMatch(
      /^Sending paused: you can send 10 messages a minute\. It resumes at .+\. Resumes in \d+ s$/,
    );
    const seconds = Number(/(\d+) s$/.exec((await page.getByTestId("retry-after").textContent()) ?? "")?.[1]);
    // The window is 60 s from the first of the 10 messages, sent a moment ago.
    expect(seconds).toBeGreaterThan(30);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(await page.getByTestId("send").isDisabled()).toBe(true);
    expect(await page.getByTestId("retry").first().isDisabled()).toBe(true);
    await saveScreenshot(page, "demo-errors", { fullPage: true });
    await page.context().close();
  });

  test("without the supervisor, the restart button is refused, explained under the button once", async () => {
    const page = await openChat(browser, server.url, "Eve");
    await page.getByTestId("restart-server").click();
    const refused = page.locator('[data-testid="restart-error"][data-code="RESTART_UNAVAILABLE"]');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      "This server runs without its supervisor, so it cannot restart itself. Start it with npm run demo. ServerError RESTART_UNAVAILABLE",
    );
    // Asking again shows the same single line. (The server answers in order, so once the
    // calculator's answer is in, the second refusal has arrived too.)
    await page.getByTestId("restart-server").click();
    await page.getByTestId("calc-submit").click();
    await page.getByTestId("calc-result").waitFor();
    expect(await page.getByTestId("restart-error").count()).toBe(1);
    expect(await page.getByTestId("notice").count()).toBe(0);
    expect(await page.getByTestId("connection-badge").getAttribute("data-status")).toBe("open");
    await page.context().close();
  });
});
