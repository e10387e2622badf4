import path from "node:path";
import type { AppImage } from "../images/image-catalog.ts";
import type { Stack } from "./stack.ts";

/** Which version of the versioned image a deploy runs. */
export type VersionRole = "baseline" | "next" | "broken";

/** The images a stack needs built, in a fixed order: each image, then the versions. */
export function stackImages(stack: Stack): AppImage[] {
  const m = stack.manifest;
  const base = Object.entries(m.images).map(([key, image]): AppImage => ({
    contextDir: path.join(stack.dir, image.context),
    buildArgs: image.buildArgs,
    repository: `${stack.manifest.namespace}-${key}`,
  }));
  const versioned = m.images[m.versions.image]!;
  const versions = (["next", "broken"] as const).flatMap((role): AppImage[] => {
    const version = m.versions[role];
    if (!version) return [];
    return [
      {
        contextDir: path.join(stack.dir, versioned.context),
        buildArgs: { ...versioned.buildArgs, ...version.buildArgs },
        repository: `${m.namespace}-${m.versions.image}`,
        tagSuffix: version.name,
      },
    ];
  });
  return [...base, ...versions];
}

/** The stack's image references, by image key, and the versions' (outer-engine references). */
export interface StackImageRefs {
  images: Record<string, string>;
  next?: string;
  broken?: string;
}

/** Names the references `ensureImages` returned for `stackImages(stack)`, in the same order. */
export function nameImageRefs(stack: Stack, refs: readonly string[]): StackImageRefs {
  const m = stack.manifest;
  const keys = Object.keys(m.images);
  const images = Object.fromEntries(keys.map((k, i) => [k, refs[i] as string]));
  let i = keys.length;
  const out: StackImageRefs = { images };
  if (m.versions.next) out.next = refs[i++];
  if (m.versions.broken) out.broken = refs[i++];
  return out;
}

/** What every host runs from the start: the lb's image and the stack's images at their baseline version. */
export function baselineRefs(lbImage: string, refs: StackImageRefs): string[] {
  return [lbImage, ...Object.values(refs.images)];
}
