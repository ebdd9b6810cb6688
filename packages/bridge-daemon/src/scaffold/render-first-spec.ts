import type { ScaffoldPlan } from "./plan-scaffold.js";

/** A first spec to grow from: the UI renders with a ddClient, and (with a backend) it answers. */
export function renderFirstSpec(plan: ScaffoldPlan): string {
  const backendTest = plan.hasVm
    ? `
test("the backend answers through ddClient.extension.vm.service", async ({ ddbridge }) => {
  // Any HTTP answer, even a 404, shows the backend runs and ddbridge reaches its socket;
  // a bridge error (UNAVAILABLE: no backend on the socket) carries no HTTP status.
  const answer = await ddbridge.client.extension.vm.service.get("/").then(
    () => "an HTTP answer",
    (e: { statusCode?: number; message?: string }) => (e.statusCode ? "an HTTP answer" : e.message),
  );
  expect(answer).toBe("an HTTP answer");
});
`
    : "";
  return `import { expect, test } from "@ddbridge/playwright";

// Written by \`ddbridge init-tests\`: a first test to grow from. \`page\` is the extension's UI,
// opened with a working window.ddClient; \`ddbridge.client\` calls the same backend from Node;
// \`ddbridge.toasts\` and \`ddbridge.calls\` are what the page showed and called.

test("the UI renders, with a ddClient", async ({ page }) => {
  await expect(page.locator("body :visible").first()).toBeVisible();
  const ddClient = await page.evaluate(() => typeof (window as { ddClient?: unknown }).ddClient);
  expect(ddClient).toBe("object");
});
${backendTest}
// Your own, for example with the button of the UI \`docker extension init\` makes:
// test("calls the backend", async ({ page }) => {
//   await page.getByRole("button", { name: "Call backend" }).click();
//   await expect(page.getByRole("textbox")).toHaveValue(/hello/);
// });
`;
}
