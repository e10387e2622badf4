import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { StartedLab } from "../../lab/started-lab.ts";
import { blueGreenCutover } from "../../scenarios/definitions/blue-green.ts";
import { sleep } from "../../util/wait-for.ts";
import type { Sabotage } from "./sabotage.ts";

const run = promisify(execFile);
const RESETS_MS = 3000;
const EVERY_MS = 100;
/** The edge's listening port inside its own namespace. */
const EDGE_PORT = 80;

/**
 * For 3 s after the switch to green, the edge resets every connection that has carried
 * more than one request (a kept-alive one), ten times a second, while a new connection's
 * first request goes through: what a front lb that drops its kept-alive clients on a
 * reload does. The probe opens a fresh connection per request and sees nothing; the
 * load, whose connections live, loses the requests in flight. Blue-green allows no failed
 * request, so judged on every request it is failed; judged on the probe's alone it passed.
 */
export const keepaliveReset: Sabotage = {
  name: "keepalive-reset",
  title: `kept-alive connections reset at the edge for ${RESETS_MS / 1000}s after the cutover, new ones served`,
  scenario: blueGreenCutover,
  traffic: "load:rate=50",
  expected: "failed",
  caughtBy: { checks: ["failed requests during the cutovers", "error ratio"] },
  afterT0Ms: 0,
  async during(ctx) {
    const pid = await edgePid(ctx.lab);
    const until = Date.now() + RESETS_MS;
    let reset = 0;
    while (Date.now() < until) {
      reset += await resetKeptAlive(pid);
      await sleep(EVERY_MS);
    }
    if (reset === 0) throw new Error("no kept-alive connection was there to reset: the load did not reach the edge");
  },
};

async function edgePid(lab: StartedLab): Promise<number> {
  if (!lab.edge.containerId) throw new Error("this lab has no firedrill edge");
  return (await lab.outer.getContainer(lab.edge.containerId).inspect()).State.Pid;
}

/** Resets the edge's client connections that received more than one request; how many. */
async function resetKeptAlive(pid: number): Promise<number> {
  const ss = (...args: string[]) => run("nsenter", [`--net=/proc/${pid}/ns/net`, "ss", ...args]).then((r) => r.stdout);
  const ports = keptAlivePeers(await ss("-tin", "state", "established", `( sport = :${EDGE_PORT} )`));
  if (ports.length === 0) return 0;
  await ss("-K", "state", "established", `( sport = :${EDGE_PORT} ) and ( ${ports.map((p) => `dport = :${p}`).join(" or ")} )`);
  return ports.length;
}

/**
 * The peers' ports of connections that carried two requests or more, from `ss -tin`'s
 * two lines a socket (the addresses, then the TCP info with data_segs_in: each request a
 * segment of data on these short local hops).
 */
export function keptAlivePeers(ssOutput: string): number[] {
  const lines = ssOutput.split("\n");
  const ports: number[] = [];
  for (let i = 0; i < lines.length - 1; i++) {
    const peer = /\s(\S+):(\d+)\s*$/.exec(lines[i]!)?.[2];
    const segments = /data_segs_in:(\d+)/.exec(lines[i + 1]!)?.[1];
    if (peer && segments && Number(segments) >= 2) ports.push(Number(peer));
  }
  return ports;
}
