import type { StartedLab } from "../lab/started-lab.ts";
import { isConverged, whyNotConverged } from "../platform/convergence.ts";
import { SwarmPlatform } from "../platform/swarm-platform.ts";
import { waitFor } from "../util/wait-for.ts";
import type { DeployedStack } from "./deployed-stack.ts";
import type { ClusterSnapshot } from "../platform/cluster-snapshot.ts";
import type { LabRegistry } from "../lab/lab-registry.ts";
import { stackEnv } from "./stack-variant.ts";
import { waitUntilServedEverywhere } from "./served-everywhere.ts";

/** Update states in which a service is still on its way somewhere: not a baseline yet. */
const MOVING = new Set(["updating", "rollback_started", "paused", "rollback_paused"]);

/**
 * Waits until the lab is back at its baseline after a scenario: every node Ready, every
 * service of the stack converged with no update under way and every task on the service's
 * own image (a redeploy of the baseline returns at once while the rollout back to it has
 * only begun), and the seed item served through the edge and every host. Scenarios
 * sharing a lab start from here.
 */
export async function waitForBaseline(lab: StartedLab, deployed: DeployedStack, budgetMs = 180_000): Promise<void> {
  const platform = new SwarmPlatform(lab);
  await waitFor({ phase: "baseline: every node Ready and the stack converged", budgetMs, intervalMs: 500 }, async () => {
    const snapshot = await platform.snapshot();
    const notReady = snapshot.nodes.filter((n) => n.state !== "ready").map((n) => `${n.host} ${n.state}`);
    if (notReady.length > 0) throw new Error(`nodes not ready: ${notReady.join(", ")}`);
    const services = snapshot.services.filter((s) => s.stack === deployed.stack.manifest.namespace);
    if (!isConverged(snapshot, services)) throw new Error(whyNotConverged(snapshot, services));
    const moving = services.filter((s) => MOVING.has(s.updateState ?? ""));
    if (moving.length > 0) throw new Error(`updates under way: ${moving.map((s) => `${s.name} ${s.updateState}`).join(", ")}`);
    const stale = snapshot.tasks.filter((t) => {
      const service = services.find((s) => s.id === t.serviceId);
      return service && t.desired === "running" && t.state === "running" && withoutDigest(t.image) !== withoutDigest(service.image);
    });
    if (stale.length > 0) throw new Error(`tasks on another image: ${stale.map((t) => `${t.service} on ${t.host}: ${t.image}`).join(", ")}`);
  });
  await waitUntilServedEverywhere(lab, deployed, budgetMs);
}

/** "repo:tag@sha256:..." -> "repo:tag": Swarm pins a digest on tasks that the spec may not carry. */
function withoutDigest(image: string): string {
  const at = image.indexOf("@");
  return at === -1 ? image : image.slice(0, at);
}

/**
 * The stack's services that run another image than the baseline gives them: a forced or
 * redeployed update that failed and was rolled back goes to the spec before it, which after
 * an upgrade scenario is the next version, and a converged stack on the wrong version
 * looks like a baseline to every other check.
 */
export function offBaseline(snapshot: ClusterSnapshot, deployed: DeployedStack, registry: Pick<LabRegistry, "image">): string[] {
  const baseline = new Set(Object.values(stackEnv(deployed, registry)).filter((v) => v.includes("/")));
  const namespace = deployed.stack.manifest.namespace;
  return snapshot.services
    .filter((s) => s.stack === namespace && s.name !== `${namespace}_lb`)
    .filter((s) => !baseline.has(withoutDigest(s.image)))
    .map((s) => `${s.name} runs ${withoutDigest(s.image)}`);
}
