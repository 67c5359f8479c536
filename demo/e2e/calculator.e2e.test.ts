import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchChromium, openChat } from "./browser.ts";
import { type DemoServer, startDemoServer } from "./server.ts";

let server: DemoServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
  page = await openChat(browser, server.url, "Calc");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Fills the calculator, submits, and returns the output once it settles. */
async function calculate(a: string, operation: "add" | "multiply", b: string, expected: RegExp): Promise<string> {
  await page.getByTestId("calc-a").fill(a);
  await page.getByTestId("calc-op").selectOption(operation);
  await page.getByTestId("calc-b").fill(b);
  await page.getByTestId("calc-submit").click();
  const output = page.getByTestId("calc-output").filter({ hasText: expected });
  await output.waitFor();
  return (await output.textContent()) ?? "";
}

describe("calculator (useRequest) in Chromium", () => {
  test("returns results from the server", async () => {
    expect(await calculate("5", "add", "3", /= 8$/)).toBe("5 + 3 = 8");
    expect(await calculate("6", "multiply", "7", /= 42$/)).toBe("6 × 7 = 42");
    expect(await calculate("-2.5", "add", "0.5", /= -2$/)).toBe("-2.5 + 0.5 = -2");
  });

  test("a request the server rejects shows its typed ServerError", async () => {
    const text = await calculate("1e308", "multiply", "10", /ServerError/);
    expect(text).toMatch(/^ServerError\s*RESULT_OUT_OF_RANGE\s*1e\+308 multiply 10 is out of range$/);
    expect(await page.getByTestId("calc-result").count()).toBe(0);
    // The panel recovers with the next request.
    expect(await calculate("2", "add", "2", /= 4$/)).toBe("2 + 2 = 4");
  });

  test("a request that breaks the schema is rejected client-side with a ValidationError", async () => {
    const text = await calculate("abc", "add", "1", /ValidationError/);
    expect(text).toMatch(/^ValidationError\s*VALIDATION_FAILED\s*CALCULATE: /);
  });
});
