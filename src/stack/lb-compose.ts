import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { paths } from "../util/paths.ts";
import type { StackManifest } from "./stack-manifest.ts";

/** A file firedrill writes beside a stack's own before deploying it. */
export type GeneratedFiles = Record<string, string>;

/** firedrill's HAProxy configuration for an lb variant (assets/lb/), read once. */
function lbConfig(name: "lb-checked" | "lb-unchecked" | "front"): { file: string; content: string; digest: string } {
  const content = readFileSync(path.join(paths.assets, "lb", `${name}.cfg`), "utf8");
  return { file: `firedrill-${name}.cfg`, content, digest: createHash("sha256").update(content).digest("hex").slice(0, 8) };
}

/**
 * Docker's compose loader refuses to merge files of different `version:`s, so firedrill's
 * files say what the stack's first file says (nothing, if it says nothing).
 */
export type ComposeVersion = string | undefined;

function versioned(version: ComposeVersion, body: Record<string, unknown>): Record<string, unknown> {
  return version === undefined ? body : { version, ...body };
}

export interface LbSettings {
  /** The haproxy image as the hosts pull it. */
  image: string;
  /** The port published on every host (host mode). */
  port: number;
  /** false: an lb that sends traffic to every task, answering or not. */
  checked: boolean;
  /** A harness rollout (see StackVariant.quickRollout): 1 s per host instead of Swarm's 5 s monitor. */
  quick?: boolean;
}

/**
 * firedrill's lb, added to the stack as one more compose file: global, on the stack's
 * traffic network, sending to the traffic service's tasks. Configs cannot change in
 * place, so each variant (and each content) has its own name; switching variants is an
 * ordinary rolling update of the lb.
 */
export function lbCompose(manifest: StackManifest, settings: LbSettings, version: ComposeVersion = "3.8"): GeneratedFiles {
  const config = lbConfig(settings.checked ? "lb-checked" : "lb-unchecked");
  const compose = versioned(version, {
    services: {
      lb: {
        image: settings.image,
        environment: {
          FIREDRILL_TARGET: manifest.traffic.service,
          FIREDRILL_TARGET_PORT: String(manifest.traffic.port),
          FIREDRILL_HEALTH_PATH: manifest.traffic.healthPath,
        },
        configs: [{ source: "firedrill_lb", target: "/etc/haproxy/haproxy.cfg" }],
        ports: [{ target: 80, published: settings.port, protocol: "tcp", mode: "host" }],
        networks: [manifest.traffic.network],
        deploy: {
          mode: "global",
          endpoint_mode: "dnsrr",
          restart_policy: { condition: "any", delay: "1s" },
          // Host-mode ports cannot be held by two tasks at once on one host.
          update_config: { order: "stop-first", ...(settings.quick ? { monitor: "1s" } : {}) },
        },
      },
    },
    configs: { firedrill_lb: { name: `firedrill_lb_${config.digest}_${settings.checked ? "checked" : "unchecked"}`, file: `./${config.file}` } },
  });
  return { "firedrill-lb.yml": stringify(compose), [config.file]: config.content };
}

/**
 * The front lb of a blue-green pair (the seed's front stack): global, port 80 on every
 * host, sending traffic to the active colour's traffic service. Switching colours is a
 * deploy of this stack with the other target: a rolling update, one host at a time,
 * while the edge sends traffic to the others.
 */
export function frontCompose(manifest: StackManifest, image: string, colours: { blue: string; green: string }, target: string): GeneratedFiles {
  const config = lbConfig("front");
  const network = manifest.traffic.network;
  const compose = versioned("3.8", {
    services: {
      lb: {
        image,
        environment: { FIREDRILL_TARGET: target, FIREDRILL_TARGET_PORT: String(manifest.traffic.port), FIREDRILL_HEALTH_PATH: manifest.traffic.healthPath },
        configs: [{ source: "front_config", target: "/etc/haproxy/haproxy.cfg" }],
        ports: [{ target: 80, published: 80, protocol: "tcp", mode: "host" }],
        networks: [`${colours.blue}_${network}`, `${colours.green}_${network}`],
        deploy: {
          mode: "global",
          endpoint_mode: "dnsrr",
          restart_policy: { condition: "any", delay: "1s" },
          update_config: { order: "stop-first", parallelism: 1, delay: "3s" },
        },
      },
    },
    networks: { [`${colours.blue}_${network}`]: { external: true }, [`${colours.green}_${network}`]: { external: true } },
    configs: { front_config: { name: `firedrill_front_${config.digest}`, file: `./${config.file}` } },
  });
  return { "firedrill-front.yml": stringify(compose), [config.file]: config.content };
}

/**
 * The service's rolling updates watch each new task for 1 s with no pause between tasks
 * (order and parallelism stay the stack's): only for the harness's own rollouts, whose
 * outcome is checked by waiting for the baseline, never for a scenario's.
 */
export function quickRolloutCompose(service: string, version: ComposeVersion = "3.8"): GeneratedFiles {
  return { "firedrill-quick-rollout.yml": stringify(versioned(version, { services: { [service]: { deploy: { update_config: { monitor: "1s", delay: "0s" } } } } })) };
}

/** Removes the declared service's health check (the no-health-check scenario). */
export function noHealthCheckCompose(service: string, version: ComposeVersion = "3.8"): GeneratedFiles {
  return { "firedrill-no-health-check.yml": stringify(versioned(version, { services: { [service]: { healthcheck: { disable: true } } } })) };
}
