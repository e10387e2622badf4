// testcontainers' reaper (Ryuk) is pulled from Docker Hub, which a lab machine may not
// reach. firedrill labels everything with its run and sweeps by label instead.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
export {};
