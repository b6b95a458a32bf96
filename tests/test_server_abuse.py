"""``zhitu serve`` against hostile and broken clients, over loopback: federated
queries (SSRF), other origins and DNS rebinding, never-ending and
memory-hungry queries, malformed and slow requests. The store holds invented
triples written directly (no extraction), enough for cartesian products that
never end."""
from __future__ import annotations

import logging
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from zhitu.serve import app as server_app
from zhitu.serve.app import make_server, serve_in_thread
from zhitu.serve.sparql import Limits, uses_service

ZT = "https://w3id.org/zhitu/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
PLAIN = "SELECT ?p WHERE { ?p a zt:Person } ORDER BY ?p LIMIT 3"
# Four triple patterns over 400 triples: 2.6e10 rows to count, none produced before the end.
NEVER_ENDING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# Sorting 6.4e7 rows of nine terms needs gigabytes.
MEMORY_HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from zhitu.store import open_store

    folder = tmp_path_factory.mktemp("abuse") / "store"
    triples = []
    for i in range(200):
        person = ox.NamedNode(f"https://w3id.org/zhitu/id/person/试验人{i:03d}")
        triples.append(ox.Triple(person, RDF_TYPE, ox.NamedNode(ZT + "Person")))
        triples.append(ox.Triple(person, LABEL, ox.Literal(f"试验人{i:03d}", language="zh")))
    with open_store(folder) as writable:
        writable.replace_document("abuse/invented.txt", triples)
    with open_store(folder, read_only=True) as read_only:
        yield read_only


@pytest.fixture(scope="module")
def server(store):
    server = make_server(store, limits=Limits(timeout_s=20, workers=2), quiet=True)
    serve_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()


def fetch(url: str, query: str | None = None, *, data: bytes | None = None, headers: dict | None = None,
          timeout: float = 60) -> tuple[int, dict, bytes]:
    """Status, headers (names in lower case) and body of one request (HTTP errors included)."""
    if query is not None:
        url += "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def raw_exchange(server, data: bytes, *, timeout: float = 10) -> bytes:
    """Send ``data`` on a fresh connection and read until the server closes it."""
    host, port = server.server_address
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


def statuses(answer: bytes) -> list[int]:
    return [int(code) for code in re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)]


