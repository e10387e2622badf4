import assert from "node:assert/strict";
import { swarmPullError } from "../../../src/faults/swarm-pull-error.ts";

const TASK = "k3v0q9x1b2c3d4e5f6g7h8i9j";

/** dockerd's log around a probe task: another task's failure, our task's other lines, our task's pull failure. */
const LOG = [
  'time="2024-05-01T10:00:00Z" level=info msg="pulling image" module=node/agent/taskmanager task.id=other0000000000000000000',
  'time="2024-05-01T10:00:01Z" level=error msg="pulling image failed" error="other task\'s error" module=node/agent/taskmanager task.id=other0000000000000000000',
  `time="2024-05-01T10:00:02Z" level=info msg="pulling image" module=node/agent/taskmanager task.id=${TASK}`,
  `time="2024-05-01T10:00:03Z" level=error msg="pulling image failed" error="Head \\"http://registry:5000/v2/firedrill/haproxy/manifests/firedrill-probe-ab12\\": no basic auth credentials" module=node/agent/taskmanager task.id=${TASK}`,
  `time="2024-05-01T10:00:04Z" level=error msg="fatal task error" error="No such image" module=node/agent/taskmanager task.id=${TASK}`,
].join("\n");

describe("the pull error Swarm logged for a task", () => {
  it("is the error of that task's failed-pull line, its quotes unescaped", () => {
    assert.equal(swarmPullError(LOG, TASK), 'Head "http://registry:5000/v2/firedrill/haproxy/manifests/firedrill-probe-ab12": no basic auth credentials');
  });

  it("is never another task's, nor another line of this task's", () => {
    assert.equal(swarmPullError(LOG.split("\n").slice(0, 3).join("\n"), TASK), undefined);
    assert.equal(swarmPullError(LOG.split("\n").filter((l) => !l.includes("pulling image failed")).join("\n"), TASK), undefined);
  });

  it("is the whole line when the line has no error field", () => {
    const line = `level=error msg="pulling image failed" task.id=${TASK}`;
    assert.equal(swarmPullError(line, TASK), line);
  });
});
