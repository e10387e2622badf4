import { type FiredrillError, platformError } from "../errors/firedrill-error.ts";
import { formatMs, waitFor } from "../util/wait-for.ts";

/**
 * Waits until the manager reports the node `ready` again, and returns how long it took.
 * The harness did its part before this (the host runs, its engine answers): a manager
 * that still reports it otherwise when the budget runs out is the platform not doing
 * its job, NODE_NOT_REJOINED (failed). A manager that could not be asked at the end is
 * no finding about the node: the wait's own timeout (broken) is raised.
 */
export async function waitForRejoin(readState: () => Promise<string>, hostName: string, budgetMs: number, manager = "the manager"): Promise<number> {
  const t0 = Date.now();
  let lastAnswer: string | undefined;
  try {
    await waitFor({ phase: `${manager} sees ${hostName} ready`, budgetMs, intervalMs: 250 }, async () => {
      lastAnswer = undefined;
      lastAnswer = await readState();
      if (lastAnswer !== "ready") throw new Error(`${hostName} is ${lastAnswer}`);
    });
  } catch (error) {
    if (lastAnswer === undefined) throw error;
    throw platformError(
      "NODE_NOT_REJOINED",
      `${hostName} runs again and its engine answers, but ${manager} still sees it ${lastAnswer} ${formatMs(budgetMs)} later: the node did not rejoin the Swarm`,
      `The platform did not take the node back. Read the Swarm agent's lines in ${hostName}'s engine log and \`docker node ls\` on ${manager}. A node usually rejoins within seconds of its engine answering.`,
      { cause: error as FiredrillError },
    );
  }
  return Date.now() - t0;
}
