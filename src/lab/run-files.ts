/**
 * The files a run writes on its manager, all under /etc/firedrill (where a remote lab's host
 * also keeps its engine's certificates, which are not the run's): removing a run from
 * machines removes exactly these, and the folder only if nothing else is left in it.
 */
export const STACKS_ON_MANAGER = "/etc/firedrill/stacks";
/** What was deployed (secrets, seed), for a later `--run` command. */
export const DEPLOYED_FILE = "/etc/firedrill/deployed-stack.json";

export const RUN_FILES = [STACKS_ON_MANAGER, DEPLOYED_FILE] as const;
