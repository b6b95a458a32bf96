"""zhitu.collector: a process's garbage collector settled after loading."""
from __future__ import annotations

import subprocess
import sys
import textwrap


def test_settle_loaded_freezes_what_is_alive_and_raises_the_young_threshold() -> None:
    # In a process of its own: the settings are the whole process's.
    code = textwrap.dedent("""
        import gc
        from zhitu.collector import YOUNG_THRESHOLD, settle_loaded
        loaded = [[i] for i in range(50_000)]  # container objects the collector tracks
        before = gc.get_threshold()
        settle_loaded()
        assert gc.get_freeze_count() >= 50_000, gc.get_freeze_count()
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:]), gc.get_threshold()
        assert not any(obj is loaded for obj in gc.get_objects())  # no longer walked
        later = [[1]]
        assert any(obj is later for obj in gc.get_objects(0))  # new objects still are
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
