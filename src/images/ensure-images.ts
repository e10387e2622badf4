import type Docker from "dockerode";
import { makeOnceUnderLock } from "../util/machine-lock.ts";
import { GiB, requireDiskSpace } from "../engine/disk-space.ts";
import { log } from "../util/log.ts";
import { settleAll } from "../util/settle-all.ts";
import { ensureRootfs } from "./base-rootfs.ts";
import { imageExists } from "../docker/image-exists.ts";
import { buildImage } from "./build-image.ts";
import { type AppImage, BUILT_ROLES, contextDir, type ImageSet, resolveImageSet } from "./image-catalog.ts";
import { buildSeededRegistry } from "./seed-registry.ts";

/**
 * Builds whatever image of the set is missing, in dependency order, and returns the
 * set. Cheap when nothing is missing (one inspect per image). Two runs starting at
 * once on one engine take turns through a lock file instead of building twice.
 */
export async function ensureImages(docker: Docker, appImages: readonly AppImage[]): Promise<ImageSet> {
  const images = await resolveImageSet(appImages);
  return makeOnceUnderLock("firedrill-images", () => allPresent(docker, images), images, async () => {
    await requireDiskSpace(docker, 4 * GiB, "Building firedrill's images");
    const t0 = Date.now();
    if (!(await imageExists(docker, images.base))) {
      const rootfs = await ensureRootfs(docker);
      await buildImage(docker, { role: "base", contextDir: contextDir("base"), reference: images.base, buildArgs: { ROOTFS: rootfs } });
    }
    // What depends only on the base is built side by side (the builds wait on the mirror
    // and on disk as much as on the cores); a version comes after the image it varies, so
    // that it reuses that image's layers from the build cache instead of installing again.
    const build = async (role: string, contextDir: string, reference: string, buildArgs: Record<string, string>) => {
      if (!(await imageExists(docker, reference))) await buildImage(docker, { role, contextDir, reference, buildArgs });
    };
    const apps = appImages.map((image, i) => ({ image, reference: images.app[i] as string }));
    await settleAll([
      ...BUILT_ROLES.map((role) => build(role, contextDir(role), images[role], { BASE: images.base })),
      ...apps.filter((a) => !a.image.tagSuffix).map((a) => build(a.image.repository, a.image.contextDir, a.reference, { BASE: images.base, ...a.image.buildArgs })),
    ]);
    await settleAll(
      apps.filter((a) => a.image.tagSuffix).map((a) => build(`${a.image.repository}-${a.image.tagSuffix}`, a.image.contextDir, a.reference, { BASE: images.base, ...a.image.buildArgs })),
    );
    if (!(await imageExists(docker, images.registrySeeded))) await buildSeededRegistry(docker, images);
    log("images", `all images ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    return images;
  });
}

async function allPresent(docker: Docker, images: ImageSet): Promise<boolean> {
  const present = await Promise.all(Object.values(images).flat().map((ref) => imageExists(docker, ref)));
  return present.every(Boolean);
}
