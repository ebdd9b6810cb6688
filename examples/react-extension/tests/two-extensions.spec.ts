import { expect, test } from "@ddbridge/playwright";

// A second extension beside this one (the repository's hello-extension), for extensions that
// work together: each has its own daemon, origin and token, and its own page in `pages`.
test.use({ extensions: { hello: "../hello-extension" } });

test("two extensions in one test, one page each, each on its own origin", async ({
  page,
  pages,
  ddbridges,
}) => {
  const hello = pages.hello!;
  await expect(hello.getByRole("heading", { name: "Hello extension" })).toBeVisible();
  type Exec = { exec(cmd: string, args: string[]): Promise<{ stdout: string }> };
  const ran = await hello.evaluate(() =>
    (
      window as unknown as { ddClient: { extension: { host: { cli: Exec } } } }
    ).ddClient.extension.host.cli.exec("hello", ["both"]),
  );
  expect(ran.stdout).toBe("hello from the host\nboth\n");
  // This extension's page is another origin: its storage is its own.
  expect(new URL(hello.url()).origin).not.toBe(new URL(page.url()).origin);
  await page.evaluate(() => localStorage.setItem("whose", "react-extension"));
  expect(await hello.evaluate(() => localStorage.getItem("whose"))).toBeNull();
  // And from the test itself, through the other extension's own client.
  const fromTest = await ddbridges.hello!.client.extension.host.cli.exec("hello", []);
  expect(fromTest.stdout).toBe("hello from the host\n");
});
