import type { StartedLab } from "../lab/started-lab.ts";
import { convergence, describeConvergence, isConverged } from "../platform/convergence.ts";
import { SwarmPlatform } from "../platform/swarm-platform.ts";
import { waitFor } from "../util/wait-for.ts";
import { type DeployedSite, waitUntilServedEverywhere } from "./deploy-wordpress.ts";

/**
 * Waits until the lab is back at its baseline after a scenario: every node Ready, every
 * service of the stack converged, and the seed post served through the edge and every
 * host. Scenarios sharing a lab start from here.
 */
export async function waitForBaseline(lab: StartedLab, site: DeployedSite, budgetMs = 180_000): Promise<void> {
  const platform = new SwarmPlatform(lab);
  await waitFor({ phase: "baseline: every node Ready and the stack converged", budgetMs, intervalMs: 500 }, async () => {
    const snapshot = await platform.snapshot();
    const notReady = snapshot.nodes.filter((n) => n.state !== "ready").map((n) => `${n.host} ${n.state}`);
    if (notReady.length > 0) throw new Error(`nodes not ready: ${notReady.join(", ")}`);
    const services = snapshot.services.filter((s) => s.stack === site.stack);
    if (!isConverged(snapshot, services)) throw new Error(describeConvergence(convergence(snapshot, services)));
  });
  await waitUntilServedEverywhere(lab, site.seedPostId, budgetMs);
}
