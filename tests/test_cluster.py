"""Builds against a Dask cluster that runs as separate processes (``--scheduler``),
and ``--jobs 1`` without Dask at all."""
from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from tests.store_pages import write_records
from zhitu import cluster
from zhitu.build import build_dataset
from zhitu.collector import YOUNG_THRESHOLD

DASK = Path(sys.executable).with_name("dask")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_workers(address: str, count: int, within: float = 120) -> None:
    from distributed import Client

    with Client(address, timeout=within) as client:
        client.wait_for_workers(count, timeout=within)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A scheduler and two one-thread workers on 127.0.0.1, each its own process, as `dask` starts them."""
    folder = tmp_path_factory.mktemp("cluster")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1].parent) + os.pathsep
               + os.environ.get("PYTHONPATH", ""))
    log = open(folder / "cluster.log", "w")
    processes = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-dashboard"], stdout=log, stderr=log, env=env)]
    time.sleep(1)
    processes += [
        subprocess.Popen([str(DASK), "worker", address, "--nworkers", "1", "--nthreads", "1",
                          "--host", "127.0.0.1", "--no-dashboard", "--local-directory", str(folder / f"w{i}")],
                         stdout=log, stderr=log, env=env)
        for i in range(2)
    ]
    try:
        _wait_for_workers(address, 2)
        yield address
    finally:
        from zhitu.cluster import close_clients

        close_clients()  # before the scheduler goes, so the client does not try to reconnect
        for process in processes[::-1]:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


@pytest.mark.slow
def test_a_build_on_a_separate_cluster_gives_the_same_graph(scheduler, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_records(tmp_path / "news.jsonl", 30)
    alone, summary_alone = build_dataset([str(path)], jobs=1)
    remote, summary_remote = build_dataset([str(path)], scheduler=scheduler)
    assert summary_remote.documents_built == summary_alone.documents_built == 30
    assert summary_remote.entities == summary_alone.entities
    assert len(remote) == len(alone)
    for context in alone.graphs():
        if len(context):
            assert isomorphic(context, remote.graph(context.identifier)), context.identifier
    # The client keeps none of the partitions it sent the scheduler (memory flat in a long build).
    sent = cluster.get_client(0, scheduler).scheduler_comm.recent_message_log
    assert sent.maxlen == 0 and list(sent) == []
    # Each worker froze its loaded pipeline out of the collector's walks (zhitu.collector).
    client = cluster.get_client(0, scheduler)
    frozen, thresholds = client.run(gc.get_freeze_count), client.run(gc.get_threshold)
    assert len(frozen) == 2 and all(count > 100_000 for count in frozen.values()), frozen
    assert all(young == YOUNG_THRESHOLD for young, *_ in thresholds.values()), thresholds


@pytest.mark.slow
def test_the_cli_takes_the_scheduler_from_the_environment(scheduler, tmp_path) -> None:
    path = write_records(tmp_path / "news.jsonl", 6)
    env = dict(os.environ, ZHITU_SCHEDULER=scheduler)
    result = subprocess.run([sys.executable, "-m", "zhitu.cli", "build", "--no-store", "--no-progress",
                             "--out", str(tmp_path / "out"), str(path)],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "6 extracted" in result.stdout
    assert result.stderr == ""


def test_one_job_builds_without_dask(tmp_path) -> None:
    path = write_records(tmp_path / "news.jsonl", 2)
    code = ("import sys\n"
            "from zhitu.build import build_dataset\n"
            f"_, s = build_dataset([{str(path)!r}], jobs=1)\n"
            "assert s.documents_built == 2\n"
            "print(sorted(m for m in sys.modules if m == 'distributed' or m.startswith('distributed.')))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
