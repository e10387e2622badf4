import type { StartedLab } from "../../lab/started-lab.ts";

/**
 * The docker CLI on the manager, unrecorded: a sabotage must not appear in the
 * scenario's history (ScenarioContext.docker records every call as an action).
 */
export function quietDocker(lab: StartedLab, ...args: string[]): Promise<string> {
  return lab.manager.execOrThrow(["docker", ...args]);
}

/** The parts of a service's spec the sabotages change. */
export interface ServiceSpec {
  Mode?: { Replicated?: { Replicas?: number } };
  TaskTemplate?: { ContainerSpec?: { Image?: string }; Placement?: { Constraints?: string[] } };
  UpdateConfig?: { FailureAction?: string };
}

export async function serviceSpec(lab: StartedLab, service: string): Promise<ServiceSpec> {
  return JSON.parse(await quietDocker(lab, "service", "inspect", "--format", "{{json .Spec}}", service)) as ServiceSpec;
}
