import { installReplayDdClient } from "@ddbridge/web-shim/mock";
import { act } from "react";
import { createRoot } from "react-dom/client";
import { expect, it } from "vitest";
import recording from "./__recordings__/app.json";

// React's act() warns unless it knows it runs in a test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Waits until `find` returns something, letting React and the replayed calls run. */
async function waitFor<T>(find: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = find();
    if (found) return found;
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
  throw new Error("timed out");
}

const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`);

it("shows what the backend answered in the recorded run", async () => {
  // Before App's module runs: it calls createDockerDesktopClient() when it loads.
  const replay = installReplayDdClient(recording as never);
  const { App } = await import("./App");
  const container = document.body.appendChild(document.createElement("div"));
  await act(async () => createRoot(container).render(<App />));

  await act(async () => (byTestId("call") as HTMLElement).click());
  await waitFor(() =>
    (byTestId("response") as HTMLTextAreaElement).value.includes("hello from the backend"),
  );

  await act(async () => (byTestId("load-items") as HTMLElement).click());
  const items = await waitFor(() => byTestId("items"));
  expect([...items.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
    "webrunning",
    "dbrunning",
    "workerstopped",
  ]);

  await act(async () => (byTestId("run-ticker") as HTMLElement).click());
  await waitFor(() => byTestId("ticker-status")?.textContent === "exited with code 0");
  expect(byTestId("ticks")?.textContent).toBe("tick 1 of 3\ntick 2 of 3\ntick 3 of 3");

  await act(async () => (byTestId("run-host") as HTMLElement).click());
  await waitFor(
    () => byTestId("host-output")?.textContent === "hello from the host, extension author",
  );

  await act(async () => (byTestId("notify") as HTMLElement).click());
  expect(replay.toasts).toEqual([{ kind: "success", message: "Saved your settings" }]);
  expect(replay.unused()).toEqual([]);
});
