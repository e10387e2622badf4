import path from "node:path";
import { paths } from "../util/paths.ts";
import { hashContext } from "./context-hash.ts";

/** firedrill's own images, built from `images/<role>/`, all `FROM` the base. */
export const BUILT_ROLES = ["host", "agent", "registry", "haproxy"] as const;
export type BuiltRole = (typeof BUILT_ROLES)[number];

export const REPOSITORY_PREFIX = "firedrill";

/** An image a stack runs, built from a context of the stack's with build arguments. */
export interface AppImage {
  contextDir: string;
  buildArgs: Record<string, string>;
  /** Its repository under firedrill/ ("notes-db"), the same in the lab registry. */
  repository: string;
  /** Added to the tag after the hash ("v2"), so a version is recognisable by its tag. */
  tagSuffix?: string;
}

/** Full image references (repository:tag) on the outer engine. */
export interface ImageSet {
  base: string;
  host: string;
  /** The host agent, loaded into each host's engine (faults go through it). */
  agent: string;
  registry: string;
  haproxy: string;
  /** Every app image, in the order given, by reference. */
  app: string[];
  /** The registry image with every app image (and the haproxy) already pushed into it. */
  registrySeeded: string;
}

export function contextDir(role: BuiltRole | "base"): string {
  return path.join(paths.images, role);
}

export function repository(role: string): string {
  return `${REPOSITORY_PREFIX}/${role}`;
}

/** The reference an app image gets: its tag is a hash of its context, its base and its build arguments. */
export async function appImageReference(image: AppImage, base: string): Promise<string> {
  const inputs = [base, ...Object.entries(image.buildArgs).sort().map(([k, v]) => `${k}=${v}`)];
  const hash = await hashContext(image.contextDir, inputs);
  return `${repository(image.repository)}:${hash}${image.tagSuffix ? `-${image.tagSuffix}` : ""}`;
}

/** The base's reference, which every other image's tag depends on. */
export async function baseReference(): Promise<string> {
  return `${repository("base")}:${await hashContext(contextDir("base"))}`;
}

/** The tag of every image, from the content of its build context and its base. */
export async function resolveImageSet(appImages: readonly AppImage[]): Promise<ImageSet> {
  const base = await baseReference();
  const built = {} as Record<BuiltRole, string>;
  for (const role of BUILT_ROLES) {
    built[role] = `${repository(role)}:${await hashContext(contextDir(role), [base])}`;
  }
  const app = await Promise.all(appImages.map((image) => appImageReference(image, base)));
  const seededTag = await hashContext(contextDir("registry"), [built.registry, built.haproxy, ...app]);
  return { base, ...built, app, registrySeeded: `${repository("registry-seeded")}:${seededTag}` };
}
