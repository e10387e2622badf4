import assert from "node:assert/strict";
import { certificateFor } from "../../../src/certify/certificate.ts";
import { exitCodeFor } from "../../../src/errors/exit-codes.ts";
import { FiredrillError } from "../../../src/errors/firedrill-error.ts";
import type { InventoryHost } from "../../../src/inventory/load-inventory.ts";
import { formSwarm } from "../../../src/lab/form-swarm.ts";
import type { Host } from "../../../src/lab/host.ts";
import { hostStartFailure } from "../../../src/lab/host-start-failure.ts";
import { unreachableHost } from "../../../src/lab/start-inventory-lab.ts";
import type { Profile } from "../../../src/profiles/load-profile.ts";

const profile = { file: "profiles/x.yaml", name: "x", description: "x", digest: "0", budgets: {}, scenarioBudgets: {} } as unknown as Profile;

/** What `certify` concludes of a lab that did not come up with this error, and the exit `drill` gives for it. */
function judged(error: FiredrillError): { code: string; certificate: string; exit: number } {
  const certificate = certificateFor({ profile, runId: "rabc1234", startedAt: 0, endedAt: 1, results: [], labError: error }, { catalog: [] });
  return { code: error.code, certificate: certificate.status, exit: exitCodeFor(error) };
}

const broken = (code: string) => ({ code, certificate: "broken", exit: 2 });
const refused = (code: string) => ({ code, certificate: "not certified", exit: 2 });

const errno = (message: string, code: string) => Object.assign(new Error(message), { code });
/** An error as dockerode gives it when the engine answered with an HTTP error. */
const engineSaid = (statusCode: number, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: { message } });

describe("a lab that did not come up: broken, unless the configuration itself was refused", () => {
  describe("a local host", () => {
    it("is broken when the runner's own engine could not start its container", () => {
      const error = engineSaid(500, "failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process");
      assert.deepEqual(judged(hostStartFailure("host-2", error, "")), broken("HOST_START_FAILED"));
    });

    it("is broken when a host port could not be bound on the runner", () => {
      const error = engineSaid(500, "driver failed programming external connectivity on endpoint fd-rabc-host-2: Bind for 127.0.0.1:40123 failed: port is already allocated");
      assert.deepEqual(judged(hostStartFailure("host-2", error, "")), broken("HOST_START_FAILED"));
    });

    it("is broken when its engine exited for a reason that is not its configuration", () => {
      const log = 'time="2024-05-01T10:00:00Z" level=info msg="Starting up"\nfailed to start daemon: Error initializing network controller: error obtaining controller instance: failed to register "bridge" driver: iptables failed: Permission denied (you must be root)';
      assert.deepEqual(judged(hostStartFailure("host-2", new Error("its engine exited: exited"), log)), broken("HOST_START_FAILED"));
    });

    it("is not certified when dockerd rejected the profile's daemon.json", () => {
      const log =
        'time="2024-05-01T10:00:00Z" level=info msg="Starting up"\nunable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives don\'t match any configuration option: no-such-key';
      const error = hostStartFailure("host-2", new Error("its engine exited: exited"), log);
      assert.deepEqual(judged(error), refused("CONFIG_REFUSED"));
      assert.match(error.message, /host-2: dockerd refused its configuration: unable to configure the Docker daemon with file \/etc\/docker\/daemon\.json: the following directives don't match any configuration option: no-such-key/);
      assert.equal(error.evidence, log);
    });

    it("is not certified when dockerd rejected a flag of the profile", () => {
      const log = 'unknown flag: --no-such-dockerd-flag\nSee \'dockerd --help\'.';
      assert.deepEqual(judged(hostStartFailure("host-1", new Error("Port 2376 not bound after 60000ms"), log)), refused("CONFIG_REFUSED"));
    });
  });

  describe("an inventory host", () => {
    const machine = { name: "db-3", engine: "tcp://db-3.example.internal:2376", role: "worker", tlsDir: "certs/db-3" } as unknown as InventoryHost;

    it("is broken when its name does not resolve", () => {
      const error = unreachableHost(machine, "inventory.yaml", errno("getaddrinfo ENOTFOUND db-3.example.internal", "ENOTFOUND"));
      assert.deepEqual(judged(error), broken("HOST_UNREACHABLE"));
      assert.equal(error.message, "db-3: db-3.example.internal does not resolve");
    });

    it("is broken when the TLS handshake is refused", () => {
      const error = unreachableHost(machine, "inventory.yaml", errno("write EPROTO C0B7:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate", "EPROTO"));
      assert.deepEqual(judged(error), broken("HOST_UNREACHABLE"));
      assert.match(error.message, /^db-3: the TLS handshake failed/);
    });

    it("is broken when nothing listens at its engine's address", () => {
      assert.deepEqual(judged(unreachableHost(machine, "inventory.yaml", errno("connect ECONNREFUSED 10.0.0.7:2376", "ECONNREFUSED"))), broken("HOST_UNREACHABLE"));
    });
  });

  describe("forming the Swarm", () => {
    /** Hosts whose engines answer swarmInit with `init`, and join with nothing. */
    const hostsWhoseInit = (init: () => Promise<unknown>) =>
      ["host-1", "host-2"].map((name) => ({ name, address: `10.0.0.${name.slice(-1)}`, docker: { swarmInit: init, swarmJoin: async () => undefined } })) as unknown as Host[];
    const options = { managers: 1, pinnedHost: "host-2", pinLabel: "firedrill.pinned", budgetMs: 1000 };
    const formed = (init: () => Promise<unknown>) =>
      formSwarm(hostsWhoseInit(init), options).then(
        () => assert.fail("formed"),
        (error: unknown) => {
          assert.ok(error instanceof FiredrillError, String(error));
          return judged(error);
        },
      );

    it("is not certified when the engine refuses Swarm mode for its configuration", async () => {
      assert.deepEqual(await formed(() => Promise.reject(engineSaid(500, "--live-restore daemon configuration is incompatible with swarm mode"))), refused("SWARM_REFUSED"));
    });

    it("is broken when the manager's engine could not be reached to form it", async () => {
      assert.deepEqual(await formed(() => Promise.reject(errno("connect ECONNREFUSED 127.0.0.1:40111", "ECONNREFUSED"))), broken("SWARM_FORM_FAILED"));
      assert.deepEqual(await formed(() => Promise.reject(errno("socket hang up", "ECONNRESET"))), broken("SWARM_FORM_FAILED"));
    });

    it("is broken when the engine answers that it is busy or already in a Swarm (a state of the machine, not the configuration)", async () => {
      assert.deepEqual(await formed(() => Promise.reject(engineSaid(503, "This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one."))), broken("SWARM_FORM_FAILED"));
      assert.deepEqual(await formed(() => Promise.reject(engineSaid(500, "rpc error: code = DeadlineExceeded desc = context deadline exceeded"))), broken("SWARM_FORM_FAILED"));
    });
  });
});
