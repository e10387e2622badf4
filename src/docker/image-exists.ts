import type Docker from "dockerode";

/** Whether the engine holds an image by this reference (a tag, or a digest). */
export async function imageExists(docker: Docker, reference: string): Promise<boolean> {
  try {
    await docker.getImage(reference).inspect();
    return true;
  } catch {
    return false;
  }
}
