import type Docker from "dockerode";

export interface RunOnceResult {
  exitCode: number;
  /** The end of what it wrote, stdout and stderr together. */
  output: string;
}

/**
 * Runs a short-lived container to its end on `docker` and removes it, whatever happened:
 * a shell step on the engine's own side (copying between volumes), where nothing should
 * be left behind for a sweep to find.
 */
export async function runOnce(
  docker: Docker,
  spec: { image: string; command: string[]; labels: Record<string, string>; hostConfig?: Docker.HostConfig },
): Promise<RunOnceResult> {
  const container = await docker.createContainer({
    Image: spec.image,
    Entrypoint: [],
    Cmd: spec.command,
    Labels: spec.labels,
    HostConfig: { ...spec.hostConfig, AutoRemove: false },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = await container.logs({ stdout: true, stderr: true, tail: 20 }).catch(() => Buffer.alloc(0));
    // Drop the multiplexing headers: a short message is all this is read for.
    const output = String(logs).replace(/[\x00-\x08]/g, "").trim().slice(-1000);
    return { exitCode: StatusCode, output };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
