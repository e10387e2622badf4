import type Docker from "dockerode";
import type { ExecResult } from "../docker/exec.ts";

/** What a certificate records about one host, read from the host itself. */
export interface HostFactsOfOne {
  host: string;
  engineVersion: string;
  apiVersion: string;
  kernel: string;
  operatingSystem: string;
  storageDriver: string;
  cgroupDriver: string;
  cgroupVersion: string;
  loggingDriver: string;
  liveRestore: boolean;
  securityOptions: string[];
  /** /etc/docker/daemon.json as the host has it (null: none). */
  daemonJson: unknown;
  /** `iptables -V` on the host: the version and its backend (nf_tables or legacy). */
  iptables: string;
}

/** Asked of the host's engine and, through its agent, of the host (daemon.json, iptables). */
export async function readHostFacts(host: string, engine: Docker, run: (argv: string[]) => Promise<ExecResult>): Promise<HostFactsOfOne> {
  const [version, info, daemonJson, iptables] = await Promise.all([
    engine.version(),
    engine.info() as Promise<Record<string, unknown>>,
    run(["cat", "/etc/docker/daemon.json"]),
    run(["iptables", "-V"]),
  ]);
  let parsed: unknown = null;
  if (daemonJson.exitCode === 0 && daemonJson.stdout.trim()) {
    try {
      parsed = JSON.parse(daemonJson.stdout);
    } catch {
      parsed = { unparsed: daemonJson.stdout.slice(0, 2000) };
    }
  }
  return {
    host,
    engineVersion: version.Version,
    apiVersion: version.ApiVersion,
    kernel: String(info.KernelVersion ?? ""),
    operatingSystem: String(info.OperatingSystem ?? ""),
    storageDriver: String(info.Driver ?? ""),
    cgroupDriver: String(info.CgroupDriver ?? ""),
    cgroupVersion: String(info.CgroupVersion ?? ""),
    loggingDriver: String(info.LoggingDriver ?? ""),
    liveRestore: Boolean(info.LiveRestoreEnabled),
    securityOptions: (info.SecurityOptions as string[] | undefined) ?? [],
    daemonJson: parsed,
    iptables: (iptables.stdout || iptables.stderr).trim() || `exit ${iptables.exitCode}`,
  };
}
