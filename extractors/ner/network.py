"""The trained NER's network in PyTorch: embeddings (characters, bigrams, LAC's
words, the lexicon's B/M/E marks per word source), dilated convolutions and a CRF.

For: training (``train/train_ner.py``) and exporting the encoder to ONNX.
Needs PyTorch (the ``train`` extra); nothing at run time imports this module,
which reads the exported ``ner.onnx`` through :mod:`zhitu.extractors.ner.runtime`.

A convolutional encoder rather than a BiLSTM: it trains in minutes on two CPU
cores and runs many times faster. It masks padding after every layer, so a
row's emissions do not depend on the padding after it. The exported model is
quantised dynamically (int8, one activation scale per tensor), which does tie
rows of one batch together: inference runs it one sentence at a time.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass
class NetConfig:
    """Sizes of the network (saved beside the weights)."""

    chars: int
    bigrams: int
    lac: int
    tags: int
    styles: int = 2
    char_dim: int = 64
    bigram_dim: int = 32
    lac_dim: int = 32
    hidden: int = 128
    dilations: tuple[int, ...] = (1, 2, 4, 1)
    dropout: float = 0.3
    #: Lexicon ids (``features.lexicon_ids_count()``) and their embedding size; 0: no lexicon input.
    lex: int = 0
    lex_dim: int = 0
    lex_sources: int = 4

    def to_dict(self) -> dict:
        return asdict(self)


class Encoder(nn.Module):
    """Ids (and a corpus style) → per-character tag scores (the CRF's emissions).

    Embeddings, a linear map, then residual dilated convolutions written as
    shifts and one matrix product each (so that dynamic int8 quantisation of
    the exported model covers them). Activations past each row's end are zeroed
    after every layer, so padding never leaks into a row. ``style`` says which
    annotation convention to follow (0: news, as MSRA; 1: CLUENER's).
    """

    def __init__(self, cfg: NetConfig) -> None:
        super().__init__()
        self.char = nn.Embedding(cfg.chars, cfg.char_dim, padding_idx=0)
        self.bigram = nn.Embedding(cfg.bigrams, cfg.bigram_dim, padding_idx=0)
        self.lac = nn.Embedding(cfg.lac, cfg.lac_dim, padding_idx=0)
        self.style = nn.Embedding(cfg.styles, cfg.hidden)
        width = cfg.char_dim + 2 * cfg.bigram_dim + cfg.lac_dim
        self.lexicon = nn.Embedding(cfg.lex, cfg.lex_dim) if cfg.lex_dim else None
        if self.lexicon is not None:
            width += cfg.lex_sources * cfg.lex_dim
        self.drop = nn.Dropout(cfg.dropout)
        self.project = nn.Linear(width, cfg.hidden)
        self.dilations = tuple(cfg.dilations)
        self.convs = nn.ModuleList(nn.Linear(3 * cfg.hidden, cfg.hidden) for _ in self.dilations)
        self.out = nn.Linear(cfg.hidden, cfg.tags)

    def forward(self, chars: torch.Tensor, bigrams: torch.Tensor, lac: torch.Tensor,
                lengths: torch.Tensor, style: torch.Tensor, lex: torch.Tensor | None = None) -> torch.Tensor:
        b = self.bigram(bigrams)
        parts = [self.char(chars), b[:, :-1], b[:, 1:], self.lac(lac)]
        if self.lexicon is not None:
            parts.append(self.lexicon(lex).flatten(2))  # (batch, steps, sources × lex_dim)
        x = torch.cat(parts, dim=-1)
        steps = torch.arange(chars.shape[1], device=chars.device).unsqueeze(0)
        mask = (steps < lengths.unsqueeze(1)).unsqueeze(2).to(x.dtype)  # (batch, steps, 1)
        h = torch.relu(self.project(self.drop(x)) + self.style(style).unsqueeze(1)) * mask
        for conv, d in zip(self.convs, self.dilations):
            padded = nn.functional.pad(h, (0, 0, d, d))
            window = torch.cat([padded[:, : -2 * d], h, padded[:, 2 * d :]], dim=-1)
            h = (h + torch.relu(conv(self.drop(window)))) * mask
        return self.out(self.drop(h))


class CRF(nn.Module):
    """A linear-chain CRF over the encoder's emissions (training loss only; decoding is numpy)."""

    def __init__(self, tags: int) -> None:
        super().__init__()
        self.transitions = nn.Parameter(torch.zeros(tags, tags))
        self.start = nn.Parameter(torch.zeros(tags))
        self.end = nn.Parameter(torch.zeros(tags))

    def nll(self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood of the gold tags (mask: True inside each row)."""
        batch, steps, _ = emissions.shape
        rows = torch.arange(batch)
        maskf = mask.float()
        gold = self.start[tags[:, 0]] + emissions[rows, 0, tags[:, 0]]
        for t in range(1, steps):
            step = self.transitions[tags[:, t - 1], tags[:, t]] + emissions[rows, t, tags[:, t]]
            gold = gold + step * maskf[:, t]
        last = tags[rows, mask.sum(1) - 1]
        gold = gold + self.end[last]
        alpha = self.start + emissions[:, 0]
        for t in range(1, steps):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + self.transitions + emissions[:, t].unsqueeze(1), dim=1)
            alpha = torch.where(mask[:, t : t + 1], nxt, alpha)
        log_z = torch.logsumexp(alpha + self.end, dim=1)
        return (log_z - gold).mean()


class Tagger(nn.Module):
    """Encoder and CRF together, as trained."""

    def __init__(self, cfg: NetConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.crf = CRF(cfg.tags)
