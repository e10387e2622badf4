import { randomBytes } from "node:crypto";
import type { StartedLab } from "../lab/started-lab.ts";
import { LABEL } from "../docker/labels.ts";
import { isConverged, whyNotConverged } from "../platform/convergence.ts";
import { SwarmPlatform } from "../platform/swarm-platform.ts";
import { timedPhases } from "../util/timed-phases.ts";
import { waitFor } from "../util/wait-for.ts";
import { DEPLOYED_FILE, type DeployedStack } from "./deployed-stack.ts";
import { pullMissing } from "../lab/pull-images.ts";
import { writeItem } from "./item-client.ts";
import { waitUntilServedEverywhere } from "./served-everywhere.ts";
import { serviceOf, type Stack } from "./stack.ts";
import { baselineRefs, type StackImageRefs } from "./stack-images.ts";
import { setupInTask } from "./setup-in-task.ts";
import { deployVariant } from "./stack-variant.ts";
import { render, templateValues } from "./template.ts";

/**
 * Puts a stack on a started lab and waits until it is ready: images on the hosts, its
 * secrets made, the stack and firedrill's lb deployed, the stack's setup run inside a
 * task, the stack converged, the seed item written, and that item served through the
 * edge and through every host's port 80.
 */
export async function deployStack(lab: StartedLab, stack: Stack, images: StackImageRefs): Promise<DeployedStack> {
  const platform = new SwarmPlatform(lab);
  const { budgets } = lab.options;
  const m = stack.manifest;
  const phase = timedPhases("stack", lab.timings, "deploying the stack");

  // Every host may run any of the stack's services and runs an lb; versions are pulled
  // when a scenario deploys them (the registry is part of what is drilled). A host that
  // started from a prepared data root already has them: it pulls only what it lacks.
  const refs = baselineRefs(lab.images.haproxy, images).map((ref) => lab.registry.image(ref));
  await phase("images distributed", () => Promise.all(lab.hosts.map((host) => pullMissing(host, refs, lab.registry))));

  const secrets = await phase("secrets made", () => ensureSecrets(lab, m.secrets));
  const deployed: DeployedStack = { stack, images, secrets, seedId: "" };
  await phase("stack deployed", () => deployVariant(lab, platform, deployed));

  const setup = m.setup;
  if (setup) {
    // Before convergence: a task whose health check needs the setup is running only once set up.
    await phase("setup run in a task", () =>
      setupInTask(lab, { service: serviceOf(stack, setup.service), command: setup.command, stdin: render(setup.stdin, templateValues(secrets)), youngTaskS: setup.youngTaskS }, budgets.installMs),
    );
  }

  await phase("stack converged", async () => {
    await waitFor({ phase: "stack converged", budgetMs: budgets.convergeMs, intervalMs: 500 }, async () => {
      const snapshot = await platform.snapshot();
      const services = snapshot.services.filter((s) => s.stack === m.namespace);
      if (services.length === 0 || !isConverged(snapshot, services)) {
        const errors = snapshot.tasks.filter((t) => t.error).map((t) => `${t.service}@${t.host}: ${t.error}`);
        throw new Error([whyNotConverged(snapshot, services), ...errors.slice(-3)].join("; "));
      }
    });
  });

  deployed.seedId = await phase("seed item written", async () => {
    // The lb and the edge let a task in once their own checks have seen it answer 200.
    await waitFor({ phase: "served through the edge", budgetMs: budgets.installMs, intervalMs: 500 }, async () => {
      const response = await fetch(`${lab.edge.url}${m.traffic.healthPath}`, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${m.traffic.healthPath} answered ${response.status}`);
    });
    return writeItem(lab.edge.url, m, templateValues(secrets), m.items.seedTitle);
  });
  await lab.manager.sh(`umask 077; mkdir -p /etc/firedrill; cat > ${DEPLOYED_FILE}`, { stdin: JSON.stringify(deployed) });

  await phase("seed item served everywhere", () => waitUntilServedEverywhere(lab, deployed, budgets.installMs));
  return deployed;
}

/** Makes each secret the stack declares (`firedrill_<name>`, labelled with the run) with random content. */
async function ensureSecrets(lab: StartedLab, names: readonly string[]): Promise<Record<string, string>> {
  const docker = lab.manager.docker;
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = randomBytes(18).toString("base64url");
    await docker.createSecret({ Name: `firedrill_${name}`, Labels: { [LABEL.run]: lab.runId }, Data: Buffer.from(value).toString("base64") });
    values[name] = value;
  }
  return values;
}

/** The deployment another process made on this lab (`firedrill up --detach`), read back from the manager. */
export async function readDeployed(lab: StartedLab): Promise<DeployedStack> {
  return JSON.parse(await lab.manager.execOrThrow(["cat", DEPLOYED_FILE])) as DeployedStack;
}
