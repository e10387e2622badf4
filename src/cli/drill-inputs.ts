import { type Inventory, loadInventory } from "../inventory/load-inventory.ts";
import { inputError } from "../errors/firedrill-error.ts";
import { validateBudget } from "../checks/validate-budget.ts";
import type { Budget } from "../checks/budget.ts";
import { RECORDER_DEFAULTS } from "../history/recorder.ts";

/** "errorRatio=0.05" -> { errorRatio: 0.05 }, validated (names, ranges): --budget on drill and certify. */
export function budgetFlags(pairs: readonly string[]): Budget {
  const budget: Record<string, unknown> = {};
  for (const pair of pairs) {
    const [field, value, ...rest] = pair.split("=");
    if (!field || value === undefined || rest.length > 0 || value.trim() === "" || !Number.isFinite(Number(value))) {
      throw inputError("BUDGET_INVALID", `--budget: "${pair}" is not field=number`, "Write it as field=number, for example --budget errorRatio=0.05.");
    }
    budget[field] = Number(value);
  }
  return validateBudget(budget, "--budget", RECORDER_DEFAULTS.probePeriodMs);
}

/**
 * An inventory a drill or a fault may change: loaded and validated (65/66), and refused
 * unless it says `allowFaults: true`, since a drill halts and freezes real machines.
 */
export async function inventoryToBreak(file: string): Promise<Inventory> {
  const inventory = await loadInventory(file);
  if (!inventory.allowFaults) {
    throw inputError(
      "INVENTORY_FAULTS_NOT_ALLOWED",
      `${inventory.file} does not allow faults (allowFaults: ${inventory.allowFaults}): a drill halts, freezes and firewalls its machines`,
      "Add `allowFaults: true` to the inventory once its owners agree that firedrill may break these hosts; `firedrill doctor --inventory` changes nothing and needs no consent.",
    );
  }
  return inventory;
}
