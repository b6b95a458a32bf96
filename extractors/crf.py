"""Batched Viterbi decoding for linear-chain CRFs (LAC's and zhitu's NER).

The decoder is compiled with Numba (cached beside this module, or in the
user's cache folder where that is read-only) and releases the GIL, so the
threads of a one-process build decode while the others run.

Not for: running the models; each model gives its emissions and transitions.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _decode(emissions, offsets, transitions, start, end, spread, paths):  # pragma: no cover - compiled
    """Fill ``paths`` with the best tag path of each sequence, in place: sequence k is
    rows ``offsets[k]:offsets[k + 1]`` of ``emissions`` (steps, tags), its path the same rows of ``paths``."""
    n_tags = emissions.shape[1]
    longest = 0
    for k in range(len(offsets) - 1):
        longest = max(longest, offsets[k + 1] - offsets[k])
    score = np.empty(n_tags, dtype=np.float32)
    new = np.empty(n_tags, dtype=np.float32)
    back = np.empty((longest, n_tags), dtype=np.int64)
    for k in range(len(offsets) - 1):
        first, stop = offsets[k], offsets[k + 1]
        if stop == first:
            continue
        for j in range(n_tags):
            score[j] = emissions[first, j] + start[j]
        for t in range(1, stop - first):
            row = first + t
            leader = 0
            for i in range(1, n_tags):
                if score[i] > score[leader]:
                    leader = i
            runner_up = np.float32(-np.inf)
            for i in range(n_tags):
                if i != leader and score[i] > runner_up:
                    runner_up = score[i]
            if score[leader] - runner_up > spread:
                # The leader is every tag's best predecessor: K additions, not K×K.
                for j in range(n_tags):
                    new[j] = score[leader] + transitions[leader, j] + emissions[row, j]
                    back[t, j] = leader
            else:
                for j in range(n_tags):
                    best = 0
                    top = score[0] + transitions[0, j]
                    for i in range(1, n_tags):
                        candidate = score[i] + transitions[i, j]
                        if candidate > top:
                            top = candidate
                            best = i
                    new[j] = top + emissions[row, j]
                    back[t, j] = best
            score[:] = new
        last = 0
        top = score[0] + end[0]
        for j in range(1, n_tags):
            if score[j] + end[j] > top:
                top = score[j] + end[j]
                last = j
        paths[stop - 1] = last
        for t in range(stop - first - 1, 0, -1):
            last = back[t, last]
            paths[first + t - 1] = last


def decode(
    emissions: Sequence[np.ndarray],
    transitions: np.ndarray,
    *,
    start: np.ndarray | None = None,
    end: np.ndarray | None = None,
) -> list[np.ndarray]:
    """The best tag path of each sequence of emissions ``(steps, tags)``, any lengths, in one call.

    Ties go to the lowest tag id. Pruning keeps the result exact: when the best
    previous tag leads the runner-up by more than the spread of the transition
    scores, it is the best predecessor of every tag, and that step's K×K
    comparisons reduce to K additions.
    """
    transitions = np.ascontiguousarray(transitions, dtype=np.float32)
    n_tags = transitions.shape[0]
    offsets = np.zeros(len(emissions) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in emissions], out=offsets[1:])
    rows = np.concatenate(emissions) if len(emissions) else np.empty((0, n_tags))
    paths = np.zeros(int(offsets[-1]), dtype=np.int64)
    zero = np.zeros(n_tags, dtype=np.float32)
    _decode(
        np.ascontiguousarray(rows, dtype=np.float32),
        offsets,
        transitions,
        zero if start is None else np.ascontiguousarray(start, dtype=np.float32),
        zero if end is None else np.ascontiguousarray(end, dtype=np.float32),
        np.float32(transitions.max() - transitions.min()),
        paths,
    )
    return [paths[offsets[k] : offsets[k + 1]] for k in range(len(emissions))]


def viterbi(
    emissions: np.ndarray,
    lengths: np.ndarray,
    transitions: np.ndarray,
    *,
    start: np.ndarray | None = None,
    end: np.ndarray | None = None,
) -> list[np.ndarray]:
    """:func:`decode` for a padded batch ``(batch, steps, tags)``: steps past a row's length are not read."""
    return decode([emissions[row, :length] for row, length in enumerate(lengths)], transitions, start=start, end=end)
