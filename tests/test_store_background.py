"""zhitu.store.background: the store's compactions run at the lowest CPU priority during a
build, its flushes at their own. Each check runs in a new process: RocksDB's threads are
the process's, and a lowered priority cannot be raised back."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

linux = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads are listed by name in /proc")
#: The nice value the tests' processes start with (0, unless the suite itself runs under ``nice``).
START = os.getpriority(os.PRIO_PROCESS, 0) if hasattr(os, "getpriority") else 0
above_lowest = pytest.mark.skipif(START >= 19, reason="the suite already runs at the lowest priority")

PRIORITIES = (
    "import json, os\n"
    "from pathlib import Path\n"
    "def priorities():\n"
    "    found = {}\n"
    "    for task in Path('/proc/self/task').iterdir():\n"
    "        name = (task / 'comm').read_text().strip()\n"
    "        if name.startswith('rocksdb:'):\n"
    "            found.setdefault(name, []).append(os.getpriority(os.PRIO_PROCESS, int(task.name)))\n"
    "    return found\n"
)


def _run(script: str) -> dict:
    """The JSON ``script`` prints last, run in a new process."""
    done = subprocess.run([sys.executable, "-c", PRIORITIES + script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@linux
@above_lowest
def test_the_compaction_threads_get_the_lowest_priority_and_the_flushes_keep_theirs(tmp_path):
    found = _run(
        "from zhitu.store import open_store\n"
        "from zhitu.store.background import yield_compactions\n"
        f"with open_store({str(tmp_path / 'store')!r}) as store:\n"
        "    before = priorities()\n"
        "    changed = yield_compactions()\n"
        "    print(json.dumps({'before': before, 'after': priorities(), 'changed': changed,\n"
        "                      'again': yield_compactions()}))\n"
    )
    assert found["before"]["rocksdb:low"] and set(found["before"]["rocksdb:low"]) == {START}
    assert set(found["after"]["rocksdb:low"]) == {19}
    assert found["changed"] == len(found["after"]["rocksdb:low"])
    assert found["again"] == 0  # already low: nothing to change
    assert found["after"]["rocksdb:high"] == found["before"]["rocksdb:high"]  # flushes: a write waits on them


@linux
@above_lowest
def test_a_store_build_yields_its_compactions(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("澄溪镇举行春季运动会。\n", encoding="utf-8")
    found = _run(
        "import zhitu.build as b\n"
        "from zhitu.store import open_store\n"
        f"with open_store({str(tmp_path / 'store')!r}) as store:\n"
        "    before = priorities()\n"
        f"    b.build_store([{str(page)!r}], store, jobs=1)\n"
        "    print(json.dumps({'before': before, 'after': priorities(), 'documents': store.count_documents()}))\n"
    )
    assert set(found["before"]["rocksdb:low"]) == {START}
    assert set(found["after"]["rocksdb:low"]) == {19}
    assert found["documents"] == 1


def test_no_thread_to_yield_is_not_an_error(monkeypatch, tmp_path):
    import zhitu.store.background as background

    monkeypatch.setattr(background, "_TASKS", tmp_path / "no-such-folder")  # not Linux: no /proc
    assert background.yield_compactions() == 0
