"""zhitu.allocator: glibc's trim threshold set for a build, the user's own setting kept."""
from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt's trim threshold is glibc's")
CALL = "from zhitu.allocator import trim_freed_memory as t; print(t(), t())"


def _run(script: str, **env: str) -> str:
    """``script``'s last line of output, run in a new process with ``env`` as the only
    ``MALLOC_TRIM_THRESHOLD_`` setting."""
    environ = {key: value for key, value in os.environ.items() if key != "MALLOC_TRIM_THRESHOLD_"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**environ, **env})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@glibc
def test_sets_the_threshold_once_per_process():
    assert _run(CALL) == "True True"


def test_the_users_setting_stands():
    assert _run(CALL, MALLOC_TRIM_THRESHOLD_="1048576") == "False False"


@glibc
def test_a_store_build_sets_it(tmp_path):
    script = (
        "import zhitu.allocator as a, zhitu.build as b\n"
        "from zhitu.store import open_store\n"
        f"page = {str(tmp_path / 'page.txt')!r}\n"
        "open(page, 'w', encoding='utf-8').write('澄溪镇举行春季运动会。\\n')\n"
        "assert a.trim_freed_memory.cache_info().currsize == 0\n"
        f"with open_store({str(tmp_path / 'store')!r}) as s:\n"
        "    b.build_store([page], s, jobs=1)\n"
        "print(a.trim_freed_memory.cache_info().currsize, a.trim_freed_memory())\n"
    )
    assert _run(script) == "1 True"


@glibc
def test_freed_memory_is_given_back_from_every_arena():
    # A thread's arena holds about 120 MB freed between a few blocks still in use, so glibc
    # cannot give it back from the heap's top: the trim hands back the pages in between.
    script = (
        "import threading, resource\n"
        "from zhitu.allocator import release_freed_memory\n"
        "def resident():\n"
        "    return int(open('/proc/self/statm').read().split()[1]) * resource.getpagesize()\n"
        "kept = []\n"
        "def burst():\n"
        "    held = [bytearray(600) for _ in range(200_000)]\n"
        "    kept.extend(held[::50])\n"
        "    del held\n"
        "t = threading.Thread(target=burst); t.start(); t.join()\n"
        "before = resident()\n"
        "done = release_freed_memory()\n"
        "print(done, (before - resident()) // 2**20)\n"
    )
    done, given_back_mb = _run(script).split()
    assert done == "True" and int(given_back_mb) > 50


def test_a_store_build_gives_freed_memory_back_after_each_batch(tmp_path, monkeypatch):
    import zhitu.build as build_module
    from store_pages import write_records
    from zhitu.store import open_store

    calls = []
    monkeypatch.setattr(build_module, "release_freed_memory", lambda: calls.append(1) or True)
    monkeypatch.setattr(build_module, "BATCH_DOCUMENTS", 2)  # batches of 1, 2, 2, 1 documents
    with open_store(tmp_path / "store") as store:
        build_module.build_store([str(write_records(tmp_path / "news.jsonl", 6))], store)
    assert len(calls) == 5  # and once more when the build is done (next test)


def test_a_store_build_gives_freed_memory_back_before_the_outputs_read_the_store(tmp_path, monkeypatch):
    # The compactions a build puts off (zhitu.store.background) run as its namesake pass does,
    # and free their buffers in their own threads' arenas.
    import zhitu.build as build_module
    from store_pages import write_records
    from zhitu.store import Store, open_store

    calls = []
    monkeypatch.setattr(build_module, "release_freed_memory", lambda: calls.append("release") or True)
    stats = Store.stats
    monkeypatch.setattr(Store, "stats", lambda self: calls.append("stats") or stats(self))
    with open_store(tmp_path / "store") as store:
        build_module.build_store([str(write_records(tmp_path / "news.jsonl", 2))], store)
    assert calls[-2:] == ["stats", "release"]
