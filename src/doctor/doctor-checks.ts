import { pathExists } from "../util/path-exists.ts";
import type Docker from "dockerode";
import { FiredrillError } from "../errors/firedrill-error.ts";
import { imageExists } from "../docker/image-exists.ts";
import { baseReference } from "../images/image-catalog.ts";
import { connectEngine, ENGINE_FIX } from "../engine/connect-engine.ts";
import { engineDiskSpace, GiB } from "../engine/disk-space.ts";
import { detectSecurityMode } from "../engine/security-mode.ts";
import { findK6, K6_INSTALL_HINT } from "../traffic/k6-executable.ts";

export interface Finding {
  check: string;
  /** ok: fine; warn: works, with a caveat; fail: a lab cannot run until fixed. */
  status: "ok" | "warn" | "fail";
  detail: string;
  fix?: string;
}

/** Everything a lab needs from this machine, each with what to do when it is missing. */
export async function doctorFindings(): Promise<Finding[]> {
  const findings: Finding[] = [nodeVersion(), k6()];
  let docker: Docker;
  try {
    docker = await connectEngine();
  } catch (error) {
    findings.push({ check: "engine", status: "fail", detail: (error as Error).message, fix: ENGINE_FIX });
    return findings;
  }
  const version = await docker.version();
  const info = (await docker.info()) as { CgroupVersion?: string; CgroupDriver?: string; KernelVersion?: string; Driver?: string };
  findings.push({ check: "engine", status: "ok", detail: `Docker ${version.Version} (API ${version.ApiVersion}), kernel ${info.KernelVersion}, storage ${info.Driver}` });
  findings.push({ check: "cgroups", status: "ok", detail: `cgroup v${info.CgroupVersion ?? "?"} with the ${info.CgroupDriver} driver` });
  findings.push(await securityMode(docker));
  findings.push(await ipvs());
  findings.push(await disk(docker));
  return findings;
}

function nodeVersion(): Finding {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const ok = major > 20 || (major === 20 && minor >= 19);
  return ok
    ? { check: "node", status: "ok", detail: `Node.js ${process.versions.node}` }
    : { check: "node", status: "fail", detail: `Node.js ${process.versions.node} is too old`, fix: "Install Node.js 20.19 or newer." };
}

/** k6 is optional: only `--traffic k6:...` needs it, so its absence is a caveat, never a failure. */
function k6(): Finding {
  try {
    const found = findK6();
    if (found) return { check: "k6", status: "ok", detail: `found at ${found}` };
    return {
      check: "k6",
      status: "warn",
      detail: "not found: --traffic k6:... is refused; firedrill's own load (--traffic load:rate=N) needs nothing",
      fix: K6_INSTALL_HINT,
    };
  } catch (error) {
    const e = error as FiredrillError;
    return { check: "k6", status: "warn", detail: e.message, fix: e.hint };
  }
}

async function securityMode(docker: Docker): Promise<Finding> {
  const base = await baseReference();
  if (!(await imageExists(docker, base))) {
    return { check: "host mode", status: "warn", detail: "not probed yet: the base image is not built", fix: "firedrill images" };
  }
  try {
    const mode = await detectSecurityMode(docker, base, { "firedrill.run": "doctor" });
    return mode === "privileged"
      ? { check: "host mode", status: "ok", detail: "privileged containers are allowed: hosts run --privileged" }
      : {
          check: "host mode",
          status: "ok",
          detail: "privileged containers are refused; hosts run with every capability but SYS_RESOURCE, seccomp and AppArmor unconfined, /proc/sys writable",
        };
  } catch (error) {
    const e = error as FiredrillError;
    return { check: "host mode", status: "fail", detail: e.message, fix: e.hint };
  }
}

async function ipvs(): Promise<Finding> {
  const present = await pathExists("/proc/net/ip_vs");
  return present
    ? { check: "ipvs", status: "ok", detail: "IPVS present (firedrill does not need it)" }
    : {
        check: "ipvs",
        status: "warn",
        detail: "no IPVS in this kernel: Swarm's routing mesh and service VIPs cannot work; firedrill's stacks use host-mode ports and DNS round robin instead",
        fix: "Nothing to do for firedrill. For your own stacks: `modprobe ip_vs` where the kernel has the module.",
      };
}

async function disk(docker: Docker): Promise<Finding> {
  const space = await engineDiskSpace(docker);
  if (!space) return { check: "disk", status: "warn", detail: "the engine is remote: free space not measured" };
  const free = space.freeBytes / GiB;
  const detail = `${free.toFixed(1)} GiB free at ${space.path}`;
  if (free < 4) {
    return { check: "disk", status: "fail", detail, fix: "Free at least 4 GiB: `firedrill clean --images`, `docker system prune`." };
  }
  return { check: "disk", status: free < 10 ? "warn" : "ok", detail };
}
