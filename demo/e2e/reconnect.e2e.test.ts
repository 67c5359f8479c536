import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { badge, closeCodes, openChat, saveScreenshot, sendMessage } from "./browser.ts";
import { demoServersPerTest } from "./fixture.ts";

const demo = demoServersPerTest();
const { start } = demo;

const count = (page: Page, text: string) => page.getByTestId("message-text").filter({ hasText: text }).count();

describe("reconnect in Chromium", () => {
  test("server killed and restarted: one quiet line, the queued message arrives exactly once, no presence noise", async () => {
    const first = await start();
    const ada = await openChat(demo.browser, first.url, "Ada");
    const bob = await openChat(demo.browser, first.url, "Bob");
    await ada
      .getByTestId("user-count")
      .filter({ hasText: /^2 online$/ })
      .waitFor();

    await first.kill();
    await badge(ada, "reconnecting").waitFor();
    await badge(bob, "reconnecting").waitFor();
    expect(await badge(ada, "reconnecting").textContent()).toBe("Connection: Reconnecting…");
    expect(await ada.getByTestId("connection-line").textContent()).toMatch(
      // Between attempts, with the countdown; during one, "Reconnecting".
      /^(Connection lost — reconnecting( in \d+ s)?|Reconnecting) · Messages you send now are sent when it is back\.$/,
    );

    await sendMessage(ada, "typed while the server was down");
    await ada.getByTestId("connection-hint").filter({ hasText: "1 message will be sent when it is back." }).waitFor();
    const waiting = ada.locator('[data-testid="message"][data-status="sending"]');
    expect(await waiting.getByTestId("delivery").textContent()).toBe("Waiting for the connection");
    await saveScreenshot(ada, "demo-reconnecting", { fullPage: true });

    await start({ port: first.port, topicDb: first.topicDb });
    await badge(ada, "open").waitFor({ timeout: 20_000 });
    await badge(bob, "open").waitFor({ timeout: 20_000 });
    // The client restores the room's topic subscription, then flushes her message, which the room
    // publishes back to her (and to Bob, live or from the room's history).
    await ada
      .locator('[data-testid="message"][data-status="sent"]')
      .filter({ hasText: "typed while the server was down" })
      .waitFor();
    await ada
      .getByTestId("connection-notice")
      .filter({ hasText: /^Reconnected$/ })
      .waitFor();
    expect(await ada.getByTestId("connection-hint").count()).toBe(0);

    // Both are back in the room; later messages prove everything before them was delivered.
    await ada
      .getByTestId("user-count")
      .filter({ hasText: /^2 online$/ })
      .waitFor();
    await sendMessage(bob, "after the restart");
    await ada.getByTestId("message-text").filter({ hasText: "after the restart" }).waitFor();
    await sendMessage(ada, "and again");
    await bob.getByTestId("message-text").filter({ hasText: "and again" }).waitFor();
    await ada.locator('[data-testid="message"][data-status="sent"]').filter({ hasText: "and again" }).waitFor();
    expect(await count(ada, "typed while the server was down")).toBe(1);
    await bob.getByTestId("message-text").filter({ hasText: "typed while the server was down" }).waitFor();
    expect(await count(bob, "typed while the server was down")).toBe(1);
    // The reconnect added no lines to the rooms: no "left"/"joined", no "Connected to chat server".
    expect(await ada.getByTestId("system-line").allTextContents()).toEqual(["You joined", "Bob joined"]);
    expect(await bob.getByTestId("system-line").allTextContents()).toEqual(["You joined"]);
    // Nothing about the old close stays on screen once connected.
    expect(await ada.getByText(/1006|1012|last close/).count()).toBe(0);
  });

  test("the restart button: sockets close with 1012, the supervisor restarts the server, the app reconnects", async () => {
    const supervised = await start({ supervised: true });
    const page = await openChat(demo.browser, supervised.url, "Ada");
    const bob = await openChat(demo.browser, supervised.url, "Bob");
    await page.getByTestId("user-count").filter({ hasText: "2 online" }).waitFor();
    const mark = supervised.output().length;

    await page.getByTestId("restart-server").click();
    await supervised.waitForListening(mark);
    await badge(page, "open").waitFor({ timeout: 20_000 });
    expect(supervised.output().slice(mark)).toContain("closing 2 socket(s) with 1012");
    expect(supervised.output().slice(mark)).toContain(`listening on http://127.0.0.1:${supervised.port}`);
    // The open socket closed with 1012; any later closes are refused attempts while the server
    // was restarting (1006), which also become the badge's "last close".
    const codes = await closeCodes(page);
    expect(codes[0]).toBe(1012);
    expect(codes.slice(1).every((code) => code === 1006)).toBe(true);
    await page
      .getByTestId("connection-notice")
      .filter({ hasText: /^Reconnected$/ })
      .waitFor();
    expect(await page.getByText(/1006|1012|last close/).count()).toBe(0);

    // The server closed the sockets one by one, so one of them may have seen the other leave just
    // before its own close: that line goes with the outage; both are back, the rooms say nothing.
    await badge(bob, "open").waitFor({ timeout: 20_000 });
    await page.getByTestId("user-count").filter({ hasText: "2 online" }).waitFor();
    await bob.getByTestId("user-count").filter({ hasText: "2 online" }).waitFor();
    expect(await page.getByTestId("system-line").allTextContents()).toEqual(["You joined", "Bob joined"]);
    expect(await bob.getByTestId("system-line").allTextContents()).toEqual(["You joined"]);

    await sendMessage(page, "back after the restart");
    await page
      .locator('[data-testid="message"][data-status="sent"]')
      .filter({ hasText: "back after the restart" })
      .waitFor();
  });
});
