import type Docker from "dockerode";
import { connectEngine } from "../engine/connect-engine.ts";
import { healOrphans } from "../faults/heal.ts";
import { ensureImages } from "../images/ensure-images.ts";
import type { LabOptionsInput } from "../lab/lab-options.ts";
import { startLab } from "../lab/start-lab.ts";
import { ensurePreparedRoot } from "../lab/prepared-root.ts";
import type { ImageSet } from "../images/image-catalog.ts";
import { startInventoryLab } from "../lab/start-inventory-lab.ts";
import type { Inventory } from "../inventory/load-inventory.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { deployStack } from "../stack/deploy-stack.ts";
import type { DeployedStack } from "../stack/deployed-stack.ts";
import type { Stack } from "../stack/stack.ts";
import { baselineRefs, nameImageRefs, stackImages } from "../stack/stack-images.ts";

export interface LabWithStack {
  lab: StartedLab;
  deployed: DeployedStack;
}

/**
 * A lab with the stack ready on it. What a killed runner left on this engine is dealt
 * with first; the images (firedrill's and the stack's) are built if missing; if the stack
 * does not come up, the lab is removed.
 */
export async function bringUp(input: LabOptionsInput, stack: Stack, engine?: Docker, inventory?: Inventory): Promise<LabWithStack> {
  const outer = engine ?? (await connectEngine());
  await healOrphans(outer);
  const images = await ensureImages(outer, stackImages(stack));
  const m = stack.manifest;
  const options = { ...input, pinLabel: m.stateful.label, healthPath: m.traffic.healthPath };
  // An inventory's machines, or hosts of a new local lab: the stack goes on either the same way.
  // A local lab's hosts start from a prepared data root: the baseline is in place, and
  // only what a scenario deploys later (a version, a rollback) comes from the registry.
  const lab = inventory
    ? await startInventoryLab(inventory, options, images, outer)
    : await startLab(options, { ...images, preparedRoot: await preparedRootFor(outer, stack, images) }, outer);
  try {
    return { lab, deployed: await deployStack(lab, stack, nameImageRefs(stack, images.app)) };
  } catch (error) {
    await lab.stop();
    throw error;
  }
}

/** The prepared data root a local lab of this stack starts its hosts from, made if missing. */
export function preparedRootFor(engine: Docker, stack: Stack, images: ImageSet): Promise<string> {
  return ensurePreparedRoot(engine, images, baselineRefs(images.haproxy, nameImageRefs(stack, images.app)));
}

/** The images a lab of this stack runs, built if missing (for callers that start a bare lab). */
export async function labImagesFor(engine: Docker, stack: Stack) {
  return ensureImages(engine, stackImages(stack));
}
