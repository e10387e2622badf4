import type Docker from "dockerode";
import type { SecurityMode } from "../engine/security-mode.ts";
import type { LabImages } from "./lab-images.ts";
import type { LabOptions } from "./lab-options.ts";
import type { RegistryCredentials } from "../docker/registry-credentials.ts";
import type { RunAccess } from "../engine/run-access.ts";
import type { TlsAuthority } from "../engine/tls-authority.ts";

/** What every step of bringing a lab up needs to know. */
export interface LabContext {
  runId: string;
  outer: Docker;
  network: string;
  images: LabImages;
  options: LabOptions;
  securityMode: SecurityMode;
  credentials: RegistryCredentials;
  /** Issues each host's server certificate; exists only while the lab starts. */
  authority: TlsAuthority;
  /** The runner's client certificate and the agents' token. */
  access: RunAccess;
  /** Labels every object of this run carries (run, owner, detached). */
  labels: Record<string, string>;
}

/** The registry's name and port as every host sees it on the lab network. */
export const REGISTRY_ADDRESS = "registry:5000";

export function containerName(runId: string, role: string): string {
  return `fd-${runId}-${role}`;
}
