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

/** Fills the calculator and submits. */
async function submit(a: string, operation: "add" | "multiply", b: string): Promise<void> {
  await page.getByTestId("calc-a").fill(a);
  await page.getByTestId("calc-op").selectOption(operation);
  await page.getByTestId("calc-b").fill(b);
  await page.getByTestId("calc-submit").click();
}

/** Submits and returns the output once it shows `expected`. */
async function calculate(a: string, operation: "add" | "multiply", b: string, expected: RegExp): Promise<string> {
  await submit(a, operation, b);
  const output = page.getByTestId("calc-output").filter({ hasText: expected });
  await output.waitFor();
  return (await output.textContent()) ?? "";
}

describe("calculator (useRequest) in Chromium", () => {
  test("returns results from the server, formatted for people", async () => {
    expect(await calculate("5", "add", "3", /= 8$/)).toBe("5 + 3 = 8");
    expect(await calculate("6", "multiply", "7", /= 42$/)).toBe("6 × 7 = 42");
    expect(await calculate("-2.5", "add", "0.5", /= -2$/)).toBe("-2.5 + 0.5 = -2");
    expect(await calculate("0.1", "add", "0.2", /= 0\.3$/)).toBe("0.1 + 0.2 = 0.3");
    expect(await calculate(" 1000000 ", "multiply", "1000", /= 1,000,000,000$/)).toBe(
      "1,000,000 × 1,000 = 1,000,000,000",
    );
    expect(await calculate("1e200", "multiply", "1e100", /= 1e\+300$/)).toBe("1e+200 × 1e+100 = 1e+300");
  });

  test("the fields are labelled", async () => {
    expect(await page.getByLabel("First number").getAttribute("data-testid")).toBe("calc-a");
    expect(await page.getByLabel("Operation").getAttribute("data-testid")).toBe("calc-op");
    expect(await page.getByLabel("Second number").getAttribute("data-testid")).toBe("calc-b");
  });

  test("a request the server refuses is explained in plain words, with its typed error", async () => {
    const text = await calculate("1e308", "multiply", "10", /too large/);
    expect(text).toBe("The result is too large to represent. Try smaller numbers. ServerError RESULT_OUT_OF_RANGE");
    expect(await page.getByTestId("calc-result").count()).toBe(0);
    // The panel recovers with the next request.
    expect(await calculate("2", "add", "2", /= 4$/)).toBe("2 + 2 = 4");
  });

  test("empty or non-numeric fields are explained and nothing is computed", async () => {
    await submit("", "multiply", "");
    await page.getByTestId("calc-problem").filter({ hasText: "Enter the first number." }).waitFor();
    expect(await page.getByTestId("calc-result").count()).toBe(0);
    expect(await page.getByTestId("calc-a").getAttribute("aria-invalid")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("calc-a");

    await submit("abc", "add", "1");
    await page.getByTestId("calc-problem").filter({ hasText: "First number: “abc” is not a number." }).waitFor();
    expect(await page.getByTestId("calc-result").count()).toBe(0);

    await submit("4", "add", "");
    await page.getByTestId("calc-problem").filter({ hasText: "Enter the second number." }).waitFor();
    expect(await page.getByTestId("calc-result").count()).toBe(0);

    expect(await calculate("4", "add", "1,5", /= 5\.5$/)).toBe("4 + 1.5 = 5.5");
    expect(await page.getByTestId("calc-problem").textContent()).toBe("");
  });
});
