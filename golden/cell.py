"""nn.GRUCell goldens: one step of the cell, recorded from torch, in golden/cell/ (cases and manifest).

Each case seeds torch with a hash of its id, builds GRUCell(**kwargs) with torch's own init, draws input and
hx with torch.randn in the case's dtype, and records h' or the error torch raises. Every case names the
gru.cell.* clauses it evidences explicitly (the cell's contract is small enough to list by hand).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from case import text_seed
from encode import tensor_data
from side_tree import provenance, write_side_tree
from values import DTYPES

FORMAT = "gru-conformance/golden-cell"
STEP = ["gru.cell.step", "gru.cell.param-names", "gru.cell.shapes", "gru.cell.dtype"]


@dataclass(frozen=True)
class CellCase:
    id: str
    description: str
    kwargs: dict[str, Any]
    dtype: str = "float32"
    batch: int | None = 3  # None: unbatched input [I]
    hx_given: bool = True
    input_scale: float = 1.0
    clauses: list[str] = field(default_factory=lambda: list(STEP))
    # Error cases: shapes and dtypes that break the call (None: the case's own).
    input_shape: tuple[int, ...] | None = None
    hx_shape: tuple[int, ...] | None = None
    input_dtype: str | None = None
    hx_dtype: str | None = None

    @property
    def kind(self) -> str:
        return "cell-error" if any(c.startswith("gru.cell.err-") for c in self.clauses) else "cell"


def forward_cases() -> list[CellCase]:
    cases = []
    for dtype in ("float32", "float64"):
        d = dtype[-2:]
        for inp, hid in ((1, 1), (3, 4), (8, 16), (17, 9)):
            for bias in (True, False):
                for hx in (True, False):
                    name = f"cell-i{inp}-h{hid}{'' if bias else '-nobias'}{'' if hx else '-nohx'}-f{d}"
                    clauses = STEP + ([] if hx else ["gru.cell.hx-zeros"])
                    cases.append(CellCase(name, f"GRUCell({inp}, {hid}, bias={bias}), batch 3, hx {'given' if hx else 'omitted'}",
                                          {"input_size": inp, "hidden_size": hid, "bias": bias}, dtype, 3, hx, 1.0, clauses))
        small = {"input_size": 3, "hidden_size": 4}
        cases += [
            CellCase(f"cell-unbatched-f{d}", "unbatched input [I] and hx [H]", small, dtype, None, True),
            CellCase(f"cell-unbatched-nohx-f{d}", "unbatched input [I], hx omitted", small, dtype, None, False,
                     clauses=STEP + ["gru.cell.hx-zeros"]),
            CellCase(f"cell-batch-1-f{d}", "a batch of one stays [1, H] (never squeezed)", small, dtype, 1, True),
            CellCase(f"cell-batch-0-f{d}", "a batch of zero gives [0, H]", small, dtype, 0, True),
            CellCase(f"cell-saturated-f{d}", "inputs at scale 50: gates saturate", small, dtype, 3, True, 50.0,
                     clauses=STEP + ["gru.num.saturation"]),
            CellCase(f"cell-default-bias-f{d}", "bias omitted: the default True", small, dtype, 3, True,
                     clauses=STEP + ["gru.cell.signature"]),
        ]
    cases.append(CellCase("cell-bias-int-accepted", "bias=1 is accepted (GRUCell does not check its kwargs' types)",
                          {"input_size": 3, "hidden_size": 4, "bias": 1}, clauses=STEP + ["gru.cell.lenient-kwargs"]))
    return cases


def error_cases() -> list[CellCase]:
    k = {"input_size": 3, "hidden_size": 4}
    err = lambda name, clause, description, **changes: CellCase(  # noqa: E731
        f"cell-err-{name}", description, changes.pop("kwargs", k), clauses=[clause], **changes)
    return [
        err("input-rank-3d", "gru.cell.err-input-rank", "input [1, 1, 3]", input_shape=(1, 1, 3)),
        err("input-rank-0d", "gru.cell.err-input-rank", "input []", input_shape=()),
        err("hx-rank-3d", "gru.cell.err-hx-rank", "hx [1, 3, 4]", hx_shape=(1, 3, 4)),
        err("hx-1d-batched", "gru.cell.err-hx-rank-mismatch", "input [3, 3] with hx [4]", hx_shape=(4,)),
        err("hx-2d-unbatched", "gru.cell.err-hx-rank-mismatch", "input [3] with hx [1, 4]", batch=None, hx_shape=(1, 4)),
        err("batch-mismatch", "gru.cell.err-batch-mismatch", "input [3, 3] with hx [2, 4]", hx_shape=(2, 4)),
        err("input-features", "gru.cell.err-input-features", "input [3, 5] for input_size 3", input_shape=(3, 5)),
        err("hidden-size", "gru.cell.err-hidden-size", "hx [3, 5] for hidden_size 4", hx_shape=(3, 5)),
        err("input-dtype", "gru.cell.err-dtype", "a float64 input to float32 parameters", input_dtype="float64"),
        err("hx-dtype", "gru.cell.err-dtype", "a float64 hx to float32 parameters", hx_dtype="float64"),
        err("unknown-kwarg", "gru.cell.err-unknown-kwarg", "GRUCell(3, 4, num_layers=2)",
            kwargs={**k, "num_layers": 2}),
    ]


def all_cell_cases() -> list[CellCase]:
    return forward_cases() + error_cases()


def record(case: CellCase) -> dict[str, Any]:
    seed = text_seed(case.id)
    torch.manual_seed(seed)
    document: dict[str, Any] = {
        "format": FORMAT, "formatVersion": 1, "id": case.id, "kind": case.kind, "description": case.description,
        "dtype": case.dtype, "kwargs": case.kwargs,
    }
    try:
        cell = nn.GRUCell(**case.kwargs).to(DTYPES[case.dtype])
    except Exception as exc:  # an error at construction: the golden records it
        return {**document, "parameters": {}, "input": None, "hx": None,
                "expected": {"error": {"type": type(exc).__name__, "message": str(exc), "stage": "construct"}},
                "clauses": case.clauses, "provenance": provenance("cell.py", seed)}
    rows = [] if case.batch is None else [case.batch]
    x_shape = case.input_shape if case.input_shape is not None else (*rows, cell.input_size)
    h_shape = case.hx_shape if case.hx_shape is not None else (*rows, cell.hidden_size)
    x = torch.randn(x_shape, dtype=DTYPES[case.input_dtype or case.dtype]) * case.input_scale
    hx = torch.randn(h_shape, dtype=DTYPES[case.hx_dtype or case.dtype]) if case.hx_given else None
    document |= {
        "parameters": {name: tensor_data(value) for name, value in cell.state_dict().items()},
        "input": tensor_data(x), "hx": None if hx is None else tensor_data(hx),
    }
    try:
        with torch.no_grad():
            h = cell(x) if hx is None else cell(x, hx)
        expected: dict[str, Any] = {"h": tensor_data(h)}
    except Exception as exc:
        expected = {"error": {"type": type(exc).__name__, "message": str(exc), "stage": "forward"}}
    if ("error" in expected) != (case.kind == "cell-error"):
        raise RuntimeError(f"golden: cell case {case.id}: torch {'raised' if 'error' in expected else 'accepted'} "
                           f"against the case's clauses {case.clauses}: {expected}")
    return {**document, "expected": expected, "clauses": case.clauses, "provenance": provenance("cell.py", seed)}


def write_cell_tree(root: Path) -> int:
    """Write golden/cell/cases/<id>.json and golden/cell/manifest.json under root; returns the case count."""
    return write_side_tree(root, all_cell_cases(), record, "gru-conformance/golden-cell-manifest")
