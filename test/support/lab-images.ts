import type Docker from "dockerode";
import { labImagesFor } from "../../src/drill/bring-up.ts";
import type { ImageSet } from "../../src/images/image-catalog.ts";
import { loadStack } from "../../src/stack/load-stack.ts";

/** The images a bare lab of the default stack runs (built if missing): for tests that start a lab without a stack. */
export async function defaultLabImages(engine: Docker): Promise<ImageSet> {
  return labImagesFor(engine, await loadStack());
}
