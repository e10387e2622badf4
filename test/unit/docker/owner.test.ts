import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { currentOwner, ownerIsGone, parseOwner } from "../../../src/docker/owner.ts";

describe("the owner of a lab or fault", () => {
  it("names this host, this pid and this process's start in this boot", () => {
    const parts = parseOwner(currentOwner());
    assert.equal(parts?.host, hostname());
    assert.equal(parts?.pid, process.pid);
    assert.match(parts?.stamp ?? "", /^[0-9a-f]{8}:\d+$/);
  });

  it("is alive while the process runs, gone once it exits", async () => {
    const child = spawn("sleep", ["30"]);
    await new Promise((r) => child.once("spawn", r));
    const stamp = parseOwner(currentOwner())?.stamp?.split(":")[0];
    const { readFileSync } = await import("node:fs");
    const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
    const owner = `${hostname()}/${child.pid}@${stamp}:${stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]}`;
    assert.equal(ownerIsGone(owner), false);
    child.kill();
    await new Promise((r) => child.once("exit", r));
    assert.equal(ownerIsGone(owner), true);
  });

  it("is gone when the pid now belongs to another process (a reboot, a new machine from the same disk)", () => {
    assert.equal(ownerIsGone(`${hostname()}/${process.pid}@00000000:12345`), true);
    assert.equal(ownerIsGone(`${hostname()}/1@00000000:1`), true);
  });

  it("is never judged gone on another machine, or from a label it cannot read", () => {
    assert.equal(ownerIsGone("elsewhere/99999999@00000000:1"), false);
    assert.equal(ownerIsGone("not an owner"), false);
    assert.equal(ownerIsGone(undefined), false);
  });

  it("falls back to the pid for labels without a stamp", () => {
    assert.equal(ownerIsGone(`${hostname()}/${process.pid}`), false);
    assert.equal(ownerIsGone(`${hostname()}/4194303`), true);
  });
});
