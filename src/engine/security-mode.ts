import type Docker from "dockerode";
import { environmentError } from "../errors/firedrill-error.ts";

/**
 * How a Docker-in-Docker host may be started on this engine. Most engines allow
 * `--privileged`. Where the engine's own capability bounding set lacks one (measured
 * here: CAP_SYS_RESOURCE), privileged containers fail to start, but every other
 * capability with seccomp and AppArmor unconfined and the cgroup tree mounted works.
 */
export type SecurityMode = "privileged" | "capabilities";

const cache = new WeakMap<Docker, SecurityMode>();

export async function detectSecurityMode(
  docker: Docker,
  probeImage: string,
  labels: Record<string, string>,
): Promise<SecurityMode> {
  const known = cache.get(docker);
  if (known) return known;
  const mode = (await startsWith(docker, probeImage, labels, { Privileged: true }))
    ? "privileged"
    : (await startsWith(docker, probeImage, labels, capabilityHostConfig()))
      ? "capabilities"
      : undefined;
  if (!mode) {
    throw environmentError(
      "CAPABILITIES_REFUSED",
      "This engine refuses both privileged containers and the capability set a Docker host needs",
      "Run firedrill on an engine that allows --privileged, or one whose capability bounding set includes " +
        "CAP_SYS_ADMIN and CAP_NET_ADMIN (rootless and user-namespaced engines cannot host a lab).",
    );
  }
  cache.set(docker, mode);
  return mode;
}

/**
 * The HostConfig fields for the capability mode. Empty masked and read-only paths are
 * what the CLI's `--security-opt systempaths=unconfined` sends: /proc/sys becomes
 * writable, as on a machine, so an engine that sets sysctls (userland-proxy off needs
 * route_localnet) can start.
 */
export function capabilityHostConfig() {
  return {
    CapAdd: ["ALL"],
    CapDrop: ["SYS_RESOURCE"],
    SecurityOpt: ["seccomp=unconfined", "apparmor=unconfined"],
    MaskedPaths: [],
    ReadonlyPaths: [],
  };
}

/**
 * Whether a container with this HostConfig may start. Not runOnce: here a failure to
 * create (no engine, no image) is an error to report, and only a failure to start is the
 * answer "no".
 */
async function startsWith(
  docker: Docker,
  image: string,
  labels: Record<string, string>,
  hostConfig: Docker.HostConfig,
): Promise<boolean> {
  const container = await docker.createContainer({
    Image: image,
    // Whatever the image's own entrypoint is: the probe asks only whether it may start.
    Entrypoint: ["true"],
    Cmd: [],
    Labels: labels,
    HostConfig: { ...hostConfig, AutoRemove: false },
  });
  try {
    await container.start();
    const result = await container.wait();
    return result.StatusCode === 0;
  } catch {
    return false;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
