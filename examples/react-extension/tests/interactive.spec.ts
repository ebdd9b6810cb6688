import { expect, test } from "@ddbridge/playwright";
import type { Locator } from "@playwright/test";

/** The terminal's screen, one string per row (xterm.js draws rows as elements). */
const screen = (terminal: Locator) =>
  terminal
    .locator(".xterm-rows")
    .evaluate((rows) => [...rows.children].map((row) => (row.textContent ?? "").trimEnd()));

// Beyond Docker Desktop's API: a terminal (xterm.js on exec with a tty) and a
// live view fed by the backend's WebSocket (vm.service.websocket).

test("a terminal on the backend: typed input runs, and stty size follows the page's size", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.getByTestId("open-terminal").click();
  const terminal = page.getByTestId("terminal");
  await expect(page.getByTestId("terminal-status")).toHaveText("connected");
  await terminal.click();
  await page.keyboard.type("echo hi\n");
  await expect.poll(() => screen(terminal)).toContain("hi");

  const before = await terminal.getAttribute("data-size");
  await page.keyboard.type("stty size\n");
  await expect.poll(() => screen(terminal)).toContain(before);

  await page.setViewportSize({ width: 700, height: 600 });
  await expect(terminal).not.toHaveAttribute("data-size", before!);
  const after = (await terminal.getAttribute("data-size"))!;
  await page.keyboard.type("stty size\n");
  await expect.poll(() => screen(terminal)).toContain(after);

  await page.keyboard.type("exit 3\n");
  await expect(page.getByTestId("terminal-status")).toHaveText("sh exited with code 3");
});

test("a live view fed by the backend's WebSocket, closed by the backend with its code", async ({
  page,
}) => {
  await page.getByTestId("live-start").click();
  await expect(page.getByTestId("live-status")).toHaveText("open (ticks.v1)");
  await expect(page.getByTestId("live-last")).toHaveText(/^tick [2-9]/);
  await page.getByTestId("live-stop").click();
  await expect(page.getByTestId("live-status")).toHaveText("closed: 4000 stopped by the page");
});
