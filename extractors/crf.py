"""Batched Viterbi decoding for linear-chain CRFs (LAC's and zhitu's NER).

The decoder is compiled with Numba (cached beside this module, or in the
user's cache folder where that is read-only) and releases the GIL, so the
threads of a one-process build decode while the others run.

Not for: running the models; each model gives its emissions and transitions.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _decode(emissions, lengths, transitions, start, end, spread, paths):  # pragma: no cover - compiled
    """Fill ``paths`` row by row: the best tag path of each sequence, in place."""
    batch, steps, n_tags = emissions.shape
    score = np.empty(n_tags, dtype=np.float32)
    new = np.empty(n_tags, dtype=np.float32)
    back = np.empty((steps, n_tags), dtype=np.int64)
    for row in range(batch):
        length = lengths[row]
        if length == 0:
            continue
        for j in range(n_tags):
            score[j] = emissions[row, 0, j] + start[j]
        for t in range(1, length):
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
                    new[j] = score[leader] + transitions[leader, j] + emissions[row, t, j]
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
                    new[j] = top + emissions[row, t, j]
                    back[t, j] = best
            score[:] = new
        last = 0
        top = score[0] + end[0]
        for j in range(1, n_tags):
            if score[j] + end[j] > top:
                top = score[j] + end[j]
                last = j
        paths[row, length - 1] = last
        for t in range(length - 1, 0, -1):
            last = back[t, last]
            paths[row, t - 1] = last


def viterbi(
    emissions: np.ndarray,
    lengths: np.ndarray,
    transitions: np.ndarray,
    *,
    start: np.ndarray | None = None,
    end: np.ndarray | None = None,
) -> list[np.ndarray]:
    """Best tag paths for a padded batch ``(batch, steps, tags)``, each cut to its length.

    Steps past a row's length are not read. Ties go to the lowest tag id.
    Pruning keeps the result exact: when a row's best previous tag leads the
    runner-up by more than the spread of the transition scores, it is the best
    predecessor of every tag, and that row's K×K step reduces to K additions.
    """
    batch, steps, n_tags = emissions.shape
    transitions = np.ascontiguousarray(transitions, dtype=np.float32)
    zero = np.zeros(n_tags, dtype=np.float32)
    paths = np.zeros((batch, steps), dtype=np.int64)
    _decode(
        np.ascontiguousarray(emissions, dtype=np.float32),
        np.asarray(lengths, dtype=np.int64),
        transitions,
        zero if start is None else np.ascontiguousarray(start, dtype=np.float32),
        zero if end is None else np.ascontiguousarray(end, dtype=np.float32),
        np.float32(transitions.max() - transitions.min()),
        paths,
    )
    return [paths[row, : lengths[row]] for row in range(batch)]
