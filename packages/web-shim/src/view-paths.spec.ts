import assert from "node:assert/strict";
import { test } from "node:test";
import { parseViewPath, type View, viewPath } from "./view-paths.js";

test("every view's path parses back to the view, with hostile ids kept in one segment", () => {
  const views: View[] = [
    { kind: "containers" },
    { kind: "container", id: "abc", tab: "overview" },
    { kind: "container", id: "../../x?y#z", tab: "logs" },
    { kind: "container", id: "c1", tab: "terminal" },
    { kind: "images" },
    { kind: "image", id: "sha256:34ab", tag: "1.0/x" },
    { kind: "image", id: "sha256:34ab", tag: undefined },
    { kind: "volumes" },
    { kind: "volume", name: "data vol" },
    { kind: "dev-environments" },
  ];
  for (const view of views) {
    const url = new URL(viewPath(view), "http://ext.localhost:1");
    assert.deepEqual(parseViewPath(url.pathname, url.search), view);
  }
});

test("paths that are no view are refused", () => {
  for (const p of [
    "/ddbridge/views",
    "/ddbridge/views/",
    "/ddbridge/views/nope",
    "/ddbridge/views/containers/x/shell",
    "/ddbridge/views/containers//logs",
    "/ddbridge/views/volumes/a/b",
    "/ddbridge/views/containers/%E0%A4%A",
  ]) {
    assert.equal(parseViewPath(p), undefined, p);
  }
});
