import { expect, test } from "@ddbridge/playwright";

// A real visit, recorded: ui/src/App.test.tsx replays this file as ddClient in
// vitest (jsdom), with no daemon. The recording is committed with the UI's unit tests.
test.use({ ddbridgeRecord: "ui/src/__recordings__/app.json" });

test("records what a visit asks of the backend", async ({ page, ddbridge }) => {
  await page.getByTestId("call").click();
  await expect(page.getByTestId("response")).toHaveValue(/hello from the backend/);
  await page.getByTestId("load-items").click();
  await expect(page.getByTestId("items").getByRole("listitem")).toHaveCount(3);
  await page.getByTestId("run-ticker").click();
  await expect(page.getByTestId("ticker-status")).toHaveText("exited with code 0");
  await page.getByTestId("run-host").click();
  await expect(page.getByTestId("host-output")).toBeVisible();
  expect(ddbridge.calls.map((c) => c.api)).toEqual([
    "extension.vm.service.get",
    "extension.vm.service.get",
    "extension.vm.cli.exec",
    "extension.host.cli.exec",
  ]);
});
