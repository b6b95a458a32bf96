"""Batched Viterbi decoding for linear-chain CRFs (LAC's and zhitu's NER).

Not for: running the models; each model gives its emissions and transitions.
"""
from __future__ import annotations

import numpy as np


def viterbi(
    emissions: np.ndarray,
    lengths: np.ndarray,
    transitions: np.ndarray,
    *,
    start: np.ndarray | None = None,
    end: np.ndarray | None = None,
) -> list[np.ndarray]:
    """Best tag paths for a padded batch ``(batch, steps, tags)``, each cut to its length.

    Steps past a row's length are masked (its score and path stand still).
    Pruning keeps the result exact: when a row's best previous tag leads the
    runner-up by more than the spread of the transition scores, it is the best
    predecessor of every tag, and that row's K×K step reduces to K additions.
    """
    batch, steps, n_tags = emissions.shape
    spread = float(transitions.max() - transitions.min())
    identity = np.broadcast_to(np.arange(n_tags), (batch, n_tags))
    rows = np.arange(batch)
    score = emissions[:, 0, :] + (start if start is not None else 0.0)
    back = np.empty((steps, batch, n_tags), dtype=np.int64)
    for t in range(1, steps):
        top2 = np.partition(score, n_tags - 2, axis=1)[:, n_tags - 2 :]
        leader = score.argmax(axis=1)
        decided = (top2[:, 1] - top2[:, 0]) > spread
        best = np.broadcast_to(leader[:, None], (batch, n_tags)).copy()
        new = score[rows, leader][:, None] + transitions[leader] + emissions[:, t, :]
        open_rows = np.flatnonzero(~decided)
        if open_rows.size:
            candidates = score[open_rows, :, None] + transitions[None, :, :]
            best[open_rows] = candidates.argmax(axis=1)
            new[open_rows] = candidates.max(axis=1) + emissions[open_rows, t, :]
        active = (t < lengths)[:, None]
        back[t] = np.where(active, best, identity)
        score = np.where(active, new, score)
    last = (score + (end if end is not None else 0.0)).argmax(axis=1)
    paths = np.empty((batch, steps), dtype=np.int64)
    paths[:, -1] = last
    for t in range(steps - 1, 0, -1):
        last = back[t, rows, last]
        paths[:, t - 1] = last
    return [paths[row, : lengths[row]] for row in range(batch)]
