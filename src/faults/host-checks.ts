import { FiredrillError } from "../errors/firedrill-error.ts";
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

/** The node state the manager reports for a host (ready, down, unknown). */
export async function nodeState(lab: StartedLab, hostName: string): Promise<string> {
  const nodes = (await lab.manager.engine(5000).listNodes()) as Array<{ Description: { Hostname: string }; Status: { State: string } }>;
  return nodes.find((n) => n.Description.Hostname === hostName)?.Status.State ?? "absent";
}

export async function waitForNodeState(lab: StartedLab, hostName: string, state: string, budgetMs: number): Promise<number> {
  const t0 = Date.now();
  await waitFor({ phase: `manager sees ${hostName} ${state}`, budgetMs, intervalMs: 250 }, async () => {
    const seen = await nodeState(lab, hostName);
    if (seen !== state) throw new Error(`${hostName} is ${seen}`);
  });
  return Date.now() - t0;
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

/** Whether another manager can watch this host leave (a lone manager cannot watch itself). */
export function hasOtherManager(lab: StartedLab, hostName: string): boolean {
  return lab.nodes.some((n) => n.manager && n.host !== hostName);
}
