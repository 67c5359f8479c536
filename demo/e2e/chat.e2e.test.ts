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

    await sendMessage(ada, "Hello Bob, typed end to end!");
    await bob.getByTestId("message-text").filter({ hasText: "Hello Bob, typed end to end!" }).waitFor();
    await sendMessage(bob, "Hi Ada!");
    await ada.getByTestId("message-text").filter({ hasText: "Hi Ada!" }).waitFor();
    await sendMessage(ada, "Try the restart button while typing.");
    await bob.getByTestId("message-text").filter({ hasText: "Try the restart button" }).waitFor();

    const texts = ["Hello Bob, typed end to end!", "Hi Ada!", "Try the restart button while typing."];
    expect(await ada.getByTestId("message-text").allTextContents()).toEqual(texts);
    expect(await bob.getByTestId("message-text").allTextContents()).toEqual(texts);
    // Ada's own messages are on her side, Bob's on the other.
    expect(await ada.locator(".message.mine").count()).toBe(2);
    expect(await bob.locator(".message.mine").count()).toBe(1);

    await ada.getByTestId("calc-submit").click();
    await ada.getByTestId("calc-result").waitFor();
    await saveScreenshot(ada, "demo-chat");

    await bob.getByTestId("leave-room").click();
    await ada
      .getByTestId("user-count")
      .filter({ hasText: /^1 online$/ })
      .waitFor();
    await ada.getByTestId("system-line").filter({ hasText: "Bob left" }).waitFor();
    await bob.context().close();
    await ada.context().close();
  });

  test("a message over 500 characters is rejected client-side with a ValidationError", async () => {
    const page = await openChat(browser, server.url, "Cleo", "random");
    const long = "x".repeat(501);
    await sendMessage(page, long);
    const error = page.getByTestId("validation-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/ValidationError\s*VALIDATION_FAILED\s*SEND_MESSAGE: .*text/);
    expect(await page.getByTestId("message-input").inputValue()).toBe(long);
    expect(await page.getByTestId("char-count").textContent()).toBe("501/500");

    // Nothing was sent: the next valid message is the only one in the room.
    await sendMessage(page, "short and valid");
    await page.getByTestId("message-text").filter({ hasText: "short and valid" }).waitFor();
    expect(await page.getByTestId("message-text").allTextContents()).toEqual(["short and valid"]);
    expect(await page.getByTestId("validation-error").count()).toBe(0);
    await page.context().close();
  });

  test("the server's RATE_LIMIT shows with the retry time", async () => {
    const page = await openChat(browser, server.url, "Dee", "typescript");
    for (let i = 1; i <= 10; i++) await sendMessage(page, `message ${i}`);
    await page
      .getByTestId("message-text")
      .filter({ hasText: /^message 10$/ })
      .waitFor();
    await sendMessage(page, "message 11");
    const notice = page.locator('[data-testid="notice"][data-code="RATE_LIMIT"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain("ServerError");
    const retry = /^retry in (\d+) s \(at .+\)$/.exec((await notice.getByTestId("retry-after").textContent()) ?? "");
    // The window is 60 s from the first of the 10 messages, sent a moment ago.
    expect(Number(retry?.[1])).toBeGreaterThan(30);
    expect(Number(retry?.[1])).toBeLessThanOrEqual(60);
    // The ERROR answers the 11th frame, so by now it would have been published: it was not.
    expect(await page.getByTestId("message-text").count()).toBe(10);
    await sendMessage(page, "y".repeat(520));
    await page.getByTestId("validation-error").waitFor();
    await saveScreenshot(page, "demo-errors");
    await page.context().close();
  });

  test("without the supervisor, the restart button is refused with a typed error", async () => {
    const page = await openChat(browser, server.url, "Eve");
    await page.getByTestId("restart-server").click();
    await page.locator('[data-testid="notice"][data-code="RESTART_UNAVAILABLE"]').waitFor();
    expect(await page.getByTestId("connection-badge").getAttribute("data-status")).toBe("open");
    await page.context().close();
  });
});
