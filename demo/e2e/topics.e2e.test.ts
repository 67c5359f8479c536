/**
 * The room topic across server restarts, in Chromium: two users in one room, the server killed
 * (SIGKILL) and restarted on the same port and history file three times, both typing while it is
 * down. The client restores the room's subscription before flushing what was typed, and the
 * server replays what was published meanwhile, so each screen ends with every message once.
 */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { badge, openChat, sendMessage } from "./browser.ts";
import { demoServersPerTest } from "./fixture.ts";

const demo = demoServersPerTest();
const { start } = demo;

/** The texts of the messages on screen, in order. */
const texts = (page: Page) => page.getByTestId("message-text").allTextContents();

/** Waits until `text` shows on `page` as a message (its own: confirmed as sent). */
async function shown(page: Page, text: string, own: boolean): Promise<void> {
  const message = own ? page.locator('[data-testid="message"][data-status="sent"]') : page.getByTestId("message");
  await message.filter({ hasText: text }).waitFor({ timeout: 20_000 });
}

/** Each author's messages, in the order they appear. */
const byAuthor = (list: string[], author: string) => list.filter((text) => text.startsWith(author));

describe("room topic across restarts in Chromium", () => {
  test("killed and restarted 3 times with both typing while down: every message once, in order, on both screens", async () => {
    let server = await start();
    const ada = await openChat(demo.browser, server.url, "Ada");
    const bob = await openChat(demo.browser, server.url, "Bob");
    await ada
      .getByTestId("user-count")
      .filter({ hasText: /^2 online$/ })
      .waitFor();
    const sent: string[] = [];
    const say = async (page: Page, text: string) => {
      await sendMessage(page, text);
      sent.push(text);
    };

    await say(ada, "ada up 0");
    await say(bob, "bob up 0");
    for (let round = 1; round <= 3; round++) {
      await server.kill();
      await badge(ada, "reconnecting").waitFor();
      await badge(bob, "reconnecting").waitFor();
      await say(ada, `ada down ${round} first`);
      await say(bob, `bob down ${round}`);
      await say(ada, `ada down ${round} again`);

      server = await start({ port: server.port, topicDb: server.topicDb });
      await badge(ada, "open").waitFor({ timeout: 20_000 });
      await badge(bob, "open").waitFor({ timeout: 20_000 });
      await say(bob, `bob up ${round}`);
      for (const text of sent) {
        await shown(ada, text, text.startsWith("ada"));
        await shown(bob, text, text.startsWith("bob"));
      }
    }

    for (const page of [ada, bob]) {
      const onScreen = await texts(page);
      // Every message exactly once…
      expect([...onScreen].sort()).toEqual([...sent].sort());
      // …and each author's in the order they were typed.
      expect(byAuthor(onScreen, "ada")).toEqual(byAuthor(sent, "ada"));
      expect(byAuthor(onScreen, "bob")).toEqual(byAuthor(sent, "bob"));
      expect(await page.locator('[data-testid="message"][data-status="failed"]').count()).toBe(0);
    }
    // Presence stayed right through the restarts.
    await ada
      .getByTestId("user-count")
      .filter({ hasText: /^2 online$/ })
      .waitFor();
    await bob
      .getByTestId("user-count")
      .filter({ hasText: /^2 online$/ })
      .waitFor();
  }, 180_000);

  test("back after missing messages: they show once and the line says how many were recovered", async () => {
    const first = await start();
    const ada = await openChat(demo.browser, first.url, "Ada");
    const bob = await openChat(demo.browser, first.url, "Bob");
    await ada
      .getByTestId("user-count")
      .filter({ hasText: /^2 online$/ })
      .waitFor();
    // Bob's next connections are refused until `away` ends (the route sees only new sockets).
    let away = false;
    await bob.routeWebSocket(/\/ws/, (ws) => {
      if (away) ws.close({ code: 1011, reason: "kept away by the test" });
      else ws.connectToServer();
    });

    await first.kill();
    away = true;
    await badge(bob, "reconnecting").waitFor();
    await start({ port: first.port, topicDb: first.topicDb });
    await badge(ada, "open").waitFor({ timeout: 20_000 });
    await sendMessage(ada, "said while Bob was away");
    await sendMessage(ada, "and once more");
    await shown(ada, "and once more", true);

    away = false;
    await badge(bob, "open").waitFor({ timeout: 20_000 });
    await bob
      .getByTestId("connection-notice")
      .filter({ hasText: /^Reconnected — 2 missed messages recovered$/ })
      .waitFor();
    expect(await texts(bob)).toEqual(["said while Bob was away", "and once more"]);
  }, 120_000);
});
