import type { StartedLab } from "../lab/started-lab.ts";

/** What a certificate records about the hosts a configuration was certified on. */
export interface HostFacts {
  engineVersion: string;
  apiVersion: string;
  kernel: string;
  operatingSystem: string;
  cgroupVersion: string;
  storageDriver: string;
  loggingDriver: string;
  liveRestore: boolean;
  securityOptions: string[];
  hosts: number;
  managers: number;
}

/** Asked of the first host's own engine (every host runs the same configuration). */
export async function collectHostFacts(lab: StartedLab): Promise<HostFacts> {
  const docker = lab.hosts[0]!.engine(10_000);
  const [version, info] = await Promise.all([docker.version(), docker.info() as Promise<Record<string, unknown>>]);
  return {
    engineVersion: version.Version,
    apiVersion: version.ApiVersion,
    kernel: String(info.KernelVersion ?? ""),
    operatingSystem: String(info.OperatingSystem ?? ""),
    cgroupVersion: String(info.CgroupVersion ?? ""),
    storageDriver: String(info.Driver ?? ""),
    loggingDriver: String(info.LoggingDriver ?? ""),
    liveRestore: Boolean(info.LiveRestoreEnabled),
    securityOptions: (info.SecurityOptions as string[] | undefined) ?? [],
    hosts: lab.hosts.length,
    managers: lab.nodes.filter((n) => n.manager).length,
  };
}
