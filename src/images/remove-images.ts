import type Docker from "dockerode";
import { LABEL } from "../docker/labels.ts";
import { REPOSITORY_PREFIX } from "./image-catalog.ts";

/** Removes firedrill's own images (by label, plus the imported rootfs); returns their tags. */
export async function removeImages(docker: Docker): Promise<string[]> {
  const images = await docker.listImages({ filters: { label: [LABEL.image] } });
  const rootfs = await docker.listImages({ filters: { reference: [`${REPOSITORY_PREFIX}/rootfs`] } });
  const removed: string[] = [];
  // Newest first: a child image must go before the base it was built from.
  for (const image of [...images, ...rootfs].sort((a, b) => b.Created - a.Created)) {
    for (const tag of image.RepoTags ?? []) {
      await docker.getImage(tag).remove().then(
        () => removed.push(tag),
        () => undefined,
      );
    }
  }
  return removed;
}
