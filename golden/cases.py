"""The golden case list: the full grid, the edge cases and the train-mode dropout cases.

Each builder returns plain Case records; error cases live in error_cases.py. Reading this file
tells what the goldens cover. Case ids are stable: consumers compare results by them.
"""

from __future__ import annotations

import itertools
from typing import Any

from case import Case, input_shape, state_shape
from error_cases import error_cases
from size_cases import size_cases
from special_cases import special_cases

SHORT = {"float32": "f32", "float64": "f64", "float16": "f16", "bfloat16": "bf16"}
BOTH = ("float32", "float64")
HALF = ("float16", "bfloat16")  # recorded on a smaller grid: num_layers 1 and 2 (gru.dtype.half-arithmetic)
SATURATION = ("gru.num.saturation",)
SIGNATURE = ("gru.ctor.signature",)
PAIR_SEED = 20240611

# Grid sizes: all distinct on purpose, so a swapped dimension cannot go unnoticed.
GRID_STEPS, GRID_BATCH, GRID_INPUT, GRID_HIDDEN = 6, 3, 5, 4
# Base module for the edge cases (a 2-layer bidirectional stack unless a case says otherwise).
BASE: dict[str, Any] = {"input_size": 3, "hidden_size": 4}
STACK: dict[str, Any] = {**BASE, "num_layers": 2, "bidirectional": True}


def grid_case(layers: int, bias: bool, batch_first: bool, bidirectional: bool,
              with_hx: bool, batched: bool, dtype: str) -> Case:
    """One point of num_layers x bias x batch_first x bidirectional x hx x batchedness x dtype."""
    kwargs = {
        "input_size": GRID_INPUT,
        "hidden_size": GRID_HIDDEN,
        "num_layers": layers,
        "bias": bias,
        "batch_first": batch_first,
        "bidirectional": bidirectional,
    }
    batch = GRID_BATCH if batched else None
    words = [
        f"l{layers}",
        "bias" if bias else "nobias",
        "bf" if batch_first else "tm",
        "bi" if bidirectional else "uni",
        "hx" if with_hx else "nohx",
        "batched" if batched else "unbatched",
        SHORT[dtype],
    ]
    description = (
        f"Grid point: {layers}-layer {'bidirectional' if bidirectional else 'unidirectional'} GRU, "
        f"bias={bias}, batch_first={batch_first}, hx {'given' if with_hx else 'omitted'}, "
        f"{'batched' if batched else 'unbatched'} {dtype} input of {GRID_STEPS} steps."
    )
    return Case(
        id="grid-" + "-".join(words),
        description=description,
        kwargs=kwargs,
        input_shape=input_shape(kwargs, GRID_STEPS, batch),
        hx_shape=state_shape(kwargs, batch) if with_hx else None,
        dtype=dtype,
    )


def grid() -> list[Case]:
    """The 192-case grid."""
    axes = ((1, 2, 3), (True, False), (True, False), (True, False), (True, False), (True, False), BOTH)
    return [grid_case(*point) for point in itertools.product(*axes)]


def half_grid() -> list[Case]:
    """The 64-case half-precision grid: in each half dtype, every combination of bias, batch_first,
    bidirectional, hx and batchedness once, with 2 layers where an odd number of them is on, else 1 (so each
    option value meets both layer counts)."""
    options = list(itertools.product((True, False), repeat=5))
    return [grid_case(1 + sum(point) % 2, *point, dtype) for dtype in HALF for point in options]


def edge(name: str, dtype: str, description: str, kwargs: dict[str, Any], steps: int = 5,
         batch: int | None = 3, with_hx: bool = True, **extra: Any) -> Case:
    """An edge case; extra fields (scales, clauses, seed) pass through to Case."""
    return Case(
        id=f"edge-{name}-{SHORT[dtype]}",
        description=description,
        kwargs=kwargs,
        input_shape=input_shape(kwargs, steps, batch),
        hx_shape=state_shape(kwargs, batch) if with_hx else None,
        dtype=dtype,
        **extra,
    )


