"""The compiled Viterbi decoder against an exhaustive search over every tag path."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from zhitu.extractors.crf import decode, viterbi


def _best_path(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[int]:
    """The highest-scoring path by trying them all (float64, so no ties among random scores)."""
    steps, n_tags = emissions.shape
    best, best_score = None, -np.inf
    for path in itertools.product(range(n_tags), repeat=steps):
        score = start[path[0]] + end[path[-1]] + sum(emissions[t, tag] for t, tag in enumerate(path))
        score += sum(transitions[a, b] for a, b in zip(path, path[1:]))
        if score > best_score:
            best, best_score = list(path), score
    return best


@pytest.mark.parametrize("seed", range(12))
def test_every_row_gets_the_best_path(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_tags, batch = int(rng.integers(2, 5)), 6
    lengths = rng.integers(1, 6, size=batch)
    # Wide emissions make most steps decided (the pruned branch), narrow ones leave them open.
    emissions = (rng.normal(size=(batch, int(lengths.max()), n_tags)) * rng.choice([0.3, 8.0])).astype(np.float32)
    transitions = rng.normal(size=(n_tags, n_tags)).astype(np.float32)
    start, end = rng.normal(size=n_tags).astype(np.float32), rng.normal(size=n_tags).astype(np.float32)
    paths = viterbi(emissions, lengths, transitions, start=start, end=end)
    for row, length in enumerate(lengths):
        expected = _best_path(emissions[row, :length].astype(np.float64), transitions, start, end)
        assert paths[row].tolist() == expected


def test_padding_past_a_rows_length_is_not_read() -> None:
    rng = np.random.default_rng(7)
    emissions = rng.normal(size=(2, 6, 3)).astype(np.float32)
    transitions = rng.normal(size=(3, 3)).astype(np.float32)
    alone = viterbi(emissions[:1, :2], np.array([2]), transitions)[0]
    emissions[0, 2:] = 1e6 * rng.normal(size=(4, 3))
    padded = viterbi(emissions, np.array([2, 6]), transitions)
    assert padded[0].tolist() == alone.tolist()
    assert len(padded[1]) == 6


def test_without_start_and_end_scores_and_with_an_empty_row() -> None:
    emissions = np.array([[[0.0, 2.0], [3.0, 0.0], [0.0, 0.0]], [[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]]], np.float32)
    transitions = np.array([[0.0, -5.0], [0.0, 0.0]], np.float32)
    paths = viterbi(emissions, np.array([2, 0]), transitions)
    assert paths[0].tolist() == [1, 0]
    assert paths[1].tolist() == []


def test_ties_go_to_the_lowest_tag() -> None:
    paths = viterbi(np.zeros((1, 4, 3), np.float32), np.array([4]), np.zeros((3, 3), np.float32))
    assert paths[0].tolist() == [0, 0, 0, 0]


def test_sequences_of_any_lengths_decode_in_one_call_as_alone() -> None:
    rng = np.random.default_rng(3)
    transitions = rng.normal(size=(5, 5)).astype(np.float32)
    sequences = [rng.normal(size=(n, 5)).astype(np.float32) for n in (7, 1, 0, 12, 3)]
    together = decode(sequences, transitions)
    assert [p.tolist() for p in together] == [decode([s], transitions)[0].tolist() for s in sequences]
    assert [len(p) for p in together] == [7, 1, 0, 12, 3]
    assert decode([], transitions) == []
