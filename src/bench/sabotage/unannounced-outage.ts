import { edgeCommand, setEdgeBackends } from "../../lab/edge-admin.ts";
import type { StartedLab } from "../../lab/started-lab.ts";
import { hostHaltWithHealthChecks } from "../../scenarios/definitions/host-halt.ts";
import { sleep } from "../../util/wait-for.ts";
import type { Sabotage } from "./sabotage.ts";

const OUTAGE_MS = 20_000;

/**
 * Every backend of the edge in maintenance for 20 s, a few seconds into a host halt:
 * an outage the harness did not cause and is not told about. Only the probe can see
 * it, so it proves the figures come from what was served, not from what was injected.
 */
export const unannouncedOutage: Sabotage = {
  name: "unannounced-outage",
  title: `the edge's backends in maintenance for ${OUTAGE_MS / 1000}s, unannounced`,
  scenario: hostHaltWithHealthChecks,
  expected: "failed",
  caughtBy: { checks: ["time to recover", "longest gap", "error ratio", "downtime"] },
  afterT0Ms: 3000,
  async during(ctx) {
    await setEdgeMaintenance(ctx.lab, "maint");
    await sleep(OUTAGE_MS);
    await setEdgeMaintenance(ctx.lab, "ready");
  },
  undo: (ctx) => setEdgeMaintenance(ctx.lab, "ready"),
  leftovers: async (lab) => (await edgeServersInMaintenance(lab)).map((s) => `edge server ${s} in maintenance`),
};

/** Every host's server of the edge in maintenance, or back: an outage only the requests see. */
export async function setEdgeMaintenance(lab: StartedLab, state: "ready" | "maint"): Promise<void> {
  await setEdgeBackends(lab.edge.adminPort, lab.hosts.map((h) => h.name), state);
}

/** HAProxy's admin state flag for a server put in maintenance by hand (the runtime API), as opposed to by DNS. */
const FORCED_MAINTENANCE = 0x01;

/**
 * Servers of the edge's `hosts` backend put in maintenance through the runtime API.
 * Only that flag: a halted host's server is in maintenance too, because its name no
 * longer resolves, and that is the scenario's doing, not the sabotage's.
 */
async function edgeServersInMaintenance(lab: StartedLab): Promise<string[]> {
  const lines = (await edgeCommand(lab.edge.adminPort, "show servers state hosts")).split("\n");
  const header = lines.find((l) => l.startsWith("# "));
  if (!header) throw new Error(`the edge's server state has no header: ${lines.slice(0, 2).join(" / ")}`);
  const columns = header.slice(2).trim().split(/\s+/);
  const [name, admin] = ["srv_name", "srv_admin_state"].map((c) => columns.indexOf(c));
  return lines
    .filter((l) => l.trim() !== "" && !l.startsWith("#") && l.includes(" "))
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => (Number(f[admin!]) & FORCED_MAINTENANCE) !== 0)
    .map((f) => f[name!]!);
}
