"""Offline trainer for the shipped linear models (only needed to rebuild the weights).

Logistic regression, multinomial or one-vs-rest, with L2, fitted by full-batch Adam on sparse features. The
L2 strength is chosen and the temperature fitted on a stratified held-out fifth of the training data; the final
model is then refitted on all of it. Run time never trains: municipalities adapt through sparse corrections
(adapter.py), and scoring is one gather and one product per model (linear.py).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence

from sportello.learning.features import featurize
from sportello.learning.linear import LinearModel

L2_GRID = (3e-4, 1e-3, 3e-3)
TEMPERATURES = [0.5 + 0.05 * i for i in range(51)]


def _np():  # numpy only when training
    import numpy

    return numpy


class Design:
    """Sparse rows (CSR) over a vocabulary, with a column-sorted copy for the gradient."""

    def __init__(self, rows: Sequence[dict[str, float]], vocab: dict[str, int]) -> None:
        np = _np()
        indptr, cols, vals = [0], [], []
        for feats in rows:
            for name, x in feats.items():
                j = vocab.get(name)
                if j is not None:
                    cols.append(j)
                    vals.append(x)
            indptr.append(len(cols))
        self.n, self.v = len(rows), len(vocab)
        self.indptr = np.array(indptr)
        self.cols = np.array(cols, dtype=np.int64)
        self.vals = np.array(vals, dtype=np.float64)
        self.rows = np.repeat(np.arange(self.n), np.diff(self.indptr))
        order = np.argsort(self.cols, kind="stable")
        self.c_order = order
        self.c_cols, starts = np.unique(self.cols[order], return_index=True)
        self.c_starts = starts

    def dot(self, W):  # X @ W
        np = _np()
        prod = self.vals[:, None] * W[self.cols]
        out = np.zeros((self.n, W.shape[1]))
        nonempty = np.diff(self.indptr) > 0
        if prod.shape[0]:
            sums = np.add.reduceat(prod, self.indptr[:-1][nonempty], axis=0)
            out[nonempty] = sums
        return out

    def tdot(self, G):  # X.T @ G
        np = _np()
        prod = (self.vals[:, None] * G[self.rows])[self.c_order]
        out = np.zeros((self.v, G.shape[1]))
        if prod.shape[0]:
            out[self.c_cols] = np.add.reduceat(prod, self.c_starts, axis=0)
        return out


def build_vocab(rows: Sequence[dict[str, float]], min_df: int) -> dict[str, int]:
    df = Counter(name for feats in rows for name in feats)
    return {name: i for i, name in enumerate(sorted(n for n, c in df.items() if c >= min_df))}


def _fit(X: Design, Y, mode: str, l2: float, iters: int, sample_weight=None, pos_weight=None):
    np = _np()
    n, k = Y.shape
    W = np.zeros((X.v, k))
    b = np.zeros(k)
    if mode == "sigmoid":
        prior = np.clip(Y.mean(axis=0), 1e-3, 1 - 1e-3)
        b = np.log(prior / (1 - prior))
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    sw = sw / sw.sum()
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b)
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    for t in range(1, iters + 1):
        Z = X.dot(W) + b
        P = _probs(Z, mode)
        G = (P - Y) * sw[:, None]
        if pos_weight is not None:  # one-vs-rest with rare positives: a missed violation costs more
            G = G * (Y * pos_weight[None, :] + (1 - Y))
        gW = X.tdot(G) + l2 * W
        gb = G.sum(axis=0)
        mW = b1 * mW + (1 - b1) * gW
        vW = b2 * vW + (1 - b2) * gW * gW
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb * gb
        c1, c2 = 1 - b1 ** t, 1 - b2 ** t
        W -= lr * (mW / c1) / (np.sqrt(vW / c2) + eps)
        b -= lr * (mb / c1) / (np.sqrt(vb / c2) + eps)
    return W, b


def _probs(Z, mode: str):
    np = _np()
    if mode == "sigmoid":
        return 1.0 / (1.0 + np.exp(-np.clip(Z, -30, 30)))
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def _nll(Z, Y, mode: str) -> float:
    np = _np()
    P = np.clip(_probs(Z, mode), 1e-9, 1 - 1e-9)
    if mode == "sigmoid":
        return float(-(Y * np.log(P) + (1 - Y) * np.log(1 - P)).sum(axis=1).mean())
    return float(-(Y * np.log(P)).sum(axis=1).mean())


def _split(keys: Sequence[str], seed: int) -> tuple[list[int], list[int]]:
    """A stratified fifth held out (by label key), deterministic for a seed."""
    rng = random.Random(seed)
    by: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by.setdefault(key, []).append(i)
    train, held = [], []
    for key in sorted(by):
        idx = by[key]
        rng.shuffle(idx)
        cut = max(1, len(idx) // 5) if len(idx) >= 3 else 0
        held += idx[:cut]
        train += idx[cut:]
    return sorted(train), sorted(held)


def train(
    task: str,
    texts: Sequence[str],
    labels: Sequence[Sequence[str]],
    classes: Sequence[str],
    mode: str,
    *,
    min_df: int = 2,
    iters: int = 300,
    seed: int = 0,
    balance: bool = False,
    positive_weight: bool = False,
    l2_grid: Sequence[float] = L2_GRID,
) -> LinearModel:
    """Fit a model. `labels[i]` is the list of classes of text i (exactly one for softmax, any for sigmoid)."""
    np = _np()
    feats = [dict(featurize(t)) for t in texts]
    index = {c: j for j, c in enumerate(classes)}
    Y = np.zeros((len(texts), len(classes)))
    for i, ls in enumerate(labels):
        for label in ls:
            Y[i, index[label]] = 1.0
    keys = [",".join(sorted(ls)) or "-" for ls in labels]
    weights = None
    if balance:  # each class (or label set) weighs the same in total: rare categories are not drowned
        counts = Counter(keys)
        weights = [1.0 / math.sqrt(counts[k]) for k in keys]
    pos_weight = None
    if positive_weight and mode == "sigmoid":
        positives = Y.sum(axis=0)
        pos_weight = np.sqrt(np.maximum(1.0, (len(texts) - positives) / np.maximum(positives, 1.0)))
    tr, held = _split(keys, seed)
    best = None
    vocab_tr = build_vocab([feats[i] for i in tr], min_df)
    Xtr, Xh = Design([feats[i] for i in tr], vocab_tr), Design([feats[i] for i in held], vocab_tr)
    for l2 in l2_grid:
        W, b = _fit(Xtr, Y[tr], mode, l2, iters, None if weights is None else [weights[i] for i in tr], pos_weight)
        Zh = Xh.dot(W) + b
        temp = min(TEMPERATURES, key=lambda T: _nll(Zh / T, Y[held], mode))
        loss = _nll(Zh / temp, Y[held], mode)
        if best is None or loss < best[0]:
            best = (loss, l2, temp)
    assert best is not None
    _loss, l2, temp = best
    vocab = build_vocab(feats, min_df)
    W, b = _fit(Design(feats, vocab), Y, mode, l2, iters, weights, pos_weight)
    names = sorted(vocab, key=vocab.get)
    kept = {name: tuple(float(v) for v in W[j]) for j, name in enumerate(names) if float(abs(W[j]).max()) >= 0.01}
    return LinearModel(
        task=task, mode=mode, classes=tuple(classes), bias=tuple(float(v) for v in b), weights=kept,
        temperature=float(temp),
        meta={"examples": len(texts), "l2": l2, "held_out_nll": round(best[0], 4), "min_df": min_df,
              "iters": iters, "features": len(kept), "positive_weight": positive_weight},
    )
