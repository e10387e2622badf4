import { statfs } from "node:fs/promises";
import type Docker from "dockerode";
import { environmentError } from "../errors/firedrill-error.ts";

export interface DiskSpace {
  path: string;
  freeBytes: number;
}

/**
 * Free space where the engine keeps images and volumes. Only measurable when the
 * engine runs on this machine; undefined for a remote engine.
 */
export async function engineDiskSpace(docker: Docker): Promise<DiskSpace | undefined> {
  const info = (await docker.info()) as { DockerRootDir?: string };
  const root = info.DockerRootDir ?? "/var/lib/docker";
  try {
    const stats = await statfs(root);
    return { path: root, freeBytes: stats.bavail * stats.bsize };
  } catch {
    return undefined;
  }
}

export const GiB = 1024 ** 3;

/** Refuses to start work that needs `neededBytes` when the engine's disk has less. */
export async function requireDiskSpace(docker: Docker, neededBytes: number, forWhat: string): Promise<void> {
  // FIREDRILL_DISK_RESERVE_GB asks for more room than the work needs (a shared CI machine
  // keeping space for others); tests use it to see the refusal without filling a disk.
  const reserve = Number(process.env.FIREDRILL_DISK_RESERVE_GB ?? 0) * GiB;
  neededBytes += Number.isFinite(reserve) ? reserve : 0;
  const space = await engineDiskSpace(docker);
  if (space && space.freeBytes < neededBytes) {
    throw environmentError(
      "DISK_FULL",
      `${forWhat} needs about ${(neededBytes / GiB).toFixed(1)} GiB free at ${space.path}; ` +
        `${(space.freeBytes / GiB).toFixed(1)} GiB is free`,
      "Free space: `firedrill clean --images` removes firedrill's images, `docker system prune` others' leftovers.",
    );
  }
}
