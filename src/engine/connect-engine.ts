import Docker from "dockerode";
import { environmentError } from "../errors/firedrill-error.ts";

export const ENGINE_FIX =
  "Start a Docker engine: on Debian/Ubuntu as root, `bash ci/docker-engine.sh` installs and starts one; " +
  "elsewhere start Docker, or point DOCKER_HOST at a running engine.";

/**
 * The outer engine: the one the lab's hosts, registry and edge run on. Honours
 * DOCKER_HOST like the docker CLI. Fails fast, with the fix, when nothing answers.
 */
export async function connectEngine(timeoutMs = 5000): Promise<Docker> {
  const docker = new Docker({ timeout: timeoutMs });
  try {
    await docker.ping();
  } catch (error) {
    const where = process.env.DOCKER_HOST ?? "/var/run/docker.sock";
    throw environmentError(
      "ENGINE_UNREACHABLE",
      `No Docker engine answers at ${where} (${(error as Error).message})`,
      ENGINE_FIX,
    );
  }
  // The timeout above only guards the first contact; builds and pulls take minutes.
  return new Docker();
}
