import { expect, test } from "@ddbridge/playwright";

// A backend that answers 500: the UI must say so. The backend runs as a local
// process here, with ITEMS_FAIL set (an image's backend cannot be told to fail).
test.skip(process.env.BACKEND_MODE === "up", "needs the backend as a local process");

test.use({
  extension: {
    dir: ".",
    uiSource: `http://localhost:${process.env.PORT ?? 3000}`,
    backend: { command: ["./bin/service", "-socket", "{socket}"], env: { ITEMS_FAIL: "1" } },
  },
});

test("shows the backend's error when the list fails", async ({ page }) => {
  await page.getByTestId("load-items").click();
  await expect(page.getByTestId("items-error")).toContainText("Could not load the items");
  await expect(page.getByTestId("items-error")).toContainText("500");
  await expect(page.getByTestId("items")).toHaveCount(0);
});
