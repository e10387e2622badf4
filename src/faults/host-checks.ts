import { FiredrillError } from "../errors/firedrill-error.ts";
import { hostOfNode } from "../lab/form-swarm.ts";
import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { waitFor } from "../util/wait-for.ts";

/** Asks the host's engine for /_ping with a short deadline: "answers", or why not. */
export async function engineAnswers(host: Host, timeoutMs = 1500): Promise<{ ok: boolean; detail: string }> {
  const t0 = Date.now();
  try {
    await host.engine(timeoutMs).ping();
    return { ok: true, detail: `answered in ${Date.now() - t0}ms` };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    const why = e.code ?? (/timeout/i.test(e.message ?? "") ? "timeout" : (e.message ?? "error"));
    return { ok: false, detail: `no answer (${why}) after ${Date.now() - t0}ms` };
  }
}

/** The node state `manager` reports for a host (ready, down, unknown); throws if the manager cannot be asked. */
export async function nodeState(manager: Host, hostName: string): Promise<string> {
  const nodes = (await manager.engine(5000).listNodes()) as Array<{ Description: { Hostname: string }; Spec: { Labels?: Record<string, string> }; Status: { State: string } }>;
  return nodes.find((n) => hostOfNode(n) === hostName)?.Status.State ?? "absent";
}

export async function waitForEngine(host: Host, budgetMs: number): Promise<void> {
  try {
    await waitFor({ phase: `${host.name}: engine answering`, budgetMs, intervalMs: 250 }, async () => {
      const answer = await engineAnswers(host);
      if (!answer.ok) throw new Error(answer.detail);
    });
  } catch (error) {
    if (error instanceof FiredrillError) {
      throw new FiredrillError(error.message, {
        kind: error.kind,
        code: error.code,
        hint: `Read ${host.name}'s last log lines below.`,
        evidence: await host.logTail().catch(() => "(no log)"),
        cause: error,
      });
    }
    throw error;
  }
}

/** A manager other than this host, to watch it leave and come back (a lone manager cannot watch itself). */
export function otherManager(lab: StartedLab, hostName: string): Host | undefined {
  const node = lab.nodes.find((n) => n.manager && n.host !== hostName);
  return node && lab.host(node.host);
}
