import { imageExists } from "../docker/image-exists.ts";
import type { Host } from "./host.ts";
import type { LabRegistry } from "./lab-registry.ts";

/** Pulls `references` from the lab registry onto one host, all at once. */
export async function pullOnHost(host: Host, references: readonly string[], registry: LabRegistry): Promise<void> {
  const docker = host.docker;
  await Promise.all(
    references.map(
      (reference) =>
        new Promise<void>((resolve, reject) => {
          docker.pull(reference, { authconfig: registry.authConfig() }, (error: Error | null, stream?: NodeJS.ReadableStream) => {
            if (error || !stream) return reject(new Error(`${host.name}: pull of ${reference} failed: ${error?.message}`));
            docker.modem.followProgress(stream, (err, events: Array<{ error?: string }>) => {
              const failed = err?.message ?? events.find((e) => e.error)?.error;
              failed ? reject(new Error(`${host.name}: pull of ${reference} failed: ${failed}`)) : resolve();
            });
          });
        }),
    ),
  );
}

/** Pulls those of `references` the host does not hold yet. */
export async function pullMissing(host: Host, references: readonly string[], registry: LabRegistry): Promise<void> {
  const held = await Promise.all(references.map((ref) => imageExists(host.docker, ref)));
  const missing = references.filter((_, i) => !held[i]);
  if (missing.length > 0) await pullOnHost(host, missing, registry);
}
