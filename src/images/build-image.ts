import type Docker from "dockerode";
import { harnessError } from "../errors/firedrill-error.ts";
import { log } from "../util/log.ts";
import { LABEL } from "../docker/labels.ts";
import { listContext } from "./context-hash.ts";

interface BuildEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export interface BuildRequest {
  role: string;
  contextDir: string;
  reference: string;
  buildArgs?: Record<string, string>;
}

/**
 * Builds one image with the engine's builder, printing each Dockerfile step as it
 * starts. A failed build raises IMAGE_BUILD_FAILED with the last lines of output and
 * leaves no intermediate container behind (forcerm).
 */
export async function buildImage(docker: Docker, request: BuildRequest): Promise<void> {
  const { role, contextDir, reference } = request;
  const started = Date.now();
  const output: string[] = [];
  let failure: string | undefined;
  try {
    const stream = await docker.buildImage(
      { context: contextDir, src: await listContext(contextDir) },
      {
        t: reference,
        buildargs: request.buildArgs ?? {},
        labels: { [LABEL.image]: role },
        rm: true,
        forcerm: true,
      },
    );
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error) => (error ? reject(error) : resolve()),
        (event: BuildEvent) => {
          if (event.stream) {
            for (const line of event.stream.split("\n").filter((l) => l.trim() !== "")) {
              output.push(line);
              if (/^Step \d+\/\d+ :/.test(line)) log(`images:${role}`, line.slice(0, 110));
            }
          }
          if (event.error) failure = event.errorDetail?.message ?? event.error;
        },
      );
    });
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure !== undefined) {
    throw harnessError(
      "IMAGE_BUILD_FAILED",
      `Building ${reference} from ${contextDir} failed: ${failure}`,
      "Read the build output below. If a package download failed, check that the Debian mirror is reachable " +
        "from containers (`docker run --rm <base image> apt-get update`), then run `firedrill images` again.",
      { evidence: output.slice(-20).join("\n") },
    );
  }
  log(`images:${role}`, `built ${reference} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
