import type Docker from "dockerode";
import { demuxLogs } from "../docker/demux-logs.ts";
import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";

/** What the report shows beside the figures: what the engines said while it happened. */
export interface ScenarioEvidence {
  /** Engine events of every host in the scenario's time span, oldest first. */
  dockerEvents: string;
  edgeLog: string;
  lbLog: string;
  /** Each host's own log, when the scenario broke (the harness needs them to be debugged). */
  hostLogs?: Record<string, string>;
}

const MAX_LINES = 2000;

/**
 * Gathers the evidence for one scenario. Each source is optional: a host whose engine
 * does not answer contributes a line saying so, never an error.
 */
export async function collectEvidence(lab: StartedLab, lbService: string, since: number, until: number, broken: boolean): Promise<ScenarioEvidence> {
  const [events, edgeLog, lbLog] = await Promise.all([
    Promise.all(lab.hosts.map((h) => hostEvents(h, since, until))).then((perHost) => merge(perHost.flat())),
    // No edge container when users reach the stack through the team's own load balancer.
    lab.edge.containerId ? containerLog(lab.outer, lab.edge.containerId, since, until) : Promise.resolve(`(no firedrill edge: users reach the stack at ${lab.edge.url})`),
    lab.manager
      .exec(["docker", "service", "logs", "--timestamps", "--since", new Date(since).toISOString(), lbService], { timeoutMs: 20_000 })
      .then((r) => tail(r.stdout + r.stderr), (e: Error) => `(lb log unavailable: ${e.message})`),
  ]);
  const evidence: ScenarioEvidence = { dockerEvents: events, edgeLog, lbLog };
  if (broken) {
    evidence.hostLogs = Object.fromEntries(await Promise.all(lab.hosts.map(async (h) => [h.name, await h.logTail(200).catch((e: Error) => `(unavailable: ${e.message})`)] as const)));
  }
  return evidence;
}

interface EventLine {
  at: number;
  text: string;
}

async function hostEvents(host: Host, since: number, until: number): Promise<EventLine[]> {
  try {
    const stream = (await host.engine(10_000).getEvents({ since: Math.floor(since / 1000), until: Math.ceil(until / 1000) })) as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks)
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const e = JSON.parse(line) as { timeNano: number; Type: string; Action: string; Actor?: { Attributes?: Record<string, string> } };
        const name = e.Actor?.Attributes?.name ?? e.Actor?.Attributes?.["com.docker.swarm.service.name"] ?? "";
        const at = Math.floor(e.timeNano / 1e6);
        return { at, text: `${new Date(at).toISOString()} ${host.name} ${e.Type} ${e.Action} ${name}`.trimEnd() };
      });
  } catch (error) {
    return [{ at: since, text: `${new Date(since).toISOString()} ${host.name} (events unavailable: ${(error as Error).message})` }];
  }
}

function merge(lines: EventLine[]): string {
  return tail(lines.sort((a, b) => a.at - b.at).map((l) => l.text).join("\n"));
}

async function containerLog(outer: Docker, id: string, since: number, until: number): Promise<string> {
  try {
    const buffer = (await outer.getContainer(id).logs({ stdout: true, stderr: true, timestamps: true, since: Math.floor(since / 1000), until: Math.ceil(until / 1000) })) as unknown as Buffer;
    return tail(demuxLogs(buffer));
  } catch (error) {
    return `(log unavailable: ${(error as Error).message})`;
  }
}

function tail(text: string): string {
  const lines = text.split("\n");
  return lines.length > MAX_LINES ? [`(first ${lines.length - MAX_LINES} lines left out)`, ...lines.slice(-MAX_LINES)].join("\n") : text;
}
