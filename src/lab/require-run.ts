import type Docker from "dockerode";
import { FiredrillError, inputError } from "../errors/firedrill-error.ts";
import { runFilter } from "../docker/labels.ts";

/** The hint attachLab gives for the same refusal (src/lab/attach-lab.ts): one wording for both. */
export const RUN_NOT_FOUND_HINT = "`firedrill runs` lists the runs there are; `firedrill up --detach` starts one.";

/** RUN_NOT_FOUND (an input error, exit 66), worded as attachLab words it. */
export function runNotFound(runId: string): FiredrillError {
  return inputError("RUN_NOT_FOUND", `No lab of run "${runId}" on this engine`, RUN_NOT_FOUND_HINT);
}

/**
 * Refuses a run id that nothing on the engine carries (no container, running or not,
 * labelled with it), before any work on it starts: `drill --run` and `certify --run`
 * ask this first, so a mistyped id is one clear refusal (66), not every scenario broken.
 * Whether the lab is complete and running is attachLab's to say.
 */
export async function requireRun(engine: Docker, runId: string): Promise<void> {
  const containers = await engine.listContainers({ all: true, filters: runFilter(runId) });
  if (containers.length === 0) throw runNotFound(runId);
}
