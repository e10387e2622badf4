import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import type { StartedLab } from "../lab/started-lab.ts";
import type { Platform } from "../platform/platform.ts";
import type { DeployedStack } from "./deployed-stack.ts";
import type { LabRegistry } from "../lab/lab-registry.ts";
import { type GeneratedFiles, frontCompose, lbCompose, noHealthCheckCompose, quickRolloutCompose } from "./lb-compose.ts";
import type { VersionRole } from "./stack-images.ts";
import type { Stack } from "./stack.ts";

/** The `version:` of the stack's first compose file (undefined when it has none). */
async function composeVersion(stack: Stack): Promise<string | undefined> {
  const first = parse(await readFile(path.join(stack.dir, stack.manifest.compose[0]!), "utf8")) as { version?: unknown } | null;
  return first?.version === undefined ? undefined : String(first.version);
}

/** How a deploy differs from the baseline (v1 of the stack, its replicas, health checks on, the lb on port 80). */
export interface StackVariant {
  version?: VersionRole;
  replicas?: number;
  /** false: the declared health check removed, and an lb that does not check tasks. */
  healthChecks?: boolean;
  /** The port the lb publishes on every host. */
  lbPort?: number;
  /**
   * The harness's own rollouts (putting the baseline back between scenarios): the traffic
   * service's and the lb's rolling updates watch each new task for 1 s instead of the
   * stack's (or Swarm's) monitor and delay. The baseline is deployed again as declared
   * before any scenario runs on it.
   */
  quickRollout?: boolean;
}

/** The image of a version of the versioned image (an outer-engine reference). */
export function versionImage(deployed: DeployedStack, version: VersionRole): string {
  const m = deployed.stack.manifest;
  const ref = version === "baseline" ? deployed.images.images[m.versions.image] : deployed.images[version];
  if (!ref) throw new Error(`stack ${deployed.stack.name} declares no ${version} version`);
  return ref;
}

/** The name a version is served under (its version header). */
export function versionName(deployed: DeployedStack, version: VersionRole): string {
  const v = deployed.stack.manifest.versions;
  const name = version === "baseline" ? v.baseline : v[version]?.name;
  if (!name) throw new Error(`stack ${deployed.stack.name} declares no ${version} version`);
  return name;
}

/** The variables a stack's compose files are written against: ${FIREDRILL_IMAGE_<KEY>} and ${FIREDRILL_REPLICAS}. */
export function stackEnv(deployed: DeployedStack, registry: Pick<LabRegistry, "image">, variant: StackVariant = {}): Record<string, string> {
  const m = deployed.stack.manifest;
  const env: Record<string, string> = { FIREDRILL_REPLICAS: String(variant.replicas ?? m.traffic.replicas) };
  for (const [key, ref] of Object.entries(deployed.images.images)) env[`FIREDRILL_IMAGE_${envKey(key)}`] = registry.image(ref);
  env[`FIREDRILL_IMAGE_${envKey(m.versions.image)}`] = registry.image(versionImage(deployed, variant.version ?? "baseline"));
  return env;
}

export function envKey(imageKey: string): string {
  return imageKey.toUpperCase().replace(/-/g, "_");
}

/**
 * (Re)deploys the stack with `variant` applied to the baseline, the way a pipeline
 * would: `docker stack deploy`, which rolls out only what changed. firedrill's lb is
 * deployed with it, in the same namespace.
 */
export async function deployVariant(lab: StartedLab, platform: Platform, deployed: DeployedStack, variant: StackVariant = {}): Promise<void> {
  const m = deployed.stack.manifest;
  const checked = variant.healthChecks !== false;
  const version = await composeVersion(deployed.stack);
  const files: GeneratedFiles = {
    ...lbCompose(m, { image: lab.registry.image(lab.images.haproxy), port: variant.lbPort ?? 80, checked, quick: Boolean(variant.quickRollout) }, version),
    ...(checked || !m.healthCheck ? {} : noHealthCheckCompose(m.healthCheck.service, version)),
    ...(variant.quickRollout ? quickRolloutCompose(m.traffic.service, version) : {}),
  };
  // Compose resolves relative paths (the lb's config file) against the first file's folder.
  const beside = path.posix.dirname(m.compose[0]!);
  const generated = Object.fromEntries(Object.entries(files).map(([name, content]) => [path.posix.join(beside, name), content]));
  await platform.deployStack(m.namespace, { dir: deployed.stack.dir, compose: m.compose, generated }, stackEnv(deployed, lab.registry, variant));
}

export type Colour = "blue" | "green";
/** The namespace green runs under; blue is the stack's own. */
export const GREEN = "green";
export const FRONT = "front";

/** Green: the stack's blue-green compose file with the next version, beside the running stack. */
export async function deployGreen(platform: Platform, registry: Pick<LabRegistry, "image">, deployed: DeployedStack): Promise<void> {
  const m = deployed.stack.manifest;
  if (!m.blueGreen) throw new Error(`stack ${deployed.stack.name} declares no blueGreen`);
  await platform.deployStack(GREEN, { dir: deployed.stack.dir, compose: [m.blueGreen.compose], generated: {} }, stackEnv(deployed, registry, { version: "next" }));
}

/** Points the front stack (port 80 on every host) at a colour; deploying it again is the switch. */
export async function pointFrontAt(lab: StartedLab, platform: Platform, deployed: DeployedStack, colour: Colour): Promise<void> {
  const m = deployed.stack.manifest;
  const target = `${colour === "blue" ? m.namespace : GREEN}_${m.traffic.service}`;
  const generated = frontCompose(m, lab.registry.image(lab.images.haproxy), { blue: m.namespace, green: GREEN }, target);
  await platform.deployStack(FRONT, { dir: deployed.stack.dir, compose: [], generated }, {});
}
