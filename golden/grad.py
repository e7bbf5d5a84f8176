"""Backward through nn.GRU: gradient goldens recorded from torch autograd in golden/grad/ (cases and manifest).

Each case seeds torch with a hash of its id, builds nn.GRU(**kwargs) with torch's own init in the case's dtype,
draws input and hx with torch.randn (times the case's scale), runs forward (train-mode cases re-seed first and
record the dropout masks torch drew, proven by golden/dropout_replay.py), draws the upstream gradients with
torch.randn and calls torch.autograd.backward([output, h_n], [G_out, G_hn]) on the ones the case gives. It records
the upstream gradients and the gradients of input, hx (null when hx was omitted) and every parameter; or, for an
error case, the error torch raises. Cases name their gru.grad.* clauses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

import torch
from torch import nn

from case import text_seed
from checks import GenerationError
from dropout_replay import verified_masks
from encode import tensor_data
from side_tree import provenance, write_side_tree
from values import DTYPES

FORMAT = "gru-conformance/golden-grad"
BPTT = ["gru.grad.vjp", "gru.grad.shapes", "gru.grad.bptt", "gru.grad.hidden-update", "gru.grad.new-gate",
        "gru.grad.gates", "gru.grad.parameters"]
UPSTREAMS = ("output", "h_n", "both")


@dataclass(frozen=True)
class GradCase:
    id: str
    description: str
    kwargs: dict[str, Any]
    dtype: str = "float64"
    steps: int = 4
    batch: int | None = 2  # None: unbatched input [L, I]
    hx_given: bool = True
    upstream: str = "both"  # which upstream gradients are given: "output", "h_n" or "both"
    training: bool = False
    scale: float = 1.0  # input and hx are torch.randn times this
    upstream_shapes: dict[str, list[int]] | None = None  # error cases: an upstream of another shape
    extra: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "grad-error" if self.upstream_shapes else "grad"

    @property
    def clauses(self) -> list[str]:
        if self.upstream_shapes:
            return ["gru.grad.err-upstream-shape"]
        more = []
        if self.kwargs.get("num_layers", 1) > 1 or self.kwargs.get("bidirectional"):
            more.append("gru.grad.layers")
        if not self.hx_given:
            more.append("gru.grad.hx-omitted")
        if self.training:
            more.append("gru.grad.dropout")
        return BPTT + more + self.extra


def name(kwargs: dict[str, Any], batch: int | None, hx: bool, dtype: str, upstream: str) -> str:
    parts = [f"l{kwargs.get('num_layers', 1)}"]
    parts += ["nobias"] if kwargs.get("bias") is False else []
    parts += ["bf"] if kwargs.get("batch_first") else []
    parts += ["bi"] if kwargs.get("bidirectional") else []
    parts += ["unbatched"] if batch is None else []
    parts += [] if hx else ["nohx"]
    parts += [] if upstream == "both" else [f"up-{upstream.replace('_', '')}"]
    return f"grad-{'-'.join(parts)}-f{dtype[-2:]}"


def grid_cases() -> list[GradCase]:
    """num_layers 1..3 x bias x batch_first x bidirectional x hx given/omitted x batched/unbatched x dtype, with
    both upstream gradients; batch_first is not varied for unbatched input, which ignores it."""
    cases = []
    for layers, bias, bf, bi, hx, batched, dtype in product((1, 2, 3), (True, False), (False, True), (False, True),
                                                            (True, False), (True, False), ("float32", "float64")):
        if bf and not batched:
            continue
        kwargs = {"input_size": 3, "hidden_size": 4, "num_layers": layers, "bias": bias, "batch_first": bf,
                  "bidirectional": bi}
        batch = 2 if batched else None
        cases.append(GradCase(name(kwargs, batch, hx, dtype, "both"),
                              f"{layers} layer(s), bias={bias}, batch_first={bf}, bidirectional={bi}, hx "
                              f"{'given' if hx else 'omitted'}, {'batch 2' if batched else 'unbatched'}",
                              kwargs, dtype, 4, batch, hx))
    return cases


def upstream_cases() -> list[GradCase]:
    """An upstream gradient for output only and for h_n only, on a few shapes."""
    cases = []
    for dtype, upstream in product(("float32", "float64"), ("output", "h_n")):
        for kwargs, batch, hx in (({"input_size": 3, "hidden_size": 4}, 2, True),
                                  ({"input_size": 3, "hidden_size": 4, "num_layers": 2, "bidirectional": True}, 3, True),
                                  ({"input_size": 2, "hidden_size": 5, "num_layers": 3, "batch_first": True}, 2, False),
                                  ({"input_size": 3, "hidden_size": 4, "bidirectional": True}, None, False)):
            cases.append(GradCase(name(kwargs, batch, hx, dtype, upstream),
                                  f"upstream gradient for {upstream} only (the other absent, meaning zeros)",
                                  kwargs, dtype, 5, batch, hx, upstream))
    return cases


def special_cases() -> list[GradCase]:
    cases = []
    for dtype in ("float32", "float64"):
        d = dtype[-2:]
        cases += [
            GradCase(f"grad-long-200-f{d}", "a sequence of 200 steps, one layer", {"input_size": 2, "hidden_size": 3},
                     dtype, 200, 2, True),
            GradCase(f"grad-long-120-bi-l2-f{d}", "120 steps, two bidirectional layers",
                     {"input_size": 2, "hidden_size": 3, "num_layers": 2, "bidirectional": True}, dtype, 120, 2, True),
            GradCase(f"grad-long-300-unbatched-f{d}", "300 steps, unbatched, hx omitted",
                     {"input_size": 3, "hidden_size": 2}, dtype, 300, None, False),
            GradCase(f"grad-saturated-f{d}", "input and hx times 30: most gates saturate",
                     {"input_size": 3, "hidden_size": 4, "num_layers": 2}, dtype, 6, 2, True, scale=30.0,
                     extra=["gru.num.saturation"]),
            GradCase(f"grad-saturated-bi-f{d}", "input times 200, bidirectional, hx omitted: gates at exactly 0 or 1",
                     {"input_size": 3, "hidden_size": 4, "bidirectional": True}, dtype, 5, 3, False, scale=200.0,
                     extra=["gru.num.saturation"]),
        ]
        for layers, p, bi, bf, hx in ((2, 0.5, False, False, True), (3, 0.3, True, False, True),
                                      (2, 0.25, True, True, False), (3, 0.6, False, True, True)):
            kwargs = {"input_size": 3, "hidden_size": 4, "num_layers": layers, "dropout": p, "bidirectional": bi,
                      "batch_first": bf}
            cases.append(GradCase(f"grad-train-l{layers}-p{int(p * 100)}{'-bi' if bi else ''}{'-bf' if bf else ''}"
                                  f"{'' if hx else '-nohx'}-f{d}",
                                  f"training mode, dropout {p}, {layers} layers, masks recorded", kwargs, dtype, 5, 3,
                                  hx, training=True, extra=["gru.dropout.between-layers"]))
    return cases


def error_cases() -> list[GradCase]:
    k = {"input_size": 3, "hidden_size": 4, "batch_first": True}
    err = lambda id_, description, shapes, upstream="both": GradCase(  # noqa: E731
        f"grad-err-{id_}", description, k, "float64", 5, 2, True, upstream, upstream_shapes=shapes)
    return [
        err("output-time-major", "batch_first output [2, 5, 4] given a time-major upstream [5, 2, 4]",
            {"output": [5, 2, 4]}, "output"),
        err("output-broadcast", "output [2, 5, 4] given an upstream [1, 5, 4] that would broadcast",
            {"output": [1, 5, 4]}, "output"),
        err("h-n-unbatched", "h_n [1, 2, 4] given an upstream [1, 4]", {"h_n": [1, 4]}, "h_n"),
    ]


def all_grad_cases() -> list[GradCase]:
    return grid_cases() + upstream_cases() + special_cases() + error_cases()


def record(case: GradCase) -> dict[str, Any]:
    seed = text_seed(case.id)
    torch.manual_seed(seed)
    dtype = DTYPES[case.dtype]
    gru = nn.GRU(**case.kwargs).to(dtype).train(case.training)
    layers, D = case.kwargs.get("num_layers", 1), 2 if case.kwargs.get("bidirectional") else 1
    L, N, I, H = case.steps, case.batch, gru.input_size, gru.hidden_size
    batch_first = bool(case.kwargs.get("batch_first")) and N is not None
    shape = (L, I) if N is None else (N, L, I) if batch_first else (L, N, I)
    x = (torch.randn(shape, dtype=dtype) * case.scale).requires_grad_(True)
    hx_shape = (D * layers, H) if N is None else (D * layers, N, H)
    hx = (torch.randn(hx_shape, dtype=dtype) * case.scale).requires_grad_(True) if case.hx_given else None
    if case.training:
        torch.manual_seed(seed)  # dropout draws from here (see dropout_replay)
    output, h_n = gru(x) if hx is None else gru(x, hx)
    masks = None
    if case.training:
        masks = verified_masks(seed, gru, x.detach(), None if hx is None else hx.detach(), output.detach(),
                               h_n.detach())
    shapes = case.upstream_shapes or {}
    given = {"output": output, "h_n": h_n} if case.upstream == "both" else {case.upstream: {"output": output, "h_n": h_n}[case.upstream]}
    upstream = {what: torch.randn(shapes.get(what, list(t.shape)), dtype=dtype) for what, t in given.items()}
    document: dict[str, Any] = {
        "format": FORMAT, "formatVersion": 1, "id": case.id, "kind": case.kind, "description": case.description,
        "dtype": case.dtype, "kwargs": case.kwargs, "mode": "train" if case.training else "eval",
        "parameters": {name: tensor_data(value) for name, value in gru.state_dict().items()},
        "input": tensor_data(x), "hx": None if hx is None else tensor_data(hx),
        "dropout_masks": None if masks is None else [tensor_data(m) for m in masks],
        "upstream": {what: tensor_data(upstream[what]) if what in upstream else None for what in ("output", "h_n")},
    }
    try:
        torch.autograd.backward(list(given.values()), [upstream[what] for what in given])
    except Exception as exc:  # noqa: BLE001 - any rejection is evidence
        if case.kind != "grad-error":
            raise GenerationError(f"golden: grad case {case.id}: torch refused the backward: {exc!r}") from exc
        expected: dict[str, Any] = {"error": {"type": type(exc).__name__, "message": str(exc)}}
    else:
        if case.kind == "grad-error":
            raise GenerationError(f"golden: grad case {case.id}: torch ACCEPTED upstream shapes {shapes}")
        missing = [name for name, p in gru.named_parameters() if p.grad is None]
        if missing or x.grad is None or (hx is not None and hx.grad is None):
            raise GenerationError(f"golden: grad case {case.id}: no gradient for {missing or 'input or hx'}")
        expected = {
            "input": tensor_data(x.grad), "hx": None if hx is None else tensor_data(hx.grad),
            "parameters": {name: tensor_data(p.grad) for name, p in gru.named_parameters()},
        }
    return {**document, "expected": expected, "clauses": case.clauses, "provenance": provenance("grad.py", seed)}


def write_grad_tree(root: Path) -> int:
    """Write golden/grad/cases/<id>.json and golden/grad/manifest.json under root; returns the case count."""
    return write_side_tree(root, all_grad_cases(), record, "gru-conformance/golden-grad-manifest")
