import type Docker from "dockerode";
import { inputError } from "../errors/firedrill-error.ts";
import { attachLab } from "../lab/attach-lab.ts";
import { readDeployed } from "../stack/deploy-stack.ts";

/** Which stack an existing lab runs (its folder when it was deployed, and its name). */
export async function stackOnLab(engine: Docker, runId: string): Promise<{ dir: string; name: string }> {
  const lab = await attachLab(engine, runId);
  const deployed = await readDeployed(lab).catch(() => {
    throw inputError("STACK_MISMATCH", `run ${runId} records no deployed stack`, "Its lab was started by another version of firedrill, or its stack never came up: start a new one with `firedrill up --detach`.");
  });
  return { dir: deployed.stack.dir, name: deployed.stack.name };
}
