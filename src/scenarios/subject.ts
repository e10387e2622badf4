import type { Subject } from "../history/history.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import type { DeployedStack } from "../stack/deployed-stack.ts";
import { serviceOf, trafficService } from "../stack/stack.ts";

/** The deployed stack as a history names it. */
export function subjectOf(deployed: DeployedStack, lab: StartedLab): Subject {
  const { stack } = deployed;
  const m = stack.manifest;
  return {
    stack: stack.name,
    namespace: m.namespace,
    traffic: trafficService(stack),
    replicas: m.traffic.replicas,
    stateful: serviceOf(stack, m.stateful.service),
    pinnedHost: lab.pinnedHost,
    ...(m.spread ? { spread: { service: serviceOf(stack, m.spread.service), maxPerNode: m.spread.maxPerNode } } : {}),
    versions: { baseline: m.versions.baseline, ...(m.versions.next ? { next: m.versions.next.name } : {}), ...(m.versions.broken ? { broken: m.versions.broken.name } : {}) },
  };
}
