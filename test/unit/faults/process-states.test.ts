import assert from "node:assert/strict";
import { processStates } from "../../../src/faults/process-states.ts";

/** `ps -eo stat=,comm=` on a host with dockerd frozen (SIGSTOP) and containerd running. */
const PS = ["Ss   tini", "Tl   dockerd", "Ssl  containerd", "Sl   containerd-shim", "S    sleep", "R+   ps", ""].join("\n");

describe("process states from ps", () => {
  it("gives each named process the first letter of its stat: T for one that is stopped", () => {
    assert.deepEqual(processStates(PS, ["dockerd", "containerd"]), { dockerd: "T", containerd: "S" });
  });

  it("matches the command name exactly: containerd-shim is not containerd", () => {
    assert.deepEqual(processStates("Sl   containerd-shim\nTl   containerd-shim-runc-v2", ["containerd"]), {});
  });

  it("leaves out a name that is not running, and reads lines whatever their indentation", () => {
    assert.deepEqual(processStates("   Tl  dockerd\n", ["dockerd", "containerd"]), { dockerd: "T" });
  });
});
