import type Docker from "dockerode";

/** Where a host is reached now; a field is missing while the host is down (no port published). */
export interface HostEndpoints {
  /** The address the other hosts reach it at (Swarm's advertise address, peers' firewall rules). */
  address?: string;
  /** How the runner reaches its engine (without a timeout: each call sets its own). */
  engine?: Docker.DockerOptions;
  /** The engine's URL, for people (no secret in it). */
  engineUrl?: string;
  /** Where the runner reaches the stack's published port 80 on this host. */
  httpUrl?: string;
  /** Where the runner reaches the run's agent on this host. */
  agent?: { host: string; port: number };
}

/** The power state as the host's switch sees it. */
export interface PowerState {
  running: boolean;
  paused: boolean;
  /** For people: "running", "exited (137)", "engine not answering"... */
  status: string;
}

/**
 * How one host is reached and powered: a lab container on the runner's engine (its
 * power switch is the container's), or a machine of an inventory (its power switch is the
 * commands the inventory gives). Everything else about a host (its engine, its agent)
 * is the same for both, in Host.
 */
export interface HostBinding {
  /** For messages: "lab container fd-...-host-2", "inventory host db-1". */
  readonly describe: string;
  endpoints(): Promise<HostEndpoints>;
  powerState(): Promise<PowerState>;
  /** A graceful halt; cut after `timeoutSec`. */
  stop(timeoutSec: number): Promise<void>;
  kill(): Promise<void>;
  start(): Promise<void>;
  pause(): Promise<void>;
  unpause(): Promise<void>;
  /** The host engine's last log lines (since `sinceSec`, a Unix time, when given). */
  engineLog(options: { tail?: number; sinceSec?: number }): Promise<string>;
}
