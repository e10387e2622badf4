import { inputError } from "../errors/firedrill-error.ts";
import { daemonFreeze } from "./daemon-freeze.ts";
import type { FaultKind } from "./fault.ts";
import { hostHalt } from "./host-halt.ts";
import { hostPause } from "./host-pause.ts";
import { latency } from "./latency.ts";
import { packetLoss } from "./packet-loss.ts";
import { partition } from "./partition.ts";
import { portCollision } from "./port-collision.ts";
import { registryBlock } from "./registry-block.ts";
import { registryLogin } from "./registry-login.ts";

export const FAULT_KINDS: readonly FaultKind[] = [
  hostHalt,
  hostPause,
  daemonFreeze,
  registryBlock,
  registryLogin,
  portCollision,
  partition,
  packetLoss,
  latency,
];

export function faultKind(name: string): FaultKind {
  const kind = FAULT_KINDS.find((k) => k.name === name);
  if (!kind) {
    throw inputError("FAULT_UNKNOWN", `No fault named "${name}"`, `Known faults: ${FAULT_KINDS.map((k) => k.name).join(", ")} (\`firedrill fault --list\`).`);
  }
  return kind;
}

/** The catalogue as a person reads it: each fault, what it does, and its options. */
export function describeFaults(): string {
  return FAULT_KINDS.map((k) => {
    const options = k.options.map(
      (o) => `    --${o.name} <${o.choices ? o.choices.join("|") : o.range ? `${o.range[0]}..${o.range[1]}` : "value"}>  ${o.description} (default ${o.default === "" ? "none" : o.default})`,
    );
    return [`  ${k.name.padEnd(21)} ${k.summary}`, ...options].join("\n");
  }).join("\n");
}
