/**
 * Resolves once something answers HTTP at `url` (any status: a dev server's
 * 404 still means it runs); rejects after `timeoutMs` with what to do, so a
 * suite whose dev server is not started fails once, saying so, instead of
 * each test finding an error page.
 */
export async function waitForUiSource(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    try {
      const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5000) });
      await res.body?.cancel();
      return;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      last = e.cause?.code ?? e.cause?.message ?? e.message;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    [
      `The UI dev server at ${url} (extension.uiSource) does not answer (${last}).`,
      "Start it before the tests (e.g. npm run dev --prefix ui), or let Playwright start it with webServer in playwright.config.ts:",
      `  webServer: { command: "npm run dev --prefix ui", url: "${url}", reuseExistingServer: !process.env.CI }`,
      "(npx ddbridge init-tests writes such a config.)",
    ].join("\n"),
  );
}
