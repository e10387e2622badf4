import type { StackManifest } from "./stack-manifest.ts";

/** A loaded stack: its folder and its validated manifest. */
export interface Stack {
  /** Absolute path of the stack's folder. */
  dir: string;
  /** The folder's name: how reports and image names call the stack. */
  name: string;
  manifest: StackManifest;
}

/** "app" -> "notes_app": the Swarm name of a service of the stack (firedrill's lb included). */
export function serviceOf(stack: Stack, service: string, namespace = stack.manifest.namespace): string {
  return `${namespace}_${service}`;
}

/** The stack's own services plus firedrill's lb, by their Swarm names: what every scenario judges. */
export function judgedServices(stack: Stack): string[] {
  return [...stack.manifest.services, "lb"].map((s) => serviceOf(stack, s));
}

/** The service users' traffic reaches (through the lbs). */
export function trafficService(stack: Stack): string {
  return serviceOf(stack, stack.manifest.traffic.service);
}

/** What a scenario may need that a stack need not declare. */
export type StackFeature = "next version" | "broken version" | "health check" | "blue-green" | "spread rule";

/** Why a stack cannot run a scenario that needs `features`, or undefined when it can. */
export function missingFeatures(stack: Stack, features: readonly StackFeature[]): string | undefined {
  const m = stack.manifest;
  const has: Record<StackFeature, boolean> = {
    "next version": m.versions.next !== undefined,
    "broken version": m.versions.broken !== undefined,
    "health check": m.healthCheck !== undefined,
    "blue-green": m.blueGreen !== undefined && m.versions.next !== undefined,
    "spread rule": m.spread !== undefined,
  };
  const missing = features.filter((f) => !has[f]);
  return missing.length === 0 ? undefined : `stack ${stack.name} declares no ${missing.join(", no ")} (stack.yaml)`;
}
