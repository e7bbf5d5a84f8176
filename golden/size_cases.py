"""Goldens at boundary sizes, where real kernels break (vector and tile widths), with recipe-made values.

Each dimension (input_size, hidden_size, batch, sequence length, num_layers) is swept over its boundary
values while the others stay small; a few cases make two dimensions large at once. Every size is recorded
in float32 and in float64 (the k-th case is float32 for even k). The other binary options take bits 1 to 4
of (11 * k) mod 32 (bias, batch_first, bidirectional, hx given); bit 0 is k's parity, the dtype, so any 32
consecutive cases hold every combination of the five once.
Values come from hash32-uniform recipes (golden/recipe.py), so the files hold recipes, not parameters.
"""

from __future__ import annotations

from typing import Any

from case import RECIPE_VALUES, Case, input_shape, state_shape

SHORT = {"float32": "f32", "float64": "f64"}
BOTH = ("float32", "float64")

# 2^k - 1, 2^k and 2^k + 1 for 2^k = 1 .. 256, and the odd primes 13 and 61: 25 values from 1 to 257.
BOUNDARY = tuple(sorted({v for k in range(9) for v in (2**k - 1, 2**k, 2**k + 1) if v >= 1} | {13, 61}))
SWEEPS: dict[str, tuple[int, ...]] = {
    "input": BOUNDARY,
    "hidden": BOUNDARY,
    "batch": BOUNDARY,
    "steps": (*BOUNDARY, 511, 512, 513),
    "layers": (1, 2, 3, 4, 5, 6),
}
# Two large dimensions at once, everything else small; sized so that no pair costs more than a few
# MFLOP per call or carries more than about 300 000 parameter values.
PAIRS: tuple[dict[str, int], ...] = (
    {"input": 255, "hidden": 129},
    {"hidden": 65, "batch": 65},
    {"hidden": 33, "steps": 512},
    {"batch": 17, "steps": 257},
    {"hidden": 33, "layers": 6},
)
# The small value of each dimension: all distinct, so a swapped dimension cannot go unnoticed.
SMALL = {"input": 3, "hidden": 5, "batch": 2, "steps": 4, "layers": 1}
WORDS = {"input": "input_size", "hidden": "hidden_size", "batch": "batch", "steps": "steps",
         "layers": "num_layers"}


def why(value: int) -> str:
    """Why a size is a boundary: its place next to a power of two, or that it is prime."""
    for offset, sign in ((0, ""), (-1, " - 1"), (1, " + 1")):
        for k in range(10):
            if value == 2**k + offset:
                return f"2^{k}{sign}"
    return "prime"


def options(k: int) -> dict[str, bool]:
    """The binary options of the k-th case: bits 1 to 4 of (11 * k) mod 32."""
    bits = (11 * k) % 32
    return {"bias": bool(bits & 2), "batch_first": bool(bits & 4), "bidirectional": bool(bits & 8),
            "hx": bool(bits & 16)}


def size_case(k: int, large: dict[str, int], dtype: str) -> Case:
    dims = {**SMALL, **large}
    o = options(k)
    kwargs: dict[str, Any] = {
        "input_size": dims["input"],
        "hidden_size": dims["hidden"],
        "num_layers": dims["layers"],
        "bias": o["bias"],
        "batch_first": o["batch_first"],
        "bidirectional": o["bidirectional"],
    }
    sizes = ", ".join(f"{WORDS[d]} {v} ({why(v)})" for d, v in large.items())
    small = ", ".join(f"{WORDS[d]} {v}" for d, v in SMALL.items() if d not in large)
    description = (
        f"Boundary size: {sizes}; the rest small ({small}); bias={o['bias']}, batch_first={o['batch_first']}, "
        f"bidirectional={o['bidirectional']}, hx {'given' if o['hx'] else 'omitted'}; {dtype}; values from "
        f"hash32-uniform recipes."
    )
    return Case(
        id="size-" + "-".join(f"{d}-{v}" for d, v in large.items()) + f"-{SHORT[dtype]}",
        description=description,
        kwargs=kwargs,
        input_shape=input_shape(kwargs, dims["steps"], dims["batch"]),
        hx_shape=state_shape(kwargs, dims["batch"]) if o["hx"] else None,
        dtype=dtype,
        values=RECIPE_VALUES,
        clauses=("gru.num.any-size",),
    )


def size_cases() -> list[Case]:
    """Every sweep value and every pair, each in both dtypes, options round-robin."""
    points = [{dim: value} for dim, values in SWEEPS.items() for value in values] + list(PAIRS)
    cases = []
    for point in points:
        for dtype in BOTH:
            cases.append(size_case(len(cases), point, dtype))
    return cases


def flops(case: Case) -> int:
    """Floating-point operations of one forward call: 2 * 3H * (I_layer + H) per step, row, direction, layer."""
    hidden, directions = case.kwargs["hidden_size"], case.directions
    steps, batch = case.time_major_dims()
    total = 0
    for layer in range(case.arg("num_layers")):
        width = case.kwargs["input_size"] if layer == 0 else directions * hidden
        total += 2 * 3 * hidden * (width + hidden) * batch * steps * directions
    return total
