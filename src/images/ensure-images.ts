import os from "node:os";
import path from "node:path";
import { writeFile } from "node:fs/promises";
import type Docker from "dockerode";
import lockfile from "proper-lockfile";
import { GiB, requireDiskSpace } from "../engine/disk-space.ts";
import { log } from "../util/log.ts";
import { ensureRootfs } from "./base-rootfs.ts";
import { buildImage, imageExists } from "./build-image.ts";
import { APP_VERSIONS, type AppVersion, BUILT_ROLES, contextDir, type ImageSet, resolveImageSet } from "./image-catalog.ts";
import { buildSeededRegistry } from "./seed-registry.ts";

/**
 * Builds whatever image of the set is missing, in dependency order, and returns the
 * set. Cheap when nothing is missing (one inspect per image). Two runs starting at
 * once on one engine take turns through a lock file instead of building twice.
 */
export async function ensureImages(docker: Docker): Promise<ImageSet> {
  const images = await resolveImageSet();
  if (await allPresent(docker, images)) return images;

  const lockPath = path.join(os.tmpdir(), "firedrill-images.lock");
  await writeFile(lockPath, "", { flag: "a" });
  const release = await lockfile.lock(lockPath, { retries: { retries: 600, minTimeout: 1000, maxTimeout: 1000 }, stale: 60_000 });
  try {
    if (await allPresent(docker, images)) return images;
    await requireDiskSpace(docker, 4 * GiB, "Building firedrill's images");
    const t0 = Date.now();
    if (!(await imageExists(docker, images.base))) {
      const rootfs = await ensureRootfs(docker);
      await buildImage(docker, { role: "base", contextDir: contextDir("base"), reference: images.base, buildArgs: { ROOTFS: rootfs } });
    }
    for (const role of BUILT_ROLES) {
      if (await imageExists(docker, images[role])) continue;
      await buildImage(docker, { role, contextDir: contextDir(role), reference: images[role], buildArgs: { BASE: images.base } });
    }
    for (const [name, args] of Object.entries(APP_VERSIONS) as Array<[AppVersion, Record<string, string>]>) {
      if (await imageExists(docker, images[name])) continue;
      await buildImage(docker, { role: "wordpress", contextDir: contextDir("wordpress"), reference: images[name], buildArgs: { BASE: images.base, ...args } });
    }
    if (!(await imageExists(docker, images.registrySeeded))) await buildSeededRegistry(docker, images);
    log("images", `all images ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    return images;
  } finally {
    await release();
  }
}

async function allPresent(docker: Docker, images: ImageSet): Promise<boolean> {
  const present = await Promise.all(Object.values(images).map((ref) => imageExists(docker, ref)));
  return present.every(Boolean);
}
