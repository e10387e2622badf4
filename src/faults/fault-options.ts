import { inputError } from "../errors/firedrill-error.ts";
import type { FaultKind } from "./fault.ts";

export type FaultOptions = Record<string, string | number>;

/**
 * Checks options against the kind's specification: unknown names, values outside their
 * choices or range are refused with the fault, the option and the value named.
 */
export function parseFaultOptions(kind: FaultKind, raw: Record<string, string | number | undefined>): FaultOptions {
  const known = new Set(kind.options.map((o) => o.name));
  for (const name of Object.keys(raw)) {
    if (raw[name] !== undefined && !known.has(name)) {
      throw inputError(
        "FAULT_OPTION_UNKNOWN",
        `${kind.name}: no option "${name}"`,
        kind.options.length > 0
          ? `Its options are: ${kind.options.map((o) => o.name).join(", ")} (see \`firedrill fault --list\`).`
          : `${kind.name} takes no options.`,
      );
    }
  }
  const parsed: FaultOptions = {};
  for (const spec of kind.options) {
    const value = raw[spec.name] ?? spec.default;
    if (spec.choices) {
      if (!spec.choices.includes(String(value))) {
        throw inputError(
          "FAULT_OPTION_INVALID",
          `${kind.name}: ${spec.name} = "${value}" is not one of ${spec.choices.join(", ")}`,
          `Use one of: ${spec.choices.join(", ")}.`,
        );
      }
      parsed[spec.name] = String(value);
    } else if (spec.range) {
      const n = Number(value);
      const [min, max] = spec.range;
      if (String(value).trim() === "" || !Number.isFinite(n) || n < min || n > max) {
        throw inputError("FAULT_OPTION_INVALID", `${kind.name}: ${spec.name} = "${value}" is not a number from ${min} to ${max}`, `Give a number from ${min} to ${max}.`);
      }
      parsed[spec.name] = n;
    } else {
      parsed[spec.name] = value;
    }
  }
  kind.validateOptions?.(parsed);
  return parsed;
}
