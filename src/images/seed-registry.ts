import { createWriteStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type Docker from "dockerode";
import { Wait } from "testcontainers";
import { LabContainer } from "../docker/lab-container.ts";
import { runLabels } from "../docker/labels.ts";
import { RegistryCredentials } from "../docker/registry-credentials.ts";
import { newRunId } from "../docker/run-id.ts";
import { log } from "../util/log.ts";
import { settleAll } from "../util/settle-all.ts";
import { buildImage } from "./build-image.ts";
import type { ImageSet } from "./image-catalog.ts";
import { repositoryOf, tagOf } from "../docker/image-reference.ts";

const PHASE = "images:registry-seeded";
const DATA_DIR = "/var/lib/docker-registry";

/**
 * Makes the registry image that already holds every app image. Pushing ~1 GB into a
 * fresh registry on every run would dominate lab start-up; instead it happens once per
 * set of image tags: a throwaway registry is filled by `docker push`, its storage is
 * copied out, and a new image is built from the registry image plus that storage (a
 * build, not `docker commit`, so the image carries none of the throwaway's labels).
 */
export async function buildSeededRegistry(docker: Docker, images: ImageSet): Promise<void> {
  const seedRun = `seed-${newRunId()}`;
  const credentials = RegistryCredentials.fromEnvironment({});
  const seeder = await new LabContainer(images.registry)
    .withName(`fd-${seedRun}-registry`)
    .withLabels(runLabels(seedRun, "registry"))
    .withLabPorts(5000)
    .withCopyContentToContainer([{ content: credentials.fileContent(), target: "/run/firedrill/credentials", mode: 0o600 }])
    .withWaitStrategy(Wait.forLogMessage(/listening on/))
    .start();
  const workdir = await mkdtemp(path.join(os.tmpdir(), "firedrill-seed-"));
  try {
    const inspect = await docker.getContainer(seeder.getId()).inspect();
    const port = inspect.NetworkSettings.Ports["5000/tcp"]?.[0]?.HostPort;
    const address = `127.0.0.1:${port}`;
    // Side by side: a push is mostly compressing layers, and two cores do two at once.
    await settleAll(
      [images.haproxy, ...images.app].map(async (source) => {
        const role = repositoryOf(source);
        const target = `${address}/${role}`;
        const tag = tagOf(source);
        log(PHASE, `pushing ${role}:${tag}`);
        await docker.getImage(source).tag({ repo: target, tag });
        try {
          const stream = await docker.getImage(`${target}:${tag}`).push({ tag, authconfig: credentials.authConfig(address) });
          await new Promise<void>((resolve, reject) =>
            docker.modem.followProgress(stream, (error, events: Array<{ error?: string }>) => {
              const failed = error?.message ?? events.find((e) => e.error)?.error;
              failed ? reject(new Error(`push of ${role} failed: ${failed}`)) : resolve();
            }),
          );
        } finally {
          await docker.getImage(`${target}:${tag}`).remove({ noprune: true }).catch(() => undefined);
        }
      }),
    );
    await seeder.stop({ remove: false, timeout: 10_000 });
    log(PHASE, "copying the registry's storage out");
    await pipeline(await seeder.copyArchiveFromContainer(DATA_DIR), createWriteStream(path.join(workdir, "storage.tar")));
    await writeFile(
      path.join(workdir, "Dockerfile"),
      `ARG REGISTRY\nFROM \${REGISTRY}\nADD storage.tar ${path.posix.dirname(DATA_DIR)}/\n`,
    );
    await buildImage(docker, {
      role: "registry-seeded",
      contextDir: workdir,
      reference: images.registrySeeded,
      buildArgs: { REGISTRY: images.registry },
    });
  } finally {
    await docker.getContainer(seeder.getId()).remove({ force: true, v: true }).catch(() => undefined);
    await rm(workdir, { recursive: true, force: true });
  }
}
