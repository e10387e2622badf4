import os from "node:os";
import path from "node:path";
import { writeFile } from "node:fs/promises";
import type Docker from "dockerode";
import lockfile from "proper-lockfile";
import { GiB, requireDiskSpace } from "../engine/disk-space.ts";
import { log } from "../util/log.ts";
import { ensureRootfs } from "./base-rootfs.ts";
import { buildImage, imageExists } from "./build-image.ts";
import { type AppImage, BUILT_ROLES, contextDir, type ImageSet, resolveImageSet } from "./image-catalog.ts";
import { buildSeededRegistry } from "./seed-registry.ts";

/**
 * Builds whatever image of the set is missing, in dependency order, and returns the
 * set. Cheap when nothing is missing (one inspect per image). Two runs starting at
 * once on one engine take turns through a lock file instead of building twice.
 */
export async function ensureImages(docker: Docker, appImages: readonly AppImage[]): Promise<ImageSet> {
  const images = await resolveImageSet(appImages);
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
    for (const [i, image] of appImages.entries()) {
      const reference = images.app[i] as string;
      if (await imageExists(docker, reference)) continue;
      await buildImage(docker, { role: image.tagSuffix ? `${image.repository}-${image.tagSuffix}` : image.repository, contextDir: image.contextDir, reference, buildArgs: { BASE: images.base, ...image.buildArgs } });
    }
    if (!(await imageExists(docker, images.registrySeeded))) await buildSeededRegistry(docker, images);
    log("images", `all images ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    return images;
  } finally {
    await release();
  }
}

async function allPresent(docker: Docker, images: ImageSet): Promise<boolean> {
  const present = await Promise.all(Object.values(images).flat().map((ref) => imageExists(docker, ref)));
  return present.every(Boolean);
}
