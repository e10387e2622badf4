import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { connectEngine } from "../../src/engine/connect-engine.ts";
import { FiredrillError } from "../../src/errors/firedrill-error.ts";
import { imageExists } from "../../src/docker/image-exists.ts";
import { buildImage } from "../../src/images/build-image.ts";
import { defaultLabImages } from "../support/lab-images.ts";

describe("image builds (real engine)", function () {
  this.timeout(300_000);

  it("a failing build says which image, shows the last output lines, and leaves no container behind", async () => {
    const engine = await connectEngine();
    const { base } = await defaultLabImages(engine);
    const dir = await mkdtemp(path.join(os.tmpdir(), "fd-badbuild-"));
    await writeFile(path.join(dir, "Dockerfile"), `FROM ${base}\nRUN echo about to fail && exit 3\n`);
    const before = (await engine.listContainers({ all: true, filters: { ancestor: [base] } })).length;
    try {
      await assert.rejects(
        buildImage(engine, { role: "broken", contextDir: dir, reference: "firedrill/broken:test" }),
        (e: unknown) =>
          e instanceof FiredrillError &&
          e.code === "IMAGE_BUILD_FAILED" &&
          e.message.includes("firedrill/broken:test") &&
          e.message.includes("non-zero code: 3") &&
          (e.evidence ?? "").includes("about to fail"),
      );
      assert.equal((await engine.listContainers({ all: true, filters: { ancestor: [base] } })).length, before);
      assert.equal(await imageExists(engine, "firedrill/broken:test"), false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
