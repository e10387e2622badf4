import path from "node:path";
import { paths } from "../util/paths.ts";
import { hashContext } from "./context-hash.ts";

/** Images built from `images/<role>/`, all `FROM` the base. */
export const BUILT_ROLES = ["host", "registry", "mariadb", "wordpress", "haproxy"] as const;
export type BuiltRole = (typeof BUILT_ROLES)[number];

/** The images the stack runs: they are what the lab's registry serves to the hosts. */
export const APP_ROLES = ["mariadb", "wordpress", "haproxy"] as const satisfies readonly BuiltRole[];
export type AppRole = (typeof APP_ROLES)[number];

/**
 * Further WordPress versions for upgrade drills, built from the same context with
 * other build arguments: a good next version, and one whose health check fails.
 */
/** The version the baseline stack serves (the build's default APP_VERSION): steady state must see it. */
export const BASELINE_VERSION = "v1";

export const APP_VERSIONS = {
  wordpressV2: { APP_VERSION: "v2", HEALTHY: "yes" },
  wordpressBroken: { APP_VERSION: "v3-broken", HEALTHY: "no" },
} as const;
export type AppVersion = keyof typeof APP_VERSIONS;

export const REPOSITORY_PREFIX = "firedrill";

/** Full image references (repository:tag) on the outer engine. */
export interface ImageSet {
  base: string;
  host: string;
  registry: string;
  mariadb: string;
  wordpress: string;
  haproxy: string;
  wordpressV2: string;
  wordpressBroken: string;
  /** The registry image with every app image already pushed into it. */
  registrySeeded: string;
}

export function contextDir(role: BuiltRole | "base"): string {
  return path.join(paths.images, role);
}

export function repository(role: string): string {
  return `${REPOSITORY_PREFIX}/${role}`;
}

/** The tag of every image, from the content of its build context and its base. */
export async function resolveImageSet(): Promise<ImageSet> {
  const base = `${repository("base")}:${await hashContext(contextDir("base"))}`;
  const built = {} as Record<BuiltRole, string>;
  for (const role of BUILT_ROLES) {
    built[role] = `${repository(role)}:${await hashContext(contextDir(role), [base])}`;
  }
  const versions = {} as Record<AppVersion, string>;
  for (const [name, args] of Object.entries(APP_VERSIONS) as Array<[AppVersion, Record<string, string>]>) {
    const inputs = [base, ...Object.entries(args).map(([k, v]) => `${k}=${v}`)];
    versions[name] = `${repository("wordpress")}:${await hashContext(contextDir("wordpress"), inputs)}-${args.APP_VERSION}`;
  }
  const seededInputs = [built.registry, ...APP_ROLES.map((r) => built[r]), ...Object.values(versions)];
  const seededTag = await hashContext(contextDir("registry"), seededInputs);
  return { base, ...built, ...versions, registrySeeded: `${repository("registry-seeded")}:${seededTag}` };
}

/** The tag part of a reference: the same tag names the image inside the lab registry. */
export function tagOf(reference: string): string {
  return reference.slice(reference.lastIndexOf(":") + 1);
}
