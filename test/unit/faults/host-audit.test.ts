import assert from "node:assert/strict";
import { diffAudits, type HostAudit } from "../../../src/faults/host-audit.ts";

const audit = (host: string, changes: Partial<HostAudit> = {}): HostAudit => ({
  host,
  container: "running",
  daemons: { dockerd: "running", containerd: "running" },
  rules: ["-P INPUT ACCEPT", "-P OUTPUT ACCEPT"],
  squatters: [],
  login: "0123456789abcdef",
  ...changes,
});

describe("host audit differences (what a revert left behind)", () => {
  it("finds none between equal audits, whatever the order of the hosts", () => {
    assert.deepEqual(diffAudits([audit("host-1"), audit("host-2")], [audit("host-2"), audit("host-1")]), []);
  });

  it("names the host and what changed: the container, a daemon, the registry login", () => {
    const before = [audit("host-1"), audit("host-2")];
    const after = [audit("host-1", { container: "paused", login: "fedcba9876543210" }), audit("host-2", { daemons: { dockerd: "stopped", containerd: "running" } })];
    assert.deepEqual(diffAudits(before, after), ["host-1: container running -> paused", "host-1: registry login changed", "host-2: dockerd running -> stopped"]);
  });

  it("shows the login changed without showing either digest", () => {
    const [line] = diffAudits([audit("host-1")], [audit("host-1", { login: "none" })]);
    assert.equal(line, "host-1: registry login changed");
  });

  it("says absent for a daemon seen on one side only, either way", () => {
    const diff = diffAudits([audit("host-1", { daemons: { dockerd: "running" } })], [audit("host-1", { daemons: { containerd: "running" } })]);
    assert.deepEqual(diff, ["host-1: dockerd running -> absent", "host-1: containerd absent -> running"]);
  });

  it("finds a firewall rule left behind and one taken away, each by its text", () => {
    const left = '-A OUTPUT -d 10.5.0.2/32 -m comment --comment "firedrill:ab12cd34" -j DROP';
    const before = [audit("host-1")];
    const after = [audit("host-1", { rules: ["-P INPUT ACCEPT", left] })];
    assert.deepEqual(diffAudits(before, after), [`host-1: extra firewall rule: ${left}`, "host-1: missing firewall rule: -P OUTPUT ACCEPT"]);
  });

  it("reports a squatter that appeared, not one that was there before and is gone", () => {
    assert.deepEqual(diffAudits([audit("host-1")], [audit("host-1", { squatters: ["container firedrill-squatter-ab12"] })]), [
      "host-1: squatter left: container firedrill-squatter-ab12",
    ]);
    assert.deepEqual(diffAudits([audit("host-1", { squatters: ["process 4242"] })], [audit("host-1")]), []);
  });

  it("says so when a host of the first audit is missing from the second", () => {
    assert.deepEqual(diffAudits([audit("host-1"), audit("host-2")], [audit("host-1")]), ["host-2: missing from the second audit"]);
  });
});
