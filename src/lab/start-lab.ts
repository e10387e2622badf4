import type Docker from "dockerode";
import { connectEngine } from "../engine/connect-engine.ts";
import { GiB, requireDiskSpace } from "../engine/disk-space.ts";
import { requirePortFree } from "../engine/port-free.ts";
import { detectSecurityMode } from "../engine/security-mode.ts";
import { FiredrillError, harnessError } from "../errors/firedrill-error.ts";
import { log } from "../util/log.ts";
import { formSwarm } from "./form-swarm.ts";
import { containerName, type LabContext } from "./lab-context.ts";
import { type LabOptions, type LabOptionsInput, parseLabOptions } from "./lab-options.ts";
import { trackLabStart } from "./lab-starts.ts";
import { type Timings, timedPhases } from "../util/timed-phases.ts";
import { settleAll } from "../util/settle-all.ts";
import type { LabImages } from "./lab-images.ts";
import { LABEL, ownerLabels, runLabels } from "../docker/labels.ts";
import { RegistryCredentials } from "../docker/registry-credentials.ts";
import { newRunId } from "../docker/run-id.ts";
import { newRunAccess } from "../engine/run-access.ts";
import { startEdge } from "./start-edge.ts";
import { hostName, startHosts } from "./start-hosts.ts";
import { loginHosts } from "./login-hosts.ts";
import { startRegistry } from "./start-registry.ts";
import { StartedLab } from "./started-lab.ts";
import { sweep } from "./sweep.ts";

/**
 * Brings a lab up: its own network, the seeded registry, N Docker hosts, a Swarm over
 * them and the edge in front. Everything is checked before anything is started
 * (options, engine, edge port, disk); if any later step fails, everything labelled
 * with the run is removed before the error is raised.
 */
export async function startLab(input: LabOptionsInput, images: LabImages, engine?: Docker): Promise<StartedLab> {
  const options = parseLabOptions(input);
  const runId = options.runId ?? newRunId();
  return trackLabStart(runId, startLabAs(runId, options, images, engine));
}

async function startLabAs(runId: string, options: LabOptions, images: LabImages, engine?: Docker): Promise<StartedLab> {
  const credentials = RegistryCredentials.fromEnvironment();
  const outer = engine ?? (await connectEngine());
  if (options.edgePort > 0) await requirePortFree(options.edgePort, "edge port (--edge-port)");
  await requireDiskSpace(outer, options.hosts * 1.5 * GiB, `A lab of ${options.hosts} hosts`);

  const timings: Timings = [];
  const phase = timedPhases("lab", timings);

  const labels = { [LABEL.run]: runId, ...ownerLabels(options.detached) };
  try {
    const securityMode = await detectSecurityMode(outer, images.base, runLabels(runId, "host", labels));
    const network = containerName(runId, "net");
    const { authority, access } = newRunAccess(runId);
    await outer.createNetwork({ Name: network, Driver: "bridge", CheckDuplicate: true, Labels: { ...labels, [LABEL.role]: "network" } });
    const ctx: LabContext = {
      runId,
      outer,
      network,
      images,
      options,
      securityMode,
      credentials,
      authority,
      access,
      labels,
    };
    log("lab", `run ${runId}: ${options.hosts} hosts (${options.managers} manager), ${securityMode} mode`);
    // The managers are the first hosts and the stateful service is pinned to the last one:
    // a worker when there is one, so that losing the pinned host (the placement scenario)
    // leaves the control plane up to report what happened to the pinned service.
    const pinnedHost = hostName(options.hosts);
    const topology = { hosts: options.hosts, managers: options.managers, pinnedHost };
    const [registry, hosts] = await phase("hosts ready", async () => {
      const starts = [startRegistry(ctx, topology), startHosts(ctx)] as const;
      await settleAll<unknown>(starts);
      return [await starts[0], await starts[1]] as const;
    });
    await loginHosts(hosts, registry);
    const nodes = await phase("swarm formed", () =>
      formSwarm(hosts, { managers: options.managers, pinnedHost, pinLabel: options.pinLabel, budgetMs: options.budgets.swarmMs }).catch((error: Error) => {
        // formSwarm tells Swarm refusing the configuration from a call that failed on the way.
        if (error instanceof FiredrillError) throw error;
        // The engines run, but Swarm refuses them: a configuration the platform cannot run.
        throw harnessError("SWARM_REFUSED", `Swarm could not be formed: ${error.message}`, "The engine configuration is incompatible with Swarm mode; see the engine's message.", {
          cause: error,
        });
      }),
    );
    const edge = await phase("edge started", () => startEdge(ctx, hosts.map((h) => h.name)));
    return new StartedLab({ ...ctx, hosts, nodes, pinnedHost, registry, edge, timings });
  } catch (error) {
    log("lab", `start failed; removing run ${runId}`);
    await sweep(outer, runId).catch(() => undefined);
    throw error instanceof FiredrillError
      ? error
      : harnessError("LAB_START_FAILED", `The lab did not come up: ${(error as Error).message}`, "Run `firedrill doctor`.", {
          cause: error,
        });
  }
}
