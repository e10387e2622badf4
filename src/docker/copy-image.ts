import type Docker from "dockerode";

/**
 * Loads an image from the runner's engine into a host's engine, unless the host has it
 * (an engine that cannot reach the runner's images pulls nothing: it is handed them).
 * Says whether it loaded it, so that whoever loaded it can remove it again.
 */
export async function copyImage(source: Docker, engine: Docker, image: string): Promise<boolean> {
  const present = await engine
    .getImage(image)
    .inspect()
    .then(() => true)
    .catch(() => false);
  if (present) return false;
  const exported = await source.getImage(image).get();
  const stream = await engine.loadImage(exported as unknown as NodeJS.ReadableStream, { quiet: true });
  await new Promise<void>((resolve, reject) => engine.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
  return true;
}
