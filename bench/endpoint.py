"""Load and abuse of ``zhitu serve`` on loopback: throughput, slow clients,
never-ending queries, a federated query, malformed requests.

Starts ``zhitu serve`` on a free loopback port over ``--store`` (build one
first, e.g. ``.venv/bin/zhitu build first-300.jsonl --store /tmp/bench-store
--no-progress``), then, each phase bounded in time:

1. **load**: ``--clients`` threads, one keep-alive connection each, send a mix
   of small SELECT and ASK queries for ``--seconds``: requests/s, p50/p99/max
   latency, errors (anything but 200, or no answer).
2. **slow clients**: 200 connections that send nothing and 50 that send half a
   request stay open; 20 plain queries are timed meanwhile; then how many of
   those connections the server closed within ``--slow-wait`` seconds.
3. **never-ending**: four queries that produce nothing for far longer than the
   server's ``--timeout`` (COUNT over a cartesian product) run at once; then a
   plain query (its latency should be under 1 s), and the server's CPU use
   (its process and its children) from 1 s to 3 s after (the first second is
   left to processes that replace stopped ones; the figure is what the
   abandoned queries still burn). A plain query sent while the four run is
   timed too: with four query processes it waits for a free one.
4. **memory**: one ``ORDER BY`` over a cartesian product (only when the server
   has ``--max-memory``: an endpoint without a cap would take the machine's
   memory), then a plain query.
5. **SERVICE**: a federated query naming a listener on loopback: the status,
   and whether the listener was called.
6. **malformed**: raw requests (``Content-Length: abc`` and ``-1``, a chunked
   body): what comes back, and whether the next request on the connection is
   answered.

``--python`` and ``--pythonpath`` choose the interpreter and source tree that
run the server (to measure another checkout, e.g. an export of main).

    .venv/bin/python bench/endpoint.py --store /tmp/bench-store [--clients 50] [--seconds 20] [--timeout 2] [--json out.json]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode, urlsplit

LOAD_QUERIES = [
    "SELECT ?p ?name WHERE { ?p a zt:Person ; rdfs:label ?name } LIMIT 20 OFFSET %d",
    "SELECT ?a ?h WHERE { ?a a schema:NewsArticle ; schema:headline ?h } LIMIT 10 OFFSET %d",
    "ASK { ?a a schema:NewsArticle }",
]
PLAIN = "SELECT ?p WHERE { ?p a zt:Person } LIMIT 5"
NEVER_ENDING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MEMORY_BOMB = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"


def start_server(args) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    help_text = subprocess.run([args.python, "-m", "zhitu.cli", "serve", "--help"], env=env, capture_output=True,
                               text=True, timeout=60, cwd=args.pythonpath or None).stdout
    command = [args.python, "-m", "zhitu.cli", "serve", "--store", os.path.abspath(args.store), "--port", "0",
               "--timeout", str(args.timeout)]
    args.has_memory_cap = "--max-memory" in help_text
    # python -m puts the working folder first on sys.path: run from the tree to measure.
    cwd = args.pythonpath or None
    server = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = server.stderr.readline()
        found = re.search(r"at (http://[^/ ]+)/", line)
        if found:
            threading.Thread(target=lambda: server.stderr.read(), daemon=True).start()  # keep the pipe drained
            return server, found.group(1)
        if not line and server.poll() is not None:
            break
    server.kill()
    raise SystemExit(f"the server did not start: {command}")


def get(conn: http.client.HTTPConnection, query: str, timeout: float = 60) -> tuple[int, float]:
    conn.timeout = timeout
    start = time.perf_counter()
    conn.request("GET", "/sparql?" + urlencode({"query": query}), headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - start


def one_query(url: str, query: str, timeout: float = 60) -> tuple[int, float]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        return get(conn, query, timeout)
    except (OSError, http.client.HTTPException):
        return 0, timeout
    finally:
        conn.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def phase_load(url: str, clients: int, seconds: float) -> dict:
    parts = urlsplit(url)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        count = index
        while time.monotonic() < stop:
            template = LOAD_QUERIES[count % len(LOAD_QUERIES)]
            query = template % (count % 50) if "%d" in template else template
            count += 1
            try:
                status, latency = get(conn, query, 30)
            except (OSError, http.client.HTTPException) as err:
                with lock:
                    errors.append(type(err).__name__)
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            with lock:
                latencies.append(latency)
                if status != 200:
                    errors.append(str(status))
        conn.close()

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(latencies),
            "requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(percentile(latencies, 0.5) * 1000, 1), "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
            "max_ms": round(max(latencies, default=float("nan")) * 1000, 1), "errors": len(errors),
            "error_kinds": sorted(set(errors))}


def phase_slow_clients(url: str, wait_s: float) -> dict:
    parts = urlsplit(url)
    idle, half = [], []
    for _ in range(200):
        idle.append(socket.create_connection((parts.hostname, parts.port), timeout=5))
    for _ in range(50):
        sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        half.append(sock)
    latencies = [one_query(url, PLAIN, 10)[1] for _ in range(20)]
    deadline = time.monotonic() + wait_s
    closed = 0
    for sock in idle + half:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            if sock.recv(1) == b"":
                closed += 1
        except OSError:
            pass
        sock.close()
    return {"idle": len(idle), "half_sent": len(half), "plain_p50_ms": round(statistics.median(latencies) * 1000, 1),
            "plain_max_ms": round(max(latencies) * 1000, 1), f"closed_by_server_within_{wait_s:g}s": closed}


def cpu_times(pid: int) -> dict[int, float]:
    """CPU seconds of ``pid`` and of each of its children that is still running."""
    times = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if (int(entry) == pid or int(fields[1]) == pid) and fields[0] != "Z":
            times[int(entry)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return times


def cpu_use(pid: int, seconds: float) -> float:
    """Cores the server (and its children alive throughout) keep busy over ``seconds``."""
    first = cpu_times(pid)
    time.sleep(seconds)
    second = cpu_times(pid)
    return sum(second[p] - first[p] for p in first.keys() & second.keys()) / seconds


def phase_never_ending(url: str, server_pid: int, timeout: float) -> dict:
    results: list[tuple[int, float]] = []
    threads = [threading.Thread(target=lambda: results.append(one_query(url, NEVER_ENDING, timeout + 30)))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    during = one_query(url, PLAIN, timeout + 30)
    for thread in threads:
        thread.join()
    after = one_query(url, PLAIN, 30)
    time.sleep(1)  # replacements for stopped query processes start up: not what is measured
    cpu = cpu_use(server_pid, 2)
    again = [one_query(url, PLAIN, 30) for _ in range(3)]
    return {"never_ending_statuses": sorted(s for s, _ in results),
            "never_ending_s": round(max(t for _, t in results), 2),
            "plain_during": {"status": during[0], "ms": round(during[1] * 1000, 1)},
            "plain_after": {"status": after[0], "ms": round(after[1] * 1000, 1)},
            "server_cpu_after_cores": round(cpu, 2),
            "plain_after_3": [s for s, _ in again]}


def phase_memory(url: str, timeout: float) -> dict:
    status, latency = one_query(url, MEMORY_BOMB, timeout + 30)
    after = one_query(url, PLAIN, 30)
    return {"order_by_product": {"status": status, "s": round(latency, 2)},
            "plain_after": {"status": after[0], "ms": round(after[1] * 1000, 1)}}


def phase_service(url: str) -> dict:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(3)
    port = listener.getsockname()[1]
    called: list[bytes] = []

    def accept() -> None:
        try:
            conn, _ = listener.accept()
            called.append(conn.recv(200))
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    status, _ = one_query(url, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }} }}", 10)
    thread.join()
    listener.close()
    return {"status": status, "listener_called": bool(called)}


def raw(url: str, data: bytes, then: bytes = b"") -> str:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=3) as sock:
        sock.sendall(data + then)
        answer = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            pass
    statuses = re.findall(rb"HTTP/1\.[01] (\d{3})", answer)
    return ",".join(s.decode() for s in statuses) or "nothing"


def phase_malformed(url: str) -> dict:
    host = urlsplit(url).netloc.encode()
    head = b"POST /sparql HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: application/sparql-query\r\n"
    follow = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    body = b"ASK {}"
    chunked = head + b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    return {
        "content_length_abc": raw(url, head + b"Content-Length: abc\r\n\r\n" + body),
        "content_length_minus_1": raw(url, head + b"Content-Length: -1\r\n\r\n" + body),
        "chunked_then_get": raw(url, chunked, follow),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--timeout", type=float, default=2, help="the server's --timeout (s)")
    parser.add_argument("--slow-wait", type=float, default=12)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--pythonpath")
    parser.add_argument("--json")
    args = parser.parse_args()
    server, url = start_server(args)
    figures: dict = {"url": url, "cpus": os.cpu_count()}
    try:
        one_query(url, PLAIN)  # warm-up
        for name, run in [("load", lambda: phase_load(url, args.clients, args.seconds)),
                          ("slow_clients", lambda: phase_slow_clients(url, args.slow_wait)),
                          ("service", lambda: phase_service(url)),
                          ("malformed", lambda: phase_malformed(url)),
                          ("never_ending", lambda: phase_never_ending(url, server.pid, args.timeout)),
                          ("memory", lambda: phase_memory(url, args.timeout) if args.has_memory_cap
                           else {"skipped": "the server has no memory cap"})]:
            figures[name] = run()
            print(f"{name}: {json.dumps(figures[name], ensure_ascii=False)}", flush=True)
            if server.poll() is not None:
                figures["server_died_after"] = name
                print(f"the server died (status {server.returncode})", flush=True)
                break
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=2)


if __name__ == "__main__":
    main()
