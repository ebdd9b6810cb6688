import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { BUSYBOX_IMAGE, dockerForTests, ensureBusyboxImage, TEST_LABEL } from "@ddbridge/testing";
import type { DockerEngine } from "./engine.js";
import { isNotFound } from "./engine.js";
import { inspectImage } from "./inspect-image.js";

const docker = await dockerForTests();
const BIG = "ddbridge-test/big-label:1";

describe("inspectImage", { skip: docker.skip }, () => {
  const engine = docker.engine as DockerEngine;
  after(async () => {
    await engine?.api
      .getImage(BIG)
      .remove({ force: true })
      .catch(() => {});
  });

  it("reads an image's configuration, and refuses one past the cap without reading it all", async () => {
    await ensureBusyboxImage(engine);
    const info = await inspectImage(engine, BUSYBOX_IMAGE);
    assert.ok(info.Id.startsWith("sha256:"));
    // An image whose label alone is 200 KiB, read with a 64 KiB cap (the engine refuses
    // to create a container with a label of megabytes; an image built elsewhere can have one).
    const container = await engine.api.createContainer({
      Image: BUSYBOX_IMAGE,
      Cmd: ["true"],
      Labels: { [TEST_LABEL]: "1", big: "x".repeat(200 * 1024) },
      HostConfig: { NetworkMode: "none" },
    });
    try {
      await container.commit({ repo: "ddbridge-test/big-label", tag: "1" });
    } finally {
      await container.remove({ force: true });
    }
    await assert.rejects(inspectImage(engine, BIG, 64 * 1024), /larger than 64 KiB/);
    assert.equal((await inspectImage(engine, BIG)).Config.Labels.big?.length, 200 * 1024);
    const err = await inspectImage(engine, "ddbridge-test/no-such-image:1").catch((e) => e);
    assert.ok(isNotFound(err), String(err));
  });
});
