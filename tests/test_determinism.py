"""A document's graph depends on that document alone: ``-j 1`` and ``-j 2``
builds give the same store, quad for quad, and so does a build SIGKILLed
halfway and run again. (``bench/kill_resume.py`` is the full-size version, on
the shared corpus; the articles here are invented.)"""
from __future__ import annotations

import json
import os
import random
from contextlib import chdir
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from zhitu.build import build_store
from zhitu.store import open_store

ARTICLES = 40

_SURNAMES = "韩莫宁柏蓝苏程秦尹邵谭廖熊顾侯孟段雷汤易乔赖"
_GIVEN = "立川知远书瑶若望舒闻溪临风思齐景行海涛雪梅建国丽华志强秀明辉晓燕玉兰子轩浩然雨桐振春桂德胜静宏"
_PLACES = ["澄溪市", "青岚县", "临川市", "西江省", "北湖区", "东山镇", "滨海新区", "云岭州", "长宁县", "白沙洲"]
_BODIES = ["远航科技有限公司", "青禾农业合作社", "南方电力集团", "星河大学", "东岭中学", "澄溪市人民医院",
           "西江省交通运输厅", "海川银行", "北辰研究院", "青岚县委宣传部", "绿野环保协会", "江城日报社"]
_CLAUSES = [
    "{p}在{l}会见了{o}代表{q}。", "{o}董事长{p}表示，{l}将加快发展。",
    "记者从{o}获悉，{p}和{q}近日前往{l}调研。", "{l}{o}负责人{p}说：“今年任务很重。”",
    "据{o}消息，{p}于昨日抵达{l}，与{q}举行会谈。", "在{l}，{o}的{p}带领大家参观。",
    "{q}、{p}等出席{l}{o}成立大会。", "{o}党委书记{p}主持会议，{q}作工作报告。",
]

pytestmark = pytest.mark.slow  # real builds, -j 2 and a killed one: about a minute


def invented_records(count: int, *, seed: int = 11) -> list[dict]:
    """``count`` seeded articles of 8 to 16 sentences about made-up people and bodies."""
    rng = random.Random(seed)

    def person() -> str:
        return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2)))

    def sentence() -> str:
        clauses = [rng.choice(_CLAUSES).format(p=person(), q=person(), l=rng.choice(_PLACES), o=rng.choice(_BODIES))
                   for _ in range(1 if rng.random() < 0.8 else rng.randint(2, 4))]
        return "，".join(c.rstrip("。") for c in clauses) + "。"

    return [{"id": f"a{n:03d}", "date": "2023-10-08", "title": f"{rng.choice(_PLACES)}简讯",
             "text": "本报讯 " + "".join(sentence() for _ in range(rng.randint(8, 16)))}
            for n in range(count)]


def sorted_quads(store_dir: Path) -> list[str]:
    with open_store(store_dir, read_only=True) as store:
        return sorted(str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, None))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("determinism") / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in invented_records(ARTICLES)),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory) -> list[str]:
    """The store of a plain ``-j 2`` build, as sorted N-Quads."""
    folder = tmp_path_factory.mktemp("uninterrupted") / "store"
    # Every build runs where the input is: a file's document id is its path from there.
    with chdir(corpus.parent), open_store(folder) as store:
        assert build_store([corpus.name], store, jobs=2).documents_built == ARTICLES
    return sorted_quads(folder)


def test_one_process_and_two_workers_build_the_same_store(corpus, uninterrupted, tmp_path) -> None:
    with chdir(corpus.parent), open_store(tmp_path / "store") as store:
        build_store([corpus.name], store, jobs=1)
    alone = sorted_quads(tmp_path / "store")
    assert len(alone) > 50 * ARTICLES
    assert set(alone) ^ set(uninterrupted) == set()


def test_a_build_killed_and_run_again_equals_an_uninterrupted_one(corpus, uninterrupted, tmp_path) -> None:
    store = tmp_path / "store"
    command = [sys.executable, "-m", "zhitu.cli", "build", "-j", "2", "-v", "--no-progress", "--store", str(store),
               "--out", str(tmp_path / "out"), "--format", "nquads", corpus.name]
    first = subprocess.Popen(command, cwd=corpus.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stored = 0
    for line in first.stderr:
        stored += line.startswith("zhitu: stored ")
        if stored >= ARTICLES // 2:
            first.send_signal(signal.SIGKILL)
            break
    first.stderr.close()
    assert first.wait() == -signal.SIGKILL, "the build ended before it could be killed"
    again = subprocess.run(command, cwd=corpus.parent, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "unchanged" in again.stderr  # it resumed: what the killed run stored was kept
    assert set(sorted_quads(store)) ^ set(uninterrupted) == set()


def test_the_graph_does_not_depend_on_the_hash_seed(corpus, tmp_path) -> None:
    # Each process hashes strings with its own seed (so do Dask's workers): no rule may
    # depend on the order a set of names is read in. 省委省政府 twice after a province once did.
    news = tmp_path / "news.jsonl"
    extra = {"id": "b001", "date": "2023-10-08", "title": "青海省简讯",
             "text": "本报讯 青海省体育局开会，学习省委省政府的部署。会议要求落实省委省政府对全民健身的安排。"}
    news.write_text(corpus.read_text(encoding="utf-8") + json.dumps(extra, ensure_ascii=False) + "\n", encoding="utf-8")
    graphs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        done = subprocess.run([sys.executable, "-m", "zhitu.cli", "build", "-j", "1", "--no-progress", "--no-store",
                               "--out", str(out), "--format", "nquads", news.name], cwd=tmp_path,
                              capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        graphs.append(set((out / "graph.nq").read_text(encoding="utf-8").splitlines()))
    assert len(graphs[0]) > 50 * ARTICLES
    assert graphs[0] ^ graphs[1] == set()
