"""nn.GRU on a PackedSequence: goldens recorded from torch in golden/packed/ (cases and manifest).

Each case seeds torch with a hash of its id, builds nn.GRU(**kwargs) with torch's own init, draws a padded
input and hx with torch.randn, packs the input with pack_padded_sequence(input, lengths, batch_first,
enforce_sorted) and records: the packed input (data, batch_sizes, sorted_indices, unsorted_indices), the packed
output, h_n, pad_packed_sequence's padded output, and the same padded to the input's own length (total_length);
or the error torch raises. Cases name their clauses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from case import text_seed
from encode import tensor_data
from side_tree import provenance, write_side_tree
from values import DTYPES

FORMAT = "gru-conformance/golden-packed"
RUN = ["gru.packed.pack", "gru.packed.output", "gru.packed.h-n", "gru.packed.pad-output",
       "gru.packed.pad-total-length"]


@dataclass(frozen=True)
class PackedCase:
    id: str
    description: str
    lengths: list[int]
    kwargs: dict[str, Any] = field(default_factory=lambda: {"input_size": 3, "hidden_size": 4})
    dtype: str = "float32"
    steps: int | None = None  # padded length; None: max(lengths)
    enforce_sorted: bool = True
    hx_given: bool = False
    hx_batch: int | None = None  # an hx batch that differs from the input's (error case)
    clauses: list[str] = field(default_factory=lambda: list(RUN))

    @property
    def kind(self) -> str:
        return "packed-error" if any(c.startswith("gru.packed.err-") for c in self.clauses) else "packed"


def forward_cases() -> list[PackedCase]:
    cases = []
    for dtype in ("float32", "float64"):
        d = dtype[-2:]
        two = {"input_size": 3, "hidden_size": 4, "num_layers": 2}
        bi = {"input_size": 3, "hidden_size": 4, "bidirectional": True}
        both = {"input_size": 3, "hidden_size": 4, "num_layers": 2, "bidirectional": True}
        cases += [
            PackedCase(f"packed-sorted-f{d}", "lengths 5, 3, 2 already sorted", [5, 3, 2], dtype=dtype),
            PackedCase(f"packed-unsorted-f{d}", "lengths 2, 5, 3 with enforce_sorted=False: h_n rows in the caller's order",
                       [2, 5, 3], dtype=dtype, enforce_sorted=False, clauses=RUN + ["gru.packed.batch-order"]),
            PackedCase(f"packed-ties-f{d}", "lengths 3, 3, 1 (a tie)", [3, 3, 1], dtype=dtype),
            PackedCase(f"packed-all-equal-f{d}", "every length equals the padded length: the unpacked call",
                       [4, 4, 4], dtype=dtype, clauses=RUN + ["gru.packed.all-full"]),
            PackedCase(f"packed-length-1-f{d}", "a sequence of one step beside longer ones", [6, 1, 4], dtype=dtype,
                       enforce_sorted=False, clauses=RUN + ["gru.packed.batch-order"]),
            PackedCase(f"packed-padded-longer-f{d}", "padded to 7 steps, the longest sequence has 5", [5, 2], dtype=dtype,
                       steps=7),
            PackedCase(f"packed-padded-longer-bi-bf-f{d}", "batch_first, bidirectional, unsorted, padded to 6 steps "
                       "past the longest sequence's 5: the reverse direction must not start at the padded end",
                       [3, 5, 1], {"input_size": 3, "hidden_size": 4, "batch_first": True, "bidirectional": True},
                       dtype, steps=6, enforce_sorted=False,
                       clauses=RUN + ["gru.packed.batch-order", "gru.packed.reverse-start"]),
            PackedCase(f"packed-bidirectional-f{d}", "reverse direction starts at each sequence's own last step",
                       [5, 2, 3], bi, dtype, enforce_sorted=False, clauses=RUN + ["gru.packed.batch-order", "gru.packed.reverse-start"]),
            PackedCase(f"packed-two-layers-hx-f{d}", "two layers, hx given in the caller's order", [4, 1, 3], two, dtype,
                       enforce_sorted=False, hx_given=True, clauses=RUN + ["gru.packed.batch-order", "gru.packed.hx-order"]),
            PackedCase(f"packed-bi-two-layers-hx-f{d}", "two bidirectional layers, hx given, unsorted",
                       [3, 6, 2, 6], both, dtype, enforce_sorted=False, hx_given=True,
                       clauses=RUN + ["gru.packed.batch-order", "gru.packed.hx-order", "gru.packed.reverse-start"]),
            PackedCase(f"packed-batch-first-f{d}", "batch_first input [B, T, I], padded output batch-first too",
                       [4, 2, 3], {"input_size": 3, "hidden_size": 4, "batch_first": True}, dtype, enforce_sorted=False,
                       clauses=RUN + ["gru.packed.batch-order"]),
        ]
    return cases


def error_cases() -> list[PackedCase]:
    return [
        PackedCase("packed-err-unsorted", "lengths 2, 5, 3 with enforce_sorted=True", [2, 5, 3],
                   clauses=["gru.packed.err-unsorted"]),
        PackedCase("packed-err-zero-length", "a length of 0 (sorted lengths 4, 1, 0)", [4, 1, 0], steps=4,
                   clauses=["gru.packed.err-zero-length"]),
        PackedCase("packed-err-zero-length-unsorted", "a length of 0 with enforce_sorted=False", [0, 4, 1], steps=4,
                   enforce_sorted=False, clauses=["gru.packed.err-zero-length"]),
        PackedCase("packed-err-hx-batch", "hx for 2 sequences, 3 packed", [4, 2, 1], hx_given=True, hx_batch=2,
                   clauses=["gru.packed.err-hx-batch"]),
        PackedCase("packed-err-hx-batch-unsorted", "hx for 2 sequences, 3 packed with enforce_sorted=False (torch "
                   "reorders hx by sorted_indices before it checks the size)", [2, 4, 1], hx_given=True, hx_batch=2,
                   enforce_sorted=False, clauses=["gru.packed.err-hx-batch"]),
    ]


def all_packed_cases() -> list[PackedCase]:
    return forward_cases() + error_cases()


def indices(t: torch.Tensor | None) -> list[int] | None:
    return None if t is None else [int(v) for v in t.tolist()]


def record(case: PackedCase) -> dict[str, Any]:
    seed = text_seed(case.id)
    torch.manual_seed(seed)
    gru = nn.GRU(**case.kwargs).to(DTYPES[case.dtype]).eval()
    batch_first = bool(case.kwargs.get("batch_first", False))
    B, T = len(case.lengths), case.steps or max(case.lengths)
    D = 2 if case.kwargs.get("bidirectional") else 1
    layers = case.kwargs.get("num_layers", 1)
    x = torch.randn((B, T, gru.input_size) if batch_first else (T, B, gru.input_size), dtype=DTYPES[case.dtype])
    hx = torch.randn((D * layers, case.hx_batch or B, gru.hidden_size), dtype=DTYPES[case.dtype]) if case.hx_given else None
    document: dict[str, Any] = {
        "format": FORMAT, "formatVersion": 1, "id": case.id, "kind": case.kind, "description": case.description,
        "dtype": case.dtype, "kwargs": case.kwargs, "lengths": case.lengths, "enforce_sorted": case.enforce_sorted,
        "parameters": {name: tensor_data(value) for name, value in gru.state_dict().items()},
        "input": tensor_data(x), "hx": None if hx is None else tensor_data(hx),
    }
    try:
        packed = pack_padded_sequence(x, case.lengths, batch_first=batch_first, enforce_sorted=case.enforce_sorted)
        document["packed_input"] = {
            "data": tensor_data(packed.data), "batch_sizes": indices(packed.batch_sizes),
            "sorted_indices": indices(packed.sorted_indices), "unsorted_indices": indices(packed.unsorted_indices),
        }
        with torch.no_grad():
            output, h_n = gru(packed) if hx is None else gru(packed, hx)
            padded, lengths = pad_packed_sequence(output, batch_first=batch_first)
            padded_total, _ = pad_packed_sequence(output, batch_first=batch_first, total_length=T)
        expected: dict[str, Any] = {
            "packed_output": {"data": tensor_data(output.data), "batch_sizes": indices(output.batch_sizes),
                              "sorted_indices": indices(output.sorted_indices),
                              "unsorted_indices": indices(output.unsorted_indices)},
            "h_n": tensor_data(h_n), "padded_output": tensor_data(padded), "lengths": indices(lengths),
            "padded_output_total_length": tensor_data(padded_total),
        }
    except Exception as exc:
        expected = {"error": {"type": type(exc).__name__, "message": str(exc)}}
    if ("error" in expected) != (case.kind == "packed-error"):
        raise RuntimeError(f"golden: packed case {case.id}: torch {'raised' if 'error' in expected else 'accepted'} "
                           f"against the case's clauses {case.clauses}: {expected}")
    return {**document, "expected": expected, "clauses": case.clauses, "provenance": provenance("packed.py", seed)}


def write_packed_tree(root: Path) -> int:
    """Write golden/packed/cases/<id>.json and golden/packed/manifest.json under root; returns the case count."""
    return write_side_tree(root, all_packed_cases(), record, "gru-conformance/golden-packed-manifest")
