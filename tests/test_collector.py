"""zhitu.collector: a process's garbage collector settled after loading."""
from __future__ import annotations

import gc
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


def test_collecting_less_raises_the_young_threshold_only_within_the_block() -> None:
    from zhitu.collector import BUILD_YOUNG_THRESHOLD, collecting_less

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with collecting_less():
            assert gc.get_threshold() == (BUILD_YOUNG_THRESHOLD, 10, 10)
            with collecting_less():  # nested (or overlapping, in another thread): the outer one restores
                pass
            assert gc.get_threshold() == (BUILD_YOUNG_THRESHOLD, 10, 10)
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(50_000, 10, 10)
        with collecting_less():
            assert gc.get_threshold() == (50_000, 10, 10)  # a higher one stays
        assert gc.get_threshold() == (50_000, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_a_build_collects_less_while_it_runs_and_as_before_after(tmp_path, monkeypatch) -> None:
    import zhitu.build as build
    from zhitu.collector import BUILD_YOUNG_THRESHOLD

    seen = []
    write_outputs = build.write_outputs

    def recording(*args, **kwargs):
        seen.append(gc.get_threshold()[0])
        return write_outputs(*args, **kwargs)

    monkeypatch.setattr(build, "write_outputs", recording)
    page = tmp_path / "page.txt"
    page.write_text("澄溪市总工会主席许建国在青岚县调研。", encoding="utf-8")
    before = gc.get_threshold()
    result = build.run_build([str(page)], out_dir=tmp_path / "out", in_memory=True, jobs=1, formats=["turtle"])
    assert result.ok and seen == [BUILD_YOUNG_THRESHOLD]
    assert gc.get_threshold() == before
