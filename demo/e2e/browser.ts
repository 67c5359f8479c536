import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
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

/** The two screen sizes every screen state is checked at. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 390, height: 844 },
} as const;

/** One of {@link VIEWPORTS}. */
export type ViewportName = keyof typeof VIEWPORTS;

/** Opens the demo's first screen (the name prompt) in a new browser context. */
export async function openDemo(browser: Browser, url: string, label: string, viewport: ViewportName = "desktop") {
  const context = await browser.newContext({
    viewport: VIEWPORTS[viewport],
    deviceScaleFactor: 1,
    isMobile: viewport === "mobile",
    hasTouch: viewport === "mobile",
  });
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
  page.on("pageerror", (error) => console.error(`[${label}] page error:`, error));
  page.on("console", (message) => {
    // Refused connections while the server is down are expected; anything else is worth seeing.
    const expected = message.text().includes("net::ERR_CONNECTION_REFUSED");
    if (!expected && (message.type() === "error" || message.type() === "warning")) {
      console.error(`[${label}] ${message.text()}`);
    }
  });
  await page.goto(url);
  return page;
}

/** The connection badge while it shows `status` (`open`, `reconnecting`, …). */
export function badge(page: Page, status: string) {
  return page.locator(`[data-testid="connection-badge"][data-status="${status}"]`);
}

/**
 * Opens the demo, picks a name (which joins #general) and optionally switches to another room;
 * resolves when in the room and connected.
 */
export async function openChat(
  browser: Browser,
  url: string,
  name: string,
  room = "general",
  viewport: ViewportName = "desktop",
): Promise<Page> {
  const page = await openDemo(browser, url, name, viewport);
  await page.getByTestId("name-input").fill(name);
  await page.getByTestId("name-submit").click();
  await badge(page, "open").waitFor();
  await page.getByTestId("user-count").waitFor();
  if (room !== "general") {
    await page.getByTestId(`join-${room}`).click();
    await page.locator(`[data-testid="room-${room}"] [data-testid="leave-room"]`).waitFor();
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

/**
 * Saves a screenshot of what the viewport shows (or the full page) as a test artifact:
 * `test-results/<name>.png` (gitignored; `name` may contain a folder).
 */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  const path = join(artifactsDir, `${name}.png`);
  await mkdir(dirname(path), { recursive: true });
  // No caret or animation in the picture.
  await page.screenshot({ path, fullPage: options.fullPage ?? false, caret: "hide", animations: "disabled" });
  return path;
}

/** The `data-testid` of the element that has the keyboard focus (`""` for none, `body` for the page). */
export function focusedTestId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (active === null || active === document.body) return "body";
    return active.getAttribute("data-testid") ?? active.tagName.toLowerCase();
  });
}

/** Presses Tab (or Shift+Tab) until the element with `testId` has the focus; throws after `max` presses. */
export async function tabTo(page: Page, testId: string, options: { backwards?: boolean; max?: number } = {}) {
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 25); i++) {
    await page.keyboard.press(options.backwards ? "Shift+Tab" : "Tab");
    const focused = await focusedTestId(page);
    if (focused === testId) return seen;
    seen.push(focused);
  }
  throw new Error(`Tab never reached ${testId}; focus went through: ${seen.join(", ")}`);
}
