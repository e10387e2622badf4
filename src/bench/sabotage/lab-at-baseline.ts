import type { StartedLab } from "../../lab/started-lab.ts";
import { waitForBaseline } from "../../stack/baseline.ts";
import type { DeployedStack } from "../../stack/deployed-stack.ts";
import { subjectOf } from "../../scenarios/subject.ts";
import { SABOTAGES } from "./catalog.ts";

/**
 * What keeps the lab from being at its baseline after a control, one line each; none
 * when the stack is converged and serving and no sabotage has left anything behind.
 * Every sabotage is looked for, not only the last: the next control must start clean.
 */
export async function labAwayFromBaseline(lab: StartedLab, deployed: DeployedStack, budgetMs = 120_000): Promise<string[]> {
  const problems: string[] = [];
  await waitForBaseline(lab, deployed, budgetMs).catch((error: Error) => problems.push(error.message));
  for (const sabotage of SABOTAGES) {
    const left = await sabotage.leftovers?.(lab, subjectOf(deployed, lab)).catch((error: Error) => [`${sabotage.name}: could not be looked for: ${error.message}`]);
    problems.push(...(left ?? []));
  }
  return problems;
}
