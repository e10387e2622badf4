/**
 * One request as firedrill's lb logged it (assets/lb/*.cfg's log-format: httplog's fields
 * with the server's address and the time the line was logged).
 */
export interface LbRequest {
  /** When the lb received the request (epoch ms): logged at its end, %Ta after it began. */
  at: number;
  /** The address of the task it was sent to last ("10.0.2.15"); undefined when it went to none (<NOSRV>). */
  server?: string;
  /** The status the lb answered with; -1 when it answered nothing (the client left first). */
  status: number;
  /** HAProxy's termination state (%tsc): "----" for a clean end, "sC" a connect timeout, "CC" the client gave up while connecting. */
  termination: string;
  /** Connection attempts after the first (%rc). */
  retries: number;
  /** Whether a retry went to another server than the first (%rc's "+"). */
  redispatched: boolean;
  /** The host whose lb logged it. */
  lb?: string;
}

/** What firedrill read of its lbs' logs for a scenario's window. */
export interface LbLogRead {
  /** Read from this instant on (epoch ms). */
  since: number;
  /** When they were read. */
  readAt: number;
  /** The hosts whose lbs were read. */
  hosts: string[];
  /** Hosts whose lbs could not be read, with why: the figures from the others are then partial. */
  unread: Array<{ host: string; error: string }>;
  /** How many requests they logged in all. */
  logged: number;
  /** The requests kept (those a check looks at: the ones sent to a given host's tasks, or retried). */
  requests: LbRequest[];
}

// client [request date] frontend backend/server address:port logged-ms TR/Tw/Tc/Tr/Ta status bytes
// cookies termination ac/fc/bc/sc/rc sq/bq "request". Anything before it (a `docker service
// logs` prefix, a timestamp) is ignored, and so is every line that is not a request.
const REQUEST_LINE =
  /(?:^|\s)\S+ \[[^\]]+\] \S+ [^\s/]+\/(\S+) (\S+):(\S+) (\d+) -?\d+\/-?\d+\/-?\d+\/-?\d+\/(-?\d+) (-?\d+) \d+ \S+ \S+ (\S+) \d+\/\d+\/\d+\/\d+\/(\+?)(\d+) \d+\/\d+ "/;

/** The requests of an lb's log, in the order logged; `lb` names the host that logged them. */
export function parseLbLog(text: string, lb?: string): LbRequest[] {
  return text.split("\n").flatMap((line) => {
    const m = REQUEST_LINE.exec(line);
    if (!m) return [];
    const [, name, address, , logged, total, status, termination, plus, retries] = m;
    const loggedAt = Number(logged);
    const request: LbRequest = {
      at: loggedAt - Math.max(0, Number(total)),
      status: Number(status),
      termination: termination!,
      retries: Number(retries),
      redispatched: plus === "+",
    };
    if (name !== "<NOSRV>" && address !== "-") request.server = address;
    if (lb !== undefined) request.lb = lb;
    return [request];
  });
}
