import type Docker from "dockerode";
import type { LabImages } from "./lab-images.ts";
import { log } from "../util/log.ts";
import type { Edge } from "./start-edge.ts";
import type { SwarmNode } from "./form-swarm.ts";
import type { Host } from "./host.ts";
import type { LabOptions } from "./lab-options.ts";
import type { RegistryCredentials } from "../docker/registry-credentials.ts";
import type { RunAccess } from "../engine/run-access.ts";
import type { LabRegistry } from "./lab-registry.ts";
import { sweep, type SweepResult } from "./sweep.ts";

export interface LabParts {
  runId: string;
  outer: Docker;
  network: string;
  hosts: Host[];
  nodes: SwarmNode[];
  /** The host whose node carries the pin label: the stack's stateful service runs there. */
  pinnedHost: string;
  registry: LabRegistry;
  edge: Edge;
  images: LabImages;
  credentials: RegistryCredentials;
  access: RunAccess;
  options: LabOptions;
  /** How long each phase of start-up took, in ms, in order. */
  timings: Array<[string, number]>;
  /** An inventory's lab: its name and digest (what a certificate is made against). */
  inventory?: { name: string; file: string; digest: string };
  /** What removing the lab does on the hosts before the runner's engine is swept (an inventory's machines stay). */
  teardown?: () => Promise<void>;
}

/**
 * A running lab. Disposing it removes everything labelled with its run; `await using`
 * guarantees that on every exit path.
 */
export class StartedLab implements AsyncDisposable {
  readonly runId: string;
  readonly outer: Docker;
  readonly network: string;
  readonly hosts: Host[];
  readonly nodes: SwarmNode[];
  readonly pinnedHost: string;
  readonly registry: LabRegistry;
  readonly edge: Edge;
  readonly images: LabImages;
  readonly credentials: RegistryCredentials;
  readonly access: RunAccess;
  readonly options: LabOptions;
  readonly timings: Array<[string, number]>;
  readonly inventory: LabParts["inventory"];
  readonly #teardown: LabParts["teardown"];
  /** Stack namespaces deployed on this lab: an inventory's Swarm may hold a team's own stacks, which are never touched. */
  readonly deployedStacks = new Set<string>();
  #stopped?: Promise<SweepResult>;

  constructor(parts: LabParts) {
    this.runId = parts.runId;
    this.outer = parts.outer;
    this.network = parts.network;
    this.hosts = parts.hosts;
    this.nodes = parts.nodes;
    this.pinnedHost = parts.pinnedHost;
    this.registry = parts.registry;
    this.edge = parts.edge;
    this.images = parts.images;
    this.credentials = parts.credentials;
    this.access = parts.access;
    this.options = parts.options;
    this.timings = parts.timings;
    this.inventory = parts.inventory;
    this.#teardown = parts.teardown;
  }

  host(name: string): Host {
    const host = this.hosts.find((h) => h.name === name);
    if (!host) throw new Error(`no host ${name} in run ${this.runId} (hosts: ${this.hosts.map((h) => h.name).join(", ")})`);
    return host;
  }

  /** The first manager: where Swarm is asked about the cluster and stacks are deployed. */
  get manager(): Host {
    const first = this.nodes.find((n) => n.manager);
    return this.host(first?.host ?? "host-1");
  }

  nodeOf(hostName: string): SwarmNode {
    const node = this.nodes.find((n) => n.host === hostName);
    if (!node) throw new Error(`${hostName} is not a Swarm node of run ${this.runId}`);
    return node;
  }

  /** Removes everything of this run. Safe to call more than once. */
  stop(): Promise<SweepResult> {
    this.#stopped ??= (async () => {
      log("lab", `removing run ${this.runId}`);
      await this.#teardown?.();
      return sweep(this.outer, this.runId);
    })();
    return this.#stopped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /** What a user or script needs to reach the lab (no secret in it). */
  describe() {
    return {
      runId: this.runId,
      edge: this.edge.url,
      edgeStats: this.edge.statsUrl,
      registry: this.registry.url,
      hosts: this.hosts.map((h) => ({
        name: h.name,
        engine: h.engineUrl,
        http: h.httpUrl,
        manager: this.nodeOf(h.name).manager,
      })),
    };
  }
}
