import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { artifactsDir, chromiumPath } from "./paths.ts";

/** Launches the system Chromium headless with the project's flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Opens the demo, picks a name and (optionally) joins a room; resolves when joined and connected. */
export async function openChat(browser: Browser, url: string, name: string, room?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  // Every WebSocket close the page sees, in order (`window.__closeCodes`), so a test can check
  // the close that dropped a connection even after failed reconnect attempts (1006) replaced it
  // as the badge's "last close".
  await context.addInitScript(() => {
    const codes: number[] = [];
    (window as unknown as { __closeCodes: number[] }).__closeCodes = codes;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener("close", (event) => codes.push(event.code));
      }
    };
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`[${name}] page error:`, error));
  page.on("console", (message) => {
    // Refused connections while the server is down are expected; anything else is worth seeing.
    const expected = message.text().includes("net::ERR_CONNECTION_REFUSED");
    if (!expected && (message.type() === "error" || message.type() === "warning")) {
      console.error(`[${name}] ${message.text()}`);
    }
  });
  await page.goto(url);
  await page.getByTestId("name-input").fill(name);
  await page.getByTestId("name-submit").click();
  await page.locator('[data-testid="connection-badge"][data-status="open"]').waitFor();
  if (room !== undefined) {
    await page.getByTestId(`join-${room}`).click();
    await page.getByTestId("user-count").waitFor();
  }
  return page;
}

/** The close codes of every WebSocket the page has seen close, in order. */
export function closeCodes(page: Page): Promise<number[]> {
  return page.evaluate(() => [...(window as unknown as { __closeCodes: number[] }).__closeCodes]);
}

/** Types and sends a chat message. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.getByTestId("message-input").fill(text);
  await page.getByTestId("send").click();
}

/** Saves a full-page screenshot as a test artifact: `test-results/<name>.png` (gitignored). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
