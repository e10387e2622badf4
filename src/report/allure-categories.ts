import { type AllureCategoryName, codesInCategory } from "../errors/error-codes.ts";

export type { AllureCategoryName };

/** Checks whose miss means the platform did something wrong, not just slowly. */
const DEFECT_CHECKS = ["durability", "update outcome", "rollback candidate", "no duplicate", "platform did its job", "observation settled"];

/** "A|B|C" for a regex alternation; the codes are [A-Z0-9_], nothing to escape. */
const codes = (category: AllureCategoryName) => codesInCategory(category).join("|");

/**
 * How Allure sorts what went wrong. Order matters: a result falls in the first category
 * it matches. Broken results carry their error code in brackets at the start of the
 * message; failed ones the names of the checks that missed, and a platform finding's
 * check its code in brackets. Which codes go where is the table's (errors/error-codes.ts):
 * "Harness broken" takes every broken result the first category does not.
 */
export const ALLURE_CATEGORIES = [
  {
    name: "Infrastructure problem",
    description: "The machine or engine could not run the lab: nothing about the platform was judged.",
    matchedStatuses: ["broken"],
    messageRegex: `(?s)\\[(${codes("Infrastructure problem")})\\].*`,
  },
  {
    name: "Harness broken",
    description: "firedrill could not do its part (no steady state, a fault not proven, residue): not the platform's failure.",
    matchedStatuses: ["broken"],
  },
  {
    name: "Platform defect",
    description: "The platform lost data, did not roll back, or left duplicates.",
    matchedStatuses: ["failed"],
    messageRegex: `(?s).*(${[...DEFECT_CHECKS, `\\[(${codes("Platform defect")})\\]`].join("|")}).*`,
  },
  {
    name: "Budget missed",
    description: "The platform recovered, but more slowly (or with more errors) than its budget allows.",
    matchedStatuses: ["failed"],
  },
] satisfies Array<{ name: AllureCategoryName; description: string; matchedStatuses: string[]; messageRegex?: string }>;
