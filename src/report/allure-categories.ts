/**
 * How Allure sorts what went wrong. Order matters: a result falls in the first category
 * it matches. Broken results carry their error code in brackets at the start of the
 * message, failed ones the names of the checks that missed.
 */
const INFRASTRUCTURE_CODES = [
  "ENGINE_UNREACHABLE",
  "DISK_FULL",
  "CAPABILITIES_REFUSED",
  "ROOTFS_UNAVAILABLE",
  "ROOTFS_FAILED",
  "IMAGE_BUILD_FAILED",
  "HOST_START_FAILED",
  "REGISTRY_START_FAILED",
  "EDGE_START_FAILED",
  "LAB_START_FAILED",
];

/** Checks whose miss means the platform did something wrong, not just slowly. */
const DEFECT_CHECKS = ["durability", "update outcome", "rollback candidate", "no duplicate", "platform did its job", "observation settled"];

export const ALLURE_CATEGORIES = [
  {
    name: "Infrastructure problem",
    description: "The machine or engine could not run the lab: nothing about the platform was judged.",
    matchedStatuses: ["broken"],
    messageRegex: `(?s)\\[(${INFRASTRUCTURE_CODES.join("|")})\\].*`,
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
    messageRegex: `(?s).*(${DEFECT_CHECKS.join("|")}).*`,
  },
  {
    name: "Budget missed",
    description: "The platform recovered, but more slowly (or with more errors) than its budget allows.",
    matchedStatuses: ["failed"],
  },
];
