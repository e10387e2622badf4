"""
firedrill's latency fault, run by the host agent (the kernel has no netem).

  firedrill-delay proxy TAG LISTEN_PORT MS JITTER
      A TCP proxy for the network namespace it is started in: connections a tagged
      `iptables -t nat ... REDIRECT` rule sends to LISTEN_PORT are forwarded to where they
      were going (SO_ORIGINAL_DST), and everything the server answers reaches the client
      MS (+- JITTER) ms late, in order: the downstream latency of toxiproxy's latency
      toxic. A request/answer exchange (an HTTP request, a SQL query) takes MS longer.
      TAG is in its command line, so the fault's undo finds and stops it.

  firedrill-delay ttfb IP PORT COUNT
      COUNT connections to IP:PORT, each timed from the connect to the server's first
      byte (a server that speaks first, like MySQL, answers at once; others are sent a
      HEAD request): one JSON list of milliseconds, the fault's evidence.
"""
import asyncio
import json
import random
import resource
import socket
import struct
import sys
import time

SO_ORIGINAL_DST = 80


def original_destination(sock):
    raw = sock.getsockopt(socket.SOL_IP, SO_ORIGINAL_DST, 16)
    port, packed = struct.unpack_from("!2xH4s", raw)
    return socket.inet_ntoa(packed), port


async def pump(reader, writer, delay_s, jitter_s):
    """Copies reader to writer; with a delay, each chunk leaves delay (+- jitter) after it came, never before the one ahead of it."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, chunk = await queue.get()
            if chunk is None:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(chunk)
            await writer.drain()

    sender = asyncio.ensure_future(deliver())
    last_due = 0.0
    try:
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                break
            due = max(last_due, loop.time() + max(0.0, delay_s + random.uniform(-jitter_s, jitter_s)))
            last_due = due
            await queue.put((due, chunk))
    except (ConnectionError, OSError):
        pass
    await queue.put((0, None))
    try:
        await sender
        writer.write_eof()
    except (ConnectionError, OSError, RuntimeError):
        pass


async def handle(client_reader, client_writer, delay_s, jitter_s):
    sock = client_writer.get_extra_info("socket")
    try:
        host, port = original_destination(sock)
        server_reader, server_writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
    except (OSError, asyncio.TimeoutError):
        client_writer.close()
        return
    await asyncio.gather(
        pump(client_reader, server_writer, 0.0, 0.0),
        pump(server_reader, client_writer, delay_s, jitter_s),
    )
    for w in (client_writer, server_writer):
        w.close()


async def proxy(listen_port, ms, jitter):
    delay_s, jitter_s = ms / 1000.0, jitter / 1000.0
    # Every connection held back costs two descriptors for the length of the delay: a few
    # hundred requests a second through a slow database hold more than the default 1024.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    server = await asyncio.start_server(lambda r, w: handle(r, w, delay_s, jitter_s), "0.0.0.0", listen_port, reuse_address=True, backlog=4096)
    print("delaying answers by %dms (+-%dms) on port %d" % (ms, jitter, listen_port), flush=True)
    async with server:
        await server.serve_forever()


def ttfb(ip, port, count):
    times = []
    for _ in range(count):
        started = time.monotonic()
        try:
            with socket.create_connection((ip, port), timeout=10) as sock:
                sock.settimeout(0.05)
                try:
                    first = sock.recv(1)
                except socket.timeout:
                    # Not a server that speaks first: ask it something.
                    sock.settimeout(10)
                    sock.sendall(b"HEAD / HTTP/1.0\r\n\r\n")
                    first = sock.recv(1)
                if not first:
                    raise OSError("closed without a byte")
            times.append(round((time.monotonic() - started) * 1000, 1))
        except OSError as error:
            times.append(None)
            print("ttfb %s:%d: %s" % (ip, port, error), file=sys.stderr)
        time.sleep(0.05)
    print(json.dumps(times))


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "proxy":
        asyncio.run(proxy(int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])))
    elif len(sys.argv) == 5 and sys.argv[1] == "ttfb":
        ttfb(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        print(__doc__, file=sys.stderr)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main())
