import "../lab/testcontainers-env.ts";
import { GenericContainer } from "testcontainers";
import { labAddress } from "./lab-address.ts";
import { LogTail } from "./log-tail.ts";

/**
 * A testcontainers GenericContainer with the few settings a lab needs that the
 * builder has no method for: security options, ports published on loopback only when
 * the engine is on this machine (see lab-address.ts), and network aliases
 * given at creation, so the container is on the lab network alone (testcontainers'
 * own alias path starts it on the default bridge first).
 */
export class LabContainer extends GenericContainer {
  readonly logTail = new LogTail();

  constructor(image: string) {
    super(image);
    this.withLogConsumer((stream) => this.logTail.follow(stream));
  }

  withSecurityOpts(...options: string[]): this {
    this.hostConfig.SecurityOpt = [...(this.hostConfig.SecurityOpt ?? []), ...options];
    return this;
  }

  withLabPorts(...ports: number[]): this {
    for (const port of ports) {
      this.createOpts.ExposedPorts = { ...this.createOpts.ExposedPorts, [`${port}/tcp`]: {} };
      this.hostConfig.PortBindings = {
        ...this.hostConfig.PortBindings,
        [`${port}/tcp`]: [{ HostIp: labAddress().bind, HostPort: "" }],
      };
    }
    return this;
  }

  withFixedLabPort(container: number, host: number): this {
    this.createOpts.ExposedPorts = { ...this.createOpts.ExposedPorts, [`${container}/tcp`]: {} };
    this.hostConfig.PortBindings = {
      ...this.hostConfig.PortBindings,
      [`${container}/tcp`]: [{ HostIp: labAddress().bind, HostPort: String(host) }],
    };
    return this;
  }

  /** On `network` alone, with `aliases`; at a fixed `ip` if given (the network must have its own subnet). */
  onLabNetwork(network: string, aliases: string[], ip?: string): this {
    this.withNetworkMode(network);
    this.createOpts.NetworkingConfig = { EndpointsConfig: { [network]: { Aliases: aliases, ...(ip ? { IPAMConfig: { IPv4Address: ip } } : {}) } } };
    return this;
  }

  /** A read-write mount; `source` is a host path or the name of a volume. */
  withBind(source: string, target: string): this {
    this.hostConfig.Binds = [...(this.hostConfig.Binds ?? []), `${source}:${target}:rw`];
    return this;
  }

  withHostConfig(extra: Record<string, unknown>): this {
    Object.assign(this.hostConfig, extra);
    return this;
  }
}