def edges_in(dtype: str) -> list[Case]:
    """Edge cases recorded in both float32 and float64."""
    defaults = {"num_layers": 1, "bias": True, "batch_first": False, "dropout": 0.0, "bidirectional": False}
    cases = [
        edge("seq-len-1", dtype, "A single time step through a 2-layer bidirectional stack.", STACK, steps=1),
        edge("batch-1", dtype, "Batch of one sequence through a 2-layer bidirectional stack.", STACK, batch=1),
        edge("batch-0-hx", dtype, "Batch of zero sequences with an empty hx.", STACK, batch=0),
        edge("batch-0-nohx", dtype, "Batch of zero sequences with hx omitted.", STACK, batch=0, with_hx=False),
        edge("hidden-1", dtype, "hidden_size 1.", {**STACK, "hidden_size": 1}),
        edge("input-1", dtype, "input_size 1.", {**STACK, "input_size": 1}),
        edge("long-256", dtype, "256 steps through a small 2-layer bidirectional stack.",
             {"input_size": 2, "hidden_size": 3, "num_layers": 2, "bidirectional": True}, steps=256, batch=2),
        edge("saturate-input-1e3", dtype, "Inputs scaled by 1e3 saturate the gates.", STACK,
             input_scale=1e3, clauses=SATURATION),
        edge("saturate-input-1e6", dtype, "Inputs scaled by 1e6 saturate the gates.", STACK,
             input_scale=1e6, clauses=SATURATION),
        edge("saturate-hx-1e3", dtype, "Inputs and hx scaled by 1e3.", STACK,
             input_scale=1e3, hx_scale=1e3, clauses=SATURATION),
        edge("omit-optional", dtype, "Constructor given input_size and hidden_size only; hx omitted.",
             BASE, with_hx=False, clauses=SIGNATURE),
        edge("explicit-defaults", dtype, "Constructor given every optional argument at its default value.",
             {**BASE, **defaults}, clauses=SIGNATURE),
        edge("dropout-single-layer", dtype, "dropout=0.5 with one layer: a UserWarning and no effect.",
             {**BASE, "dropout": 0.5}),
    ]
    for layers, p in itertools.product((2, 3), (0.5, 1.0)):
        cases.append(edge(
            f"eval-dropout-l{layers}-p{round(p * 100)}", dtype,
            f"dropout={p} with {layers} layers in eval mode computes what dropout=0 computes.",
            {**BASE, "num_layers": layers, "dropout": p, "bidirectional": layers == 3},
        ))
    return cases


def half_edges_in(dtype: str) -> list[Case]:
    """Edge cases recorded in float16 and bfloat16: sizes, a long sequence, saturation, the defaults."""
    cases = [
        edge("seq-len-1", dtype, "A single time step through a 2-layer bidirectional stack.", STACK, steps=1),
        edge("batch-0-hx", dtype, "Batch of zero sequences with an empty hx.", STACK, batch=0),
        edge("hidden-1", dtype, "hidden_size 1.", {**STACK, "hidden_size": 1}),
        edge("long-256", dtype, "256 steps through a small 2-layer bidirectional stack.",
             {"input_size": 2, "hidden_size": 3, "num_layers": 2, "bidirectional": True}, steps=256, batch=2),
        edge("saturate-input-1e3", dtype, "Inputs scaled by 1e3 saturate the gates.", STACK,
             input_scale=1e3, clauses=SATURATION),
        edge("saturate-hx-1e3", dtype, "Inputs and hx scaled by 1e3.", STACK,
             input_scale=1e3, hx_scale=1e3, clauses=SATURATION),
        edge("omit-optional", dtype, "Constructor given input_size and hidden_size only; hx omitted.",
             BASE, with_hx=False, clauses=SIGNATURE),
        edge("large-h32", dtype, "A larger module: input_size 16, hidden_size 32, 8 steps (48-term products).",
             {"input_size": 16, "hidden_size": 32}, steps=8, batch=2),
    ]
    if dtype == "float16":
        cases.append(edge(
            "saturate-overflow", dtype, "Inputs scaled by 1.5e4 into 16 features of one hidden unit: some "
            "input pre-activations W_ih x + b_ih pass 65504 and round to infinity, which saturates the gates.",
            {"input_size": 16, "hidden_size": 1}, steps=5, batch=3, input_scale=1.5e4,
            clauses=SATURATION, overflows_float16=True))
    else:
        cases.append(edge("saturate-input-1e6", dtype, "Inputs scaled by 1e6 saturate the gates.", STACK,
                          input_scale=1e6, clauses=SATURATION))
    return cases


