"""Counting the work a call does, for tests that some work grows no faster
than its input.

A test helper, not part of zhitu. Speed is measured in ``bench/``, never
asserted in a test: a wall-clock bound fails on a loaded machine and passes on
a fast one whatever the algorithm. What a test can assert is the work done,
counted the same way on every machine: the Python lines run and the
functions called (Python and built-in). Run a function on an input of size n
and on one of 4n: linear work gives a ratio near 4, quadratic near 16.

Work done inside one built-in call (a regular expression's scan, a join) is
one call however long it takes; the tests that use this name what it cannot see.

    from tests.work import work

    assert work(normalise, text * 4) / work(normalise, text) < 5
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

__all__ = ["work"]


def work(function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> int:
    """The Python lines run and the function calls made while ``function(*args, **kwargs)`` runs."""
    count = 0

    def on_call(frame, event, arg) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    def on_line(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return on_line

    previous_profile, previous_trace = sys.getprofile(), sys.gettrace()
    sys.setprofile(on_call)
    sys.settrace(on_line)
    try:
        function(*args, **kwargs)
    finally:
        sys.settrace(previous_trace)
        sys.setprofile(previous_profile)
    return count
