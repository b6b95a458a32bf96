"""The trained NER's network in PyTorch: embeddings, a BiLSTM and a CRF.

For: training (``train/train_ner.py``) and exporting the encoder to ONNX.
Needs PyTorch (the ``train`` extra); nothing at run time imports this module,
which reads the exported ``ner.onnx`` through :mod:`zhitu.extractors.ner.runtime`.

The backward LSTM reads each row reversed within its own length, so a row's
emissions do not depend on the padding after it: inference may batch sentences
of any lengths together and get what each would get alone.
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
    char_dim: int = 64
    bigram_dim: int = 32
    lac_dim: int = 32
    hidden: int = 128
    dropout: float = 0.3

    def to_dict(self) -> dict:
        return asdict(self)


class Encoder(nn.Module):
    """Ids → per-character tag scores (the CRF's emissions)."""

    def __init__(self, cfg: NetConfig) -> None:
        super().__init__()
        self.char = nn.Embedding(cfg.chars, cfg.char_dim, padding_idx=0)
        self.bigram = nn.Embedding(cfg.bigrams, cfg.bigram_dim, padding_idx=0)
        self.lac = nn.Embedding(cfg.lac, cfg.lac_dim, padding_idx=0)
        width = cfg.char_dim + 2 * cfg.bigram_dim + cfg.lac_dim
        self.drop = nn.Dropout(cfg.dropout)
        self.forward_lstm = nn.LSTM(width, cfg.hidden, batch_first=True)
        self.backward_lstm = nn.LSTM(width, cfg.hidden, batch_first=True)
        self.out = nn.Linear(2 * cfg.hidden, cfg.tags)

    def forward(self, chars: torch.Tensor, bigrams: torch.Tensor, lac: torch.Tensor,
                lengths: torch.Tensor) -> torch.Tensor:
        b = self.bigram(bigrams)
        x = torch.cat([self.char(chars), b[:, :-1], b[:, 1:], self.lac(lac)], dim=-1)
        x = self.drop(x)
        steps = torch.arange(chars.shape[1], device=chars.device).unsqueeze(0)
        inside = steps < lengths.unsqueeze(1)
        # Reverse each row within its length; padding stays where it is.
        reverse = torch.where(inside, lengths.unsqueeze(1) - 1 - steps, steps)
        index = reverse.unsqueeze(-1).expand(-1, -1, x.shape[-1])
        ahead, _ = self.forward_lstm(x)
        back, _ = self.backward_lstm(torch.gather(x, 1, index))
        back = torch.gather(back, 1, reverse.unsqueeze(-1).expand(-1, -1, back.shape[-1]))
        h = self.drop(torch.cat([ahead, back], dim=-1))
        return self.out(h)


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
