import { createHash } from "node:crypto";
import type Docker from "dockerode";
import { makeOnceUnderLock } from "../util/machine-lock.ts";
import { copyImage } from "../docker/copy-image.ts";
import { LABEL } from "../docker/labels.ts";
import { newRunId } from "../docker/run-id.ts";
import { runOnce } from "../docker/run-once.ts";
import { capabilityHostConfig, detectSecurityMode } from "../engine/security-mode.ts";
import { RegistryCredentials } from "../docker/registry-credentials.ts";
import { newRunAccess } from "../engine/run-access.ts";
import { pullOnHost } from "./pull-images.ts";
import { log } from "../util/log.ts";
import { containerName, type LabContext } from "./lab-context.ts";
import type { LabImages } from "./lab-images.ts";
import { parseLabOptions } from "./lab-options.ts";
import { startHost } from "./start-hosts.ts";
import { startRegistry } from "./start-registry.ts";
import { sweep } from "./sweep.ts";
import { COMPLETE, KEPT } from "./seed-data-root.ts";

/**
 * A prepared data root: the part of a Docker engine's /var/lib/docker that holds images
 * (its image store and its overlay2 layers), made once per image set by an engine that
 * pulled the baseline images from a lab registry and loaded the agent, then stopped.
 * Each new host's volume gets its own copy before its engine starts, so a lab starts with
 * its images in place instead of every host pulling them; the copies are never shared by
 * two engines. Pulled from a registry rather than loaded, the images keep their registry
 * digests, which is what lets Swarm run a digest-pinned task without pulling.
 */
export const ROOT_LABEL = "firedrill.prepared-root";
/** The images a root was made from: a root whose images are gone is stale and pruned. */
const ROOT_IMAGES_LABEL = "firedrill.prepared-root.images";

/** A root is named by what it holds: the host and agent images, and refs (outer-engine references: the lb's image and the stack's baseline images). */
export function preparedRootName(images: Pick<LabImages, "host" | "agent">, refs: readonly string[]): string {
  const key = createHash("sha256")
    .update(JSON.stringify({ host: images.host, agent: images.agent, refs: [...refs].sort() }))
    .digest("hex")
    .slice(0, 12);
  return `firedrill-root-${key}`;
}

/**
 * The prepared root for these images, made if missing. Two runs starting at once on one
 * machine take turns through a lock file instead of preparing twice.
 */
export async function ensurePreparedRoot(outer: Docker, images: LabImages, refs: readonly string[]): Promise<string> {
  const name = preparedRootName(images, refs);
  return makeOnceUnderLock(name, () => isComplete(outer, images, name), name, async () => {
    await outer.getVolume(name).remove({ force: true }).catch(() => undefined);
    const t0 = Date.now();
    await prepare(outer, images, refs, name);
    log("images", `prepared data root ${name} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    await pruneStaleRoots(outer, name);
    return name;
  });
}

/** Removes every prepared root (or every one but `keep`); returns their names. */
export async function removePreparedRoots(outer: Docker, keep?: (volume: { Name: string; Labels: Record<string, string> }) => boolean): Promise<string[]> {
  const { Volumes } = await outer.listVolumes({ filters: { label: [ROOT_LABEL] } });
  const removed: string[] = [];
  for (const volume of Volumes ?? []) {
    if (keep?.(volume as { Name: string; Labels: Record<string, string> })) continue;
    // One in use (a lab seeding from it right now) stays, and goes next time.
    await outer.getVolume(volume.Name).remove().then(
      () => removed.push(volume.Name),
      () => undefined,
    );
  }
  return removed;
}

async function isComplete(outer: Docker, images: LabImages, name: string): Promise<boolean> {
  const exists = await outer.getVolume(name).inspect().then(() => true, () => false);
  if (!exists) return false;
  const check = await runOnce(outer, { image: images.base, command: ["test", "-f", `/root/${COMPLETE}`], labels: { [ROOT_LABEL]: name }, hostConfig: { Binds: [`${name}:/root:ro`] } });
  return check.exitCode === 0;
}

/**
 * Makes the root: a registry and one engine on their own network, as a lab would have
 * them, the baseline pulled and the agent loaded, the engine stopped cleanly, and its
 * image store copied into the root. Everything but the root is removed afterwards.
 */
async function prepare(outer: Docker, images: LabImages, refs: readonly string[], name: string): Promise<void> {
  const runId = newRunId();
  const labels = { [LABEL.run]: runId, [LABEL.role]: "volume" };
  const { authority, access } = newRunAccess(runId);
  const ctx: LabContext = {
    runId,
    outer,
    network: containerName(runId, "net"),
    images,
    options: parseLabOptions({ hosts: 1, managers: 1 }),
    securityMode: await detectSecurityMode(outer, images.base, labels),
    credentials: RegistryCredentials.fromEnvironment(),
    authority,
    access,
    labels: { [LABEL.run]: runId },
  };
  log("images", `preparing a data root with ${refs.length} images and the agent (once per image set)`);
  try {
    await outer.createNetwork({ Name: ctx.network, Driver: "bridge", CheckDuplicate: true, Labels: { ...ctx.labels, [LABEL.role]: "network" } });
    const [registry, host] = await Promise.all([startRegistry(ctx, { hosts: 1, managers: 1, pinnedHost: "prepare" }), startHost(ctx, "prepare", { agent: false })]);
    // The pulls carry the registry's login themselves: the host has no agent to log in through.
    await Promise.all([pullOnHost(host, refs.map((ref) => registry.image(ref)), registry), copyImage(outer, host.docker, images.agent)]);
    await host.docker.getImage(images.agent).inspect();
    // A clean stop: the engine writes its image store out and leaves no half-made layer.
    await outer.getContainer(containerName(runId, "prepare")).stop({ t: 30 });
    await outer.createVolume({
      Name: name,
      Labels: { [ROOT_LABEL]: name, [ROOT_IMAGES_LABEL]: JSON.stringify([images.host, images.agent, ...refs]) },
    });
    const { exitCode, output } = await runOnce(outer, {
      image: images.base,
      command: ["sh", "-c", `cp -a ${KEPT.map((d) => `/engine/${d}`).join(" ")} /root/ && touch /root/${COMPLETE}`],
      labels,
      hostConfig: { ...capabilityHostConfig(), Binds: [`${containerName(runId, "prepare")}-docker:/engine:ro`, `${name}:/root`] },
    });
    if (exitCode !== 0) throw new Error(`copying the engine's image store failed (exit ${exitCode}): ${output}`);
  } catch (error) {
    await outer.getVolume(name).remove({ force: true }).catch(() => undefined);
    throw error;
  } finally {
    await sweep(outer, runId).catch(() => undefined);
  }
}

/** Roots made from images that are no longer on the engine were for an older build: they go. */
async function pruneStaleRoots(outer: Docker, current: string): Promise<void> {
  const present = new Set((await outer.listImages()).flatMap((i) => i.RepoTags ?? []));
  const removed = await removePreparedRoots(outer, (volume) => {
    if (volume.Name === current) return true;
    const refs = JSON.parse(volume.Labels[ROOT_IMAGES_LABEL] ?? "[]") as string[];
    return refs.length > 0 && refs.every((ref) => present.has(ref));
  });
  if (removed.length > 0) log("images", `removed ${removed.length} stale prepared data root(s)`);
}