class _Listener:
    """A TCP listener on loopback that records whether anyone connected."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(3)
        self.port = self.sock.getsockname()[1]
        self.called: list[bytes] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(3)
            self.called.append(conn.recv(1000))

    def close(self) -> None:
        self.thread.join(5)
        self.sock.close()


# -- item 9: SSRF ---------------------------------------------------------------------------


def test_service_query_is_refused_and_calls_nobody(server):
    listener = _Listener()
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?a ?b ?c }} }}"
    status, _, body = fetch(server.url + "/sparql", query)
    listener.close()
    assert status == 403
    assert "SERVICE" in body.decode() and "--allow-service" in body.decode()
    assert listener.called == []


def test_allow_service_lets_the_query_through(store):
    server = make_server(store, limits=Limits(timeout_s=10, workers=1), quiet=True, allow_service=True)
    serve_in_thread(server)
    listener = _Listener()
    try:
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?a ?b ?c }} }}"
        fetch(server.url + "/sparql", query)
    finally:
        listener.close()
        server.shutdown()
        server.server_close()
    assert listener.called and listener.called[0].startswith(b"POST /sparql")


@pytest.mark.parametrize("query, federated", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?a ?b ?c } }", True),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { sErViCe SILENT ?g { ?a ?b ?c } } }", True),
    ("ASK { FILTER EXISTS { SERVICE <urn:x> { ?a ?b ?c } } }", True),
    ("SELECT * { { SELECT * { SERVICE <http://x.example/> { ?a ?b ?c } } } }", True),
    (r"SELECT * WHERE { \u0053ERVICE <http://x.example/> { ?a ?b ?c } }", True),
    ('SELECT * WHERE { ?s ?p "service" }', False),
    ("PREFIX service: <urn:x#> SELECT * WHERE { ?s service:p ?o }", False),
    ("SELECT ?service WHERE { ?service ?p ?o } # no SERVICE here", False),
    ("SELECT * WHERE { ?s ?p ?o }", False),
])
def test_uses_service_reads_the_parsed_query(query, federated):
    assert uses_service(query) is federated


def test_cross_origin_post_is_refused(server):
    query = b"SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    headers = {"Content-Type": "application/sparql-query", "Origin": "http://attacker.example"}
    status, _, body = fetch(server.url + "/sparql", data=query, headers=headers)
    assert status == 403 and "attacker.example" in body.decode()
    same = {"Content-Type": "application/sparql-query", "Origin": server.url}
    assert fetch(server.url + "/sparql", data=query, headers=same)[0] == 200


@pytest.mark.parametrize("path", ["/sparql", "/api/search"])
def test_cross_site_get_is_refused(server, path):
    # An <img> or no-cors fetch carries no Origin, but browsers mark it cross-site.
    url = server.url + path + "?" + urllib.parse.urlencode({"query": PLAIN, "q": "试验"})
    assert fetch(url, headers={"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert fetch(url, headers={"Sec-Fetch-Site": "same-origin"})[0] == 200


# -- item 11: DNS rebinding, --host ----------------------------------------------------------


@pytest.mark.parametrize("host, allowed", [
    ("attacker.example", False), ("attacker.example:{port}", False), ("localhost.attacker.example", False),
    ("localhost:{port}", True), ("127.0.0.1:{port}", True), ("[::1]:{port}", True), ("10.1.2.3", True),
])
def test_host_header_must_name_this_server(server, host, allowed):
    host = host.format(port=server.server_address[1])
    status, _, body = fetch(server.url + "/sparql", PLAIN, headers={"Host": host})
    assert (status == 200) is allowed, body
    if not allowed:
        assert "--allow-host" in body.decode()


def test_allow_host_adds_a_name(store):
    server = make_server(store, limits=Limits(workers=1), quiet=True, allowed_hosts={"graph.example"})
    serve_in_thread(server)
    try:
        assert fetch(server.url + "/sparql", PLAIN, headers={"Host": "graph.example"})[0] == 200
        assert fetch(server.url + "/sparql", PLAIN, headers={"Host": "other.example"})[0] == 400
    finally:
        server.shutdown()
        server.server_close()


def test_serving_on_every_interface_prints_a_warning(store):
    command = [sys.executable, "-m", "zhitu.cli", "serve", "--store", str(store.path), "--host", "0.0.0.0",
               "--port", "0", "--workers", "1"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        lines = []
        for _ in range(5):
            line = process.stderr.readline()
            lines.append(line)
            if not line or "serving" in line:
                break
    finally:
        process.terminate()
        process.wait(20)
    text = "".join(lines)
    assert "warning" in text and "0.0.0.0" in text and "no authentication" in text
    assert "serving" in text


# -- item 10: queries that never end or take all memory ---------------------------------------


def test_never_ending_queries_are_stopped_and_their_processes_replaced(store):
    server = make_server(store, limits=Limits(timeout_s=1, workers=2), quiet=True)
    serve_in_thread(server)
    try:
        before = set(server.pool.pids)
        answers: list[int] = []
        threads = [threading.Thread(target=lambda: answers.append(fetch(server.url + "/sparql", NEVER_ENDING)[0]))
                   for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [503] * 4
        # The plain query gets an answer, not a 503: the stuck evaluations did not keep the processes.
        status, _, body = fetch(server.url + "/sparql", PLAIN)
        assert status == 200 and "试验人000" in body.decode()
        for _ in range(500):  # the second replacement may still be starting
            after = set(server.pool.pids)
            if len(after) == len(before) and len(before - after) == 2:
                break
            threading.Event().wait(0.02)
    finally:
        server.shutdown()
        server.server_close()
    stopped = before - after
    assert len(stopped) == 2  # the two that ran never-ending queries (the spare stayed)
    for pid in stopped:  # killed, so no core spends itself on the abandoned queries
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_query_past_the_memory_cap_stops_its_process_not_the_server(store):
    server = make_server(store, limits=Limits(timeout_s=60, workers=1, memory_mb=700), quiet=True)
    serve_in_thread(server)
    try:
        status, _, body = fetch(server.url + "/sparql", MEMORY_HUNGRY)
        assert status == 503 and "700 MB" in body.decode()
        assert fetch(server.url + "/sparql", PLAIN)[0] == 200
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads a process's address space in /proc")
def test_a_query_process_starts_far_below_its_memory_cap(store):
    # The cap is on address space: with a malloc arena per thread, a process that opened a store
    # held 500-715 MB of it (uncapped), so under a 700 MB cap a thread RocksDB starts could find
    # no room for its stack.
    server = make_server(store, limits=Limits(timeout_s=60, workers=1, memory_mb=700), quiet=True)
    try:
        sizes = [_address_space_mb(process.popen.pid) for process in server.pool._all]
    finally:
        server.server_close()
    assert len(sizes) == 2 and max(sizes) < 350  # one that may run and the spare


def _address_space_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        size = next(line for line in status if line.startswith("VmSize:"))
    return int(size.split()[1]) / 1024


def test_a_full_queue_answers_503_with_retry_after(store):
    server = make_server(store, limits=Limits(timeout_s=2, workers=1, queue=1), quiet=True)
    serve_in_thread(server)
    try:
        results: list[tuple] = []
        slow = [threading.Thread(target=lambda: results.append(fetch(server.url + "/sparql", NEVER_ENDING)))
                for _ in range(2)]
        for thread in slow:
            thread.start()
        # One runs and one waits: wait until both are in before the third arrives.
        for _ in range(200):
            if server.pool.waiting >= 1:
                break
            threading.Event().wait(0.02)
        status, headers, body = fetch(server.url + "/sparql", PLAIN)
        for thread in slow:
            thread.join()
    finally:
        server.shutdown()
        server.server_close()
    assert status == 503 and headers.get("retry-after") == "1" and "busy" in body.decode()


# -- item 11: malformed and slow requests ----------------------------------------------------


def _post(server, extra: bytes, body: bytes = b"ASK {}") -> bytes:
    host = f"127.0.0.1:{server.server_address[1]}".encode()
    return (b"POST /sparql HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: application/sparql-query\r\n"
            + extra + b"\r\n" + body)


@pytest.mark.parametrize("length", [b"abc", b"-1", b"1e3"])
def test_bad_content_length_gets_400(server, caplog, length):
    with caplog.at_level(logging.WARNING):
        answer = raw_exchange(server, _post(server, b"Content-Length: " + length + b"\r\n"))
    assert statuses(answer) == [400]
    assert not [r for r in caplog.records if r.exc_info]  # no traceback logged


def test_chunked_body_is_read_as_the_body(server):
    body = b"ASK { ?p a zt:Person }"
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    host = f"127.0.0.1:{server.server_address[1]}".encode()
    follow = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    answer = raw_exchange(server, _post(server, b"Transfer-Encoding: chunked\r\n", chunked) + follow)
    assert statuses(answer) == [200, 200]
    assert b'"boolean": true' in answer or b'"boolean":true' in answer


def test_oversized_chunked_body_gets_413(server):
    body = b"#" * (1 << 20) + b"\nASK {}"
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 65536]), body[i:i + 65536])
                       for i in range(0, len(body), 65536)) + b"0\r\n\r\n"
    host = f"127.0.0.1:{server.server_address[1]}".encode()
    request = (b"POST /sparql HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: application/sparql-query\r\n"
               b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked)
    assert statuses(raw_exchange(server, request))[0] == 413


@pytest.mark.parametrize("sent", [b"", b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                                  b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nASK"],
                         ids=["silent", "half-headers", "half-body"])
def test_slow_and_silent_connections_are_closed(server, monkeypatch, sent):
    monkeypatch.setattr(server_app, "REQUEST_READ_S", 0.3)
    # The server closes the connection (recv returns b"") long before this socket's own 10 s timeout.
    answer = raw_exchange(server, sent, timeout=10)
    assert b"200 OK" not in answer


def test_answers_are_sent_without_nagle_delay(server):
    host, port = server.server_address
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        # The server's end of this connection: small writes go out at once.
        ends = [p.transport.get_extra_info("socket") for p in server.connections()]
        assert ends and all(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for s in ends)


def test_listen_backlog_is_not_five(server):
    port = server.server_address[1]
    listing = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
    if listing.returncode != 0 or not listing.stdout.strip():
        pytest.skip("needs ss (iproute2)")
    backlog = int(listing.stdout.split()[2])  # Send-Q of a listening socket is its backlog
    assert backlog >= 1024


def test_a_client_that_hangs_up_leaves_no_traceback(server, caplog, capfd):
    host, port = server.server_address
    with caplog.at_level(logging.DEBUG):
        for _ in range(5):
            with socket.create_connection((host, port), timeout=10) as sock:
                sock.sendall(b"GET /sparql?query=SELECT%20*%20WHERE%20%7B?s%20?p%20?o%7D HTTP/1.1\r\n"
                             b"Host: 127.0.0.1\r\n\r\n")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset at close
        assert fetch(server.url + "/sparql", PLAIN)[0] == 200
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert "Traceback" not in capfd.readouterr().err


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as handle:
                if entry.isdigit() and int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        except (OSError, ValueError):
            continue
    return found


def _alive(pid: int) -> bool:
    """Running or sleeping: not gone, and not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_query_processes_die_with_a_killed_server(store):
    command = [sys.executable, "-m", "zhitu.cli", "serve", "--store", str(store.path), "--port", "0",
               "--workers", "2"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        assert "serving" in process.stderr.readline()
        workers = _children(process.pid)
        assert len(workers) == 3  # two and a spare
    finally:
        process.kill()
        process.wait(20)
    for _ in range(500):  # the kernel kills them (PR_SET_PDEATHSIG); give it a moment
        if not any(_alive(pid) for pid in workers):
            break
        threading.Event().wait(0.02)
    assert not any(_alive(pid) for pid in workers)
