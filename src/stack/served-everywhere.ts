import type { StartedLab } from "../lab/started-lab.ts";
import { getOnce } from "../probe/single-request.ts";
import { unmetExpectation } from "../probe/probe-expectation.ts";
import { waitFor } from "../util/wait-for.ts";
import type { DeployedStack } from "./deployed-stack.ts";
import { probeSpec } from "./probe-spec.ts";

/** Ready means the probe's request is answered as expected through the edge and through each host's port 80. */
export async function waitUntilServedEverywhere(lab: StartedLab, deployed: DeployedStack, budgetMs: number): Promise<void> {
  const targets = [{ name: "edge", url: lab.edge.url }, ...lab.hosts.map((h) => ({ name: h.name, url: h.httpUrl }))];
  const probe = probeSpec(deployed);
  await waitFor({ phase: "seed item served through the edge and every host", budgetMs, intervalMs: 500 }, async () => {
    const missing: string[] = [];
    await Promise.all(
      targets.map(async (t) => {
        const unmet = await getOnce(`${t.url}${probe.path}`, AbortSignal.timeout(5000)).then(
          (answer) => unmetExpectation(probe.expect, answer.status, answer.body),
          (error: Error) => error.message,
        );
        if (unmet !== undefined) missing.push(`${t.name} (${unmet})`);
      }),
    );
    if (missing.length > 0) throw new Error(`not served by ${missing.join(", ")}`);
  });
}
