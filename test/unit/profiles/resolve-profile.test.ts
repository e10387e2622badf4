import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import { loadNamedProfile } from "../../../src/profiles/resolve-profile.ts";

describe("a profile named on the command line", () => {
  it("by bare name: the current directory's own first, then firedrill's; never firedrill's folder for a path", async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), "fd-cwd-"));
    await mkdir(path.join(cwd, "profiles"));
    await writeFile(path.join(cwd, "profiles", "mine.yaml"), 'name: mine\ndescription: "a team\'s own"\n');
    assert.equal((await loadNamedProfile("mine", cwd)).description, "a team's own");
    assert.equal((await loadNamedProfile("hardened", cwd)).name, "hardened");
    // Shadowing firedrill's own name: the team's file wins.
    await writeFile(path.join(cwd, "default.yaml"), 'name: default\ndescription: "the team\'s default"\n');
    assert.equal((await loadNamedProfile("default", cwd)).description, "the team's default");
  });

  it("says every place it looked when none has it", async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), "fd-cwd-"));
    await assert.rejects(loadNamedProfile("nosuch", cwd), (error: FiredrillError) => {
      assert.equal(error.code, "PROFILE_NOT_FOUND");
      assert.match(error.message, /^--profile nosuch: no profile of that name \(looked for nosuch\.yaml, profiles\/nosuch\.yaml, .*profiles\/nosuch\.yaml\)$/);
      return true;
    });
  });
});
