import { expect, test } from "@ddbridge/playwright";

// The extension (playwright.config.ts sets `extension`), in a plain browser,
// with a working ddClient and its real backend.

test("calls its backend", async ({ page, ddbridge }) => {
  await page.getByTestId("call").click();
  await expect(page.getByTestId("response")).toHaveValue('{"message":"hello from the backend"}');
  // The same backend, from the test itself.
  expect(await ddbridge.client.extension.vm.service.get("/hello")).toEqual({
    message: "hello from the backend",
  });
});

test("lists what the backend returns", async ({ page }) => {
  await page.getByTestId("load-items").click();
  const items = page.getByTestId("items").getByRole("listitem");
  await expect(items).toHaveText(["webrunning", "dbrunning", "workerstopped"]);
});

test("streams a VM command's output into the page, line by line", async ({ page }) => {
  await page.getByTestId("run-ticker").click();
  // The first line shows while the command still runs.
  await expect(page.getByTestId("ticks")).toContainText("tick 1 of 3");
  await expect(page.getByTestId("ticker-status")).toHaveText("running");
  await expect(page.getByTestId("ticker-status")).toHaveText("exited with code 0");
  await expect(page.getByTestId("ticks")).toHaveText("tick 1 of 3\ntick 2 of 3\ntick 3 of 3");
});

test("runs the host binary it ships", async ({ page }) => {
  await page.getByTestId("run-host").click();
  await expect(page.getByTestId("host-output")).toHaveText("hello from the host, extension author");
});

test("shows a toast", async ({ page, ddbridge }) => {
  await page.getByTestId("notify").click();
  await expect(page.getByRole("status")).toHaveText("Saved your settings");
  expect(ddbridge.toasts).toEqual([{ kind: "success", message: "Saved your settings" }]);
});

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("uses Docker's dark theme", async ({ page }) => {
    await expect(page.getByTestId("title")).toBeVisible();
    // @docker/docker-mui-theme's dark background, #202C33.
    await expect(page.locator("body")).toHaveCSS("background-color", "rgb(32, 44, 51)");
  });
});