def edges() -> list[Case]:
    """All edge cases, including those recorded in one dtype only."""
    return [
        *edges_in("float32"),
        *edges_in("float64"),
        edge("batch-0-bf", "float64", "Batch of zero sequences, batch_first input (0, L, I).",
             {**STACK, "batch_first": True}, batch=0),
        edge("saturate-input-1e300", "float64", "Inputs scaled by 1e300 saturate the gates.", STACK,
             input_scale=1e300, clauses=SATURATION),
        edge("tiny-input-1e-300", "float64", "Inputs scaled by 1e-300.", STACK, input_scale=1e-300),
        edge("tiny-input-1e-30", "float32", "Inputs scaled by 1e-30.", STACK, input_scale=1e-30),
        edge("dropout-single-layer-int", "float64", "dropout=1 (an int) with one layer: the warning "
             "quotes the argument as given.", {**BASE, "dropout": 1}),
        edge("large-h64", "float32", "A larger module: input_size 16, hidden_size 64, 8 steps.",
             {"input_size": 16, "hidden_size": 64}, steps=8, batch=2),
        *batch_of_one_pair(),
        *(case for dtype in HALF for case in half_edges_in(dtype)),
    ]


def batch_of_one_pair() -> list[Case]:
    """The same sequence (same seed, hence the same values) unbatched and as a batch of one."""
    relation = ("gru.shape.unbatched-equals-batch-of-one",)
    shared: dict[str, Any] = {"kwargs": STACK, "dtype": "float64", "seed": PAIR_SEED, "clauses": relation}
    return [
        Case(id="pair-batch-of-one-batched", description="The pair's sequence as a batch of one.",
             input_shape=(5, 1, 3), hx_shape=(4, 1, 4), **shared),
        Case(id="pair-batch-of-one-unbatched", description="The pair's sequence unbatched.",
             input_shape=(5, 3), hx_shape=(4, 4), **shared),
    ]


TRAIN_POINTS = (  # num_layers, bidirectional, batch_first, dropout, dtype, hx given
    (2, False, False, 0.3, "float32", True),
    (2, False, False, 0.5, "float64", False),
    (2, True, False, 0.5, "float64", True),
    (2, True, True, 0.3, "float32", False),
    (3, False, True, 0.5, "float32", True),
    (3, True, False, 0.3, "float64", True),
    (3, True, True, 0.5, "float64", False),
)


def train_case(layers: int, bidirectional: bool, batch_first: bool, p: float, dtype: str, with_hx: bool) -> Case:
    """Train-mode dropout between layers; the generator records the masks torch drew."""
    kwargs = {"input_size": 3, "hidden_size": 4, "num_layers": layers, "dropout": p,
              "bidirectional": bidirectional, "batch_first": batch_first}
    words = [f"l{layers}", "bi" if bidirectional else "uni", "bf" if batch_first else "tm",
             f"p{round(p * 100)}", "hx" if with_hx else "nohx", SHORT[dtype]]
    return Case(
        id="train-" + "-".join(words),
        description=f"Train mode, dropout={p} between {layers} layers; masks recorded time-major.",
        kwargs=kwargs,
        input_shape=input_shape(kwargs, 5, 3),
        hx_shape=state_shape(kwargs, 3) if with_hx else None,
        dtype=dtype,
        mode="train",
    )


def all_cases() -> list[Case]:
    """Every golden case, in a fixed order."""
    return [*grid(), *half_grid(), *edges(), *(train_case(*point) for point in TRAIN_POINTS), *size_cases(), *special_cases(),
            *error_cases()]
