import type Docker from "dockerode";
import { type LabOptionsInput } from "../lab/lab-options.ts";
import { startLab } from "../lab/start-lab.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { type DeployedSite, deployWordPress } from "./deploy-wordpress.ts";

export interface LabWithSite {
  lab: StartedLab;
  site: DeployedSite;
}

/** A lab with WordPress ready on it; if the stack does not come up, the lab is removed. */
export async function bringUp(input: LabOptionsInput, engine?: Docker): Promise<LabWithSite> {
  const lab = await startLab(input, engine);
  try {
    return { lab, site: await deployWordPress(lab) };
  } catch (error) {
    await lab.stop();
    throw error;
  }
}
