// Reads the stack's probe path through firedrill's edge at a steady rate, the way users
// would. firedrill runs it beside its probe during each scenario:
//   firedrill drill --traffic k6:examples/k6/edge-read.ts
// and gives it BASE_URL (the edge); PROBE_PATH is the path to read (default "/").
import { check } from "k6";
import http from "k6/http";
import type { Options } from "k6/options";

const path = __ENV.PROBE_PATH ?? "/";

export const options: Options = {
  scenarios: {
    edge_read: {
      // A fixed arrival rate: a stalled edge shows as slow or failed requests, not as fewer of them.
      executor: "constant-arrival-rate",
      rate: 50,
      timeUnit: "1s",
      // Longer than any scenario: firedrill stops k6 (SIGINT) when the scenario ends.
      duration: "30m",
      preAllocatedVUs: 20,
      maxVUs: 200,
    },
  },
  thresholds: {
    http_req_failed: ["rate<0.01"],
    http_req_duration: ["p(95)<500"],
  },
};

export default function (): void {
  const res = http.get(`${__ENV.BASE_URL}${path}`, { timeout: "5s" });
  check(res, { "status is 200": (r) => r.status === 200 });
}
