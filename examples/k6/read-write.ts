// Reads and writes at once: 45 reads and 5 writes a second, each judged by its own
// thresholds (a slow write path does not hide behind fast reads).
//   firedrill drill --traffic k6:examples/k6/read-write.ts
// firedrill gives BASE_URL; PROBE_PATH (default "/") is read, WRITE_PATH (default
// "/items") is written with a JSON body {"title": ...}, as the stack's `items.write` does.
import { check } from "k6";
import exec from "k6/execution";
import http from "k6/http";
import type { Options } from "k6/options";

const base = __ENV.BASE_URL;
const readPath = __ENV.PROBE_PATH ?? "/";
const writePath = __ENV.WRITE_PATH ?? "/items";

const steady = { executor: "constant-arrival-rate", timeUnit: "1s", duration: "30m" } as const;

export const options: Options = {
  scenarios: {
    reads: { ...steady, exec: "read", rate: 45, preAllocatedVUs: 20, maxVUs: 200 },
    writes: { ...steady, exec: "write", rate: 5, preAllocatedVUs: 5, maxVUs: 50 },
  },
  thresholds: {
    http_req_failed: ["rate<0.01"],
    "http_req_duration{scenario:reads}": ["p(95)<500"],
    "http_req_duration{scenario:writes}": ["p(95)<1000"],
    checks: ["rate>0.99"],
  },
};

export function read(): void {
  const res = http.get(`${base}${readPath}`, { timeout: "5s", tags: { name: "read" } });
  check(res, { "read: status is 200": (r) => r.status === 200 });
}

export function write(): void {
  const title = `k6 ${exec.vu.idInTest}-${exec.vu.iterationInScenario}`;
  const res = http.post(`${base}${writePath}`, JSON.stringify({ title }), {
    headers: { "Content-Type": "application/json" },
    timeout: "5s",
    tags: { name: "write" },
  });
  check(res, { "write: status is 2xx": (r) => r.status >= 200 && r.status < 300 });
}
