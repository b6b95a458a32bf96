"""Builds on Dask (``jobs``: a local cluster; ``scheduler``: an existing one): the
same graph as one process, every document accounted for when a worker dies, and
how ``auto`` picks the count."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from rdflib.compare import isomorphic

from tests.store_pages import write_pages, write_records
from zhitu import cluster
from zhitu.build import build_dataset, build_store
from zhitu.cluster import resolve_jobs
from zhitu.dask_worker import graph_partition

#: A document whose text holds this kills the worker that reads it (see _dying_chunk).
POISON = "【此篇令进程退出】"


def _dying_partition(partition):
    """Worker code for the crash test: exits hard, as a crash in native code would."""
    if any(POISON in item.document.text for item in partition):
        os._exit(3)
    return graph_partition(partition)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel")
    pages = write_pages(folder / "pages")
    records = write_records(folder / "news.jsonl", 40)
    return [str(p) for p in pages] + [str(records)]


def test_workers_build_the_same_graph_as_one_process(inputs) -> None:
    alone, summary_alone = build_dataset(inputs, jobs=1)
    shared, summary_shared = build_dataset(inputs, jobs=2)
    assert summary_shared.documents_built == summary_alone.documents_built == 42
    assert summary_shared.entities == summary_alone.entities
    assert summary_shared.relations == summary_alone.relations
    assert len(shared) == len(alone)
    for context in alone.graphs():
        if len(context):
            assert isomorphic(context, shared.graph(context.identifier)), context.identifier


def test_fewer_workers_than_cpus_overlap_their_stages_to_the_same_graph(inputs, monkeypatch) -> None:
    alone, _ = build_dataset(inputs, jobs=1)
    monkeypatch.setattr(cluster, "usable_cpus", lambda: 8)  # 2 workers on 8 CPUs: each overlaps LAC, NER, rules
    shared, summary = build_dataset(inputs, jobs=2)
    assert summary.documents_built == 42 and len(shared) == len(alone)
    for context in alone.graphs():
        if len(context):
            assert isomorphic(context, shared.graph(context.identifier)), context.identifier


def _settings() -> dict:
    import dask

    return {key: dask.config.get(key) for key in cluster.LOCAL_CLUSTER_CONFIG}


def _checks(server) -> tuple[float, float]:
    """How often a Dask server samples the system and checks its event loop, in ms."""
    return server.periodic_callbacks["monitor"].callback_time, server.periodic_callbacks["tick"].callback_time


def test_the_local_cluster_runs_with_the_quiet_settings(inputs) -> None:
    build_dataset(inputs[:1], jobs=2)  # the cluster of two workers a build starts, reused
    client = cluster.get_client(2)
    on_workers = client.run(_settings)  # each worker process has them as its config
    assert len(on_workers) == 2 and all(found == cluster.LOCAL_CLUSTER_CONFIG for found in on_workers.values())
    # The scheduler and the nannies live in this process: built with them, its own config untouched.
    scheduler, nannies = client.cluster.scheduler, list(client.cluster.workers.values())
    assert scheduler.allowed_failures == 1
    assert [_checks(server) for server in (scheduler, *nannies)] == [(2000, 1000)] * 3
    assert [n.memory_manager.memory_monitor_interval for n in nannies] == [1.0, 1.0]
    assert _settings()["distributed.worker.profile.enabled"] is True


def _logged(dask_worker) -> list[int]:
    """What a worker keeps in its logs for developers (the tasks it was given among them)."""
    state = dask_worker.state
    return [len(state.stimulus_log), len(state.log), state.stimulus_log.maxlen]


def test_the_local_cluster_keeps_no_documents_in_its_logs(inputs) -> None:
    """Neither the scheduler (in this process) nor a worker keeps the partitions it
    sent or was given (Dask's developer logs): a build's memory does not grow with its corpus."""
    build_dataset(inputs[:3], jobs=2)
    client = cluster.get_client(2)
    streams = list(client.cluster.scheduler.stream_comms.values())
    assert len(streams) == 2 and all(s.recent_message_log.maxlen == 0 for s in streams)
    assert [list(s.recent_message_log) for s in streams] == [[], []]
    assert list(client.run(_logged).values()) == [[0, 0, 0], [0, 0, 0]]
    # Nor the client, whose stream to the scheduler carried every partition it submitted.
    sent = client.scheduler_comm.recent_message_log
    assert sent.maxlen == 0 and list(sent) == []


def test_a_build_that_releases_its_workers_stops_them_before_writing_the_files(inputs, tmp_path,
                                                                                 monkeypatch) -> None:
    import psutil

    from zhitu import build

    client = cluster.get_client(2)  # the cluster the build then uses
    workers = [psutil.Process(pid) for pid in client.run(os.getpid).values()]
    at_files = {}
    write_outputs = build.write_outputs

    def spy(*args, **kwargs):
        at_files["clients"] = dict(cluster._clients)
        return write_outputs(*args, **kwargs)

    monkeypatch.setattr(build, "write_outputs", spy)
    result = build.run_build(inputs[:2], out_dir=tmp_path / "out", store_dir=tmp_path / "store", jobs=2,
                             formats=["turtle"], release_workers=True)
    assert result.summary.documents_extracted == 2
    assert at_files["clients"] == {}  # taken before the namesake pass and the files
    _, alive = psutil.wait_procs(workers, timeout=60)
    assert alive == []
    assert cluster.get_client(2).run(os.getpid)  # a later build starts a cluster of its own


def test_the_quiet_settings_as_environment_variables_are_read_by_dask() -> None:
    code = "import json, dask, distributed; print(json.dumps({k: dask.config.get(k) for k in %r}))" % (
        list(cluster.QUIET_CONFIG),)
    found = subprocess.run([sys.executable, "-c", code], env={**os.environ, **cluster.quiet_environment()},
                           capture_output=True, text=True, check=True).stdout
    assert json.loads(found) == cluster.QUIET_CONFIG


def test_workers_build_into_a_store(inputs, tmp_path) -> None:
    from zhitu.store import open_store

    with open_store(tmp_path / "store") as store:
        summary = build_store(inputs, store, jobs=2)
        assert summary.documents_built == 42
        assert store.count_documents() == 42
        again = build_store(inputs, store, jobs=2)  # all current: nothing sent to the workers
        assert again.store["unchanged"] == 42


def test_a_dying_worker_costs_only_its_document(tmp_path, monkeypatch) -> None:
    records = [json.loads(line) for line in write_records(tmp_path / "r.jsonl", 12).read_text("utf-8").splitlines()]
    records[5]["text"] += POISON
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # a file's document id is its path from the working directory
    from zhitu.build import _build

    built = []
    summary = _build([str(path)], lambda graph: built.append(graph.document.doc_id), jobs=2,
                     date=None, publisher=None, on_skip=None, on_document=None, stdin=None,
                     work=_dying_partition)
    assert summary.documents_read == 12
    assert summary.documents_built == 11
    assert [s["source"] for s in summary.skipped] == [str(path)]
    assert summary.skipped[0]["reason"].startswith("record r0005: the worker process extracting it died")
    assert built == [f"news.jsonl#r{n:04d}" for n in range(12) if n != 5]  # input order kept


def test_auto_uses_workers_for_big_inputs_only(tmp_path, monkeypatch) -> None:
    small = tmp_path / "small.md"
    small.write_text("本报讯 一篇短稿。", encoding="utf-8")
    monkeypatch.setattr(cluster, "usable_cpus", lambda: 4)
    assert resolve_jobs("auto", [str(small)]) == 1
    monkeypatch.setattr(cluster, "AUTO_MIN_BYTES", 10)
    assert resolve_jobs("auto", [str(small)]) == 4
    assert resolve_jobs("auto", [str(tmp_path)]) == 4  # a folder counts its files
    assert resolve_jobs("auto", ["-"]) == 1  # standard input: size unknown
    monkeypatch.setattr(cluster, "usable_cpus", lambda: 1)
    assert resolve_jobs("auto", [str(small)]) == 1
    assert resolve_jobs(3) == 3


@pytest.mark.parametrize("bad", [0, -1, "two", None])
def test_jobs_must_be_positive_or_auto(bad) -> None:
    with pytest.raises(ValueError, match="positive number or 'auto'"):
        resolve_jobs(bad)


def test_cli_rejects_bad_jobs_in_one_line(tmp_path) -> None:
    from click.testing import CliRunner

    from zhitu.cli import main

    result = CliRunner().invoke(main, ["build", "--no-store", "-j", "0", str(tmp_path)])
    assert result.exit_code == 2
    assert "'0' is not a positive number or 'auto'" in result.output
    assert "Traceback" not in result.output


def _start_build(tmp_path, records: int):
    """A real ``zhitu build -j 2`` in a subprocess, returned once its workers are extracting."""
    psutil = pytest.importorskip("psutil")
    path = write_records(tmp_path / "news.jsonl", records)
    command = [sys.executable, "-m", "zhitu.cli", "build", "-j", "2", "-v", "--no-progress",
               "--store", str(tmp_path / "store"), "--out", str(tmp_path / "out"), str(path)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    first = process.stderr.readline()  # a document stored: both workers are loaded and busy
    assert first, f"the build ended before storing a document (exit {process.wait()})"
    descendants = psutil.Process(process.pid).children(recursive=True)
    assert len(descendants) >= 2, descendants
    return process, descendants


def _left_running(processes, within: float) -> list:
    import psutil

    gone, alive = psutil.wait_procs(processes, timeout=within)
    return [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


@pytest.mark.slow
@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM"])
def test_workers_die_with_a_killed_build(tmp_path, signal_name) -> None:
    import signal

    process, workers = _start_build(tmp_path, 3000)
    try:
        process.send_signal(getattr(signal, signal_name))
        process.wait(timeout=30)
        assert _left_running(workers, within=10) == []
        if signal_name == "SIGTERM":  # handled as Ctrl-C: one line, no traceback
            assert "Traceback" not in process.stderr.read()
    finally:
        for worker in workers:
            if worker.is_running():
                worker.kill()
        process.stderr.close()


def _partition(text: str, doc_id: str):
    from zhitu.build import document_fingerprint
    from zhitu.document_graphs import Pending
    from zhitu.read.articles import split_articles
    from zhitu.read.reading import document_from_text

    document = document_from_text(text, doc_id=doc_id, source=doc_id)
    return [Pending(document, split_articles(document), document_fingerprint(document))]


def test_a_worker_forgets_the_words_of_earlier_partitions(monkeypatch) -> None:
    """A worker's pipeline runs in a spaCy memory zone renewed every FORGET_AFTER_ARTICLES
    articles: the strings an earlier partition added are gone, and graphs are as without it."""
    from zhitu import dask_worker
    from zhitu.document_graphs import graph_documents
    from zhitu.extractors.lac import get_lac
    from zhitu.extractors.pipeline import default_pipeline
    from zhitu.graph.wire import encode

    nlp = default_pipeline(1, None, overlap=False)
    first = "澄溪市滨江区总工会主席欧阳翊澍说，今年全区职工技能比武共有8735412名职工参加。"
    second = "青岚县人民政府县长司马凌霄到白沙镇调研春耕生产，察看了新建的农机服务中心。"
    before = set(nlp.vocab.strings)
    first_words, second_words = ({word for word, _ in words} for words in get_lac(1).analyse([first, second]))
    new_words = first_words - second_words - before  # the second partition does not add them again
    assert {"欧阳翊澍", "8735412名"} & new_words  # the invented name or the number at least
    monkeypatch.setattr(dask_worker, "FORGET_AFTER_ARTICLES", 1)
    try:
        (in_zone,) = graph_partition(_partition(first, "a.txt"))
        assert new_words <= set(nlp.vocab.strings)  # in the open zone
        graph_partition(_partition(second, "b.txt"))  # opens a new zone: the first one's strings go
        assert not new_words & set(nlp.vocab.strings)
        # A zone still being read in (by another thread of the worker) is not closed under it.
        with dask_worker.forgetting_words(nlp, 1):
            (again,) = graph_partition(_partition(first, "a.txt"))
            graph_partition(_partition(second, "b.txt"))
            assert new_words <= set(nlp.vocab.strings)
        graph_partition(_partition(second, "b.txt"))  # now it is
        assert not new_words & set(nlp.vocab.strings)
    finally:
        zone = dask_worker._zones.pop(id(nlp), None)
        if zone is not None:
            zone.context.__exit__(None, None, None)
    (plain,) = graph_documents(_partition(first, "a.txt"), threads=1, overlap=False)  # no zone: as -j 1
    lines = [set(data.splitlines()) for data in (in_zone[0].data, again[0].data, encode(plain.triples).data)]
    assert lines[0] == lines[1] == lines[2] and len(lines[0]) > 20
