import { type HostFactsOfOne, readHostFacts } from "../agent/read-host-facts.ts";
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
  /** Each host's own facts, read from that host (its engine, and through its agent its daemon.json and iptables). */
  perHost: HostFactsOfOne[];
}

/** Asked of every host; the summary is the first host's (every host of a lab runs the same configuration). */
export async function collectHostFacts(lab: StartedLab): Promise<HostFacts> {
  const perHost = await Promise.all(lab.hosts.map((h) => readHostFacts(h.name, h.engine(10_000), (argv) => h.exec(argv))));
  const first = perHost[0]!;
  return {
    engineVersion: first.engineVersion,
    apiVersion: first.apiVersion,
    kernel: first.kernel,
    operatingSystem: first.operatingSystem,
    cgroupVersion: first.cgroupVersion,
    storageDriver: first.storageDriver,
    loggingDriver: first.loggingDriver,
    liveRestore: first.liveRestore,
    securityOptions: first.securityOptions,
    hosts: lab.hosts.length,
    managers: lab.nodes.filter((n) => n.manager).length,
    perHost,
  };
}
