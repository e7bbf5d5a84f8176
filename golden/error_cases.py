"""Rejected calls: each case carries exactly one fault and names the gru.err.* clause it trips.

Construct-stage cases record a plausible input (2, 1, 3) and no hx; the module never exists.
Forward-stage cases use a valid 2-layer module (input_size 3, hidden_size 4) unless noted.
"""

from __future__ import annotations

from typing import Any

from case import Case

VALID: dict[str, Any] = {"input_size": 3, "hidden_size": 4}
STACK: dict[str, Any] = {**VALID, "num_layers": 2}
CONSTRUCT_INPUT = (2, 1, 3)


def construct_error(name: str, clause: str, description: str, **fault: Any) -> Case:
    """A constructor call that differs from a valid one in the keyword(s) given."""
    return Case(
        id=f"err-{name}",
        description=description,
        kwargs={**VALID, **fault},
        input_shape=CONSTRUCT_INPUT,
        dtype="float32",
        error=clause,
    )


def forward_error(name: str, clause: str, description: str, input_shape: tuple[int, ...],
                  hx_shape: tuple[int, ...] | None = None, kwargs: dict[str, Any] | None = None,
                  **extra: Any) -> Case:
    """A forward call on a valid module whose input or hx carries the fault."""
    return Case(
        id=f"err-{name}",
        description=description,
        kwargs=STACK if kwargs is None else kwargs,
        input_shape=input_shape,
        hx_shape=hx_shape,
        dtype=extra.pop("dtype", "float32"),
        error=clause,
        **extra,
    )


def construct_errors() -> list[Case]:
    c = construct_error
    return [
        c("unknown-kwarg-foo", "gru.err.unknown-kwarg", "An unknown keyword foo=1.", foo=1),
        c("unknown-kwarg-nonlinearity", "gru.err.unknown-kwarg", "nonlinearity= belongs to nn.RNN, not nn.GRU.",
          nonlinearity="tanh"),
        c("proj-size-zero", "gru.err.proj-size", "proj_size=0 given as a keyword.", proj_size=0),
        c("proj-size-two", "gru.err.proj-size", "proj_size=2 given as a keyword.", proj_size=2),
        c("input-size-float", "gru.err.input-size-type", "input_size=2.5.", input_size=2.5),
        c("input-size-str", "gru.err.input-size-type", "input_size='3'.", input_size="3"),
        c("input-size-zero", "gru.err.input-size-range", "input_size=0.", input_size=0),
        c("input-size-negative", "gru.err.input-size-range", "input_size=-1.", input_size=-1),
        c("hidden-size-float", "gru.err.hidden-size-type", "hidden_size=2.5.", hidden_size=2.5),
        c("hidden-size-str", "gru.err.hidden-size-type", "hidden_size='4'.", hidden_size="4"),
        c("hidden-size-zero", "gru.err.hidden-size-range", "hidden_size=0.", hidden_size=0),
        c("hidden-size-negative", "gru.err.hidden-size-range", "hidden_size=-1.", hidden_size=-1),
        c("num-layers-float", "gru.err.num-layers-type", "num_layers=1.5.", num_layers=1.5),
        c("num-layers-str", "gru.err.num-layers-type", "num_layers='2'.", num_layers="2"),
        c("num-layers-zero", "gru.err.num-layers-range", "num_layers=0.", num_layers=0),
        c("num-layers-negative", "gru.err.num-layers-range", "num_layers=-1.", num_layers=-1),
        c("bias-int", "gru.err.bias-type", "bias=0 (an int, not a bool).", bias=0),
        c("bias-str", "gru.err.bias-type", "bias='yes'.", bias="yes"),
        c("batch-first-int", "gru.err.batch-first-type", "batch_first=1 (an int, not a bool).", batch_first=1),
        c("batch-first-str", "gru.err.batch-first-type", "batch_first='yes'.", batch_first="yes"),
        c("dropout-above-one", "gru.err.dropout-range", "dropout=1.5.", dropout=1.5),
        c("dropout-negative", "gru.err.dropout-range", "dropout=-0.1.", dropout=-0.1),
        c("dropout-bool", "gru.err.dropout-range", "dropout=True (a bool).", dropout=True),
        c("dropout-str", "gru.err.dropout-range", "dropout='0.5' (a string).", dropout="0.5"),
    ]


def forward_errors() -> list[Case]:
    f = forward_error
    batch_first = {**VALID, "batch_first": True}
    bidirectional = {**VALID, "bidirectional": True}
    return [
        f("input-rank-1d", "gru.err.input-rank", "A 1-D input (3,).", (3,)),
        f("input-rank-4d", "gru.err.input-rank", "A 4-D input (5, 2, 1, 3).", (5, 2, 1, 3)),
        f("input-features-batched", "gru.err.input-features", "Batched input with 2 features, not 3.", (5, 2, 2)),
        f("input-features-unbatched", "gru.err.input-features", "Unbatched input with 2 features, not 3.", (5, 2)),
        f("hx-rank-batched", "gru.err.hx-rank", "Batched input with a 2-D hx.", (5, 2, 3), (2, 4)),
        f("hx-rank-unbatched", "gru.err.hx-rank", "Unbatched input with a 3-D hx.", (5, 3), (2, 1, 4)),
        f("hx-shape-layers", "gru.err.hx-shape", "hx holds 1 layer's state for a 2-layer module.",
          (5, 2, 3), (1, 2, 4)),
        f("hx-shape-directions", "gru.err.hx-shape", "hx holds 1 direction's state for a bidirectional module.",
          (5, 2, 3), (1, 2, 4), kwargs=bidirectional),
        f("hx-shape-batch", "gru.err.hx-shape", "hx for 3 sequences, input with 2.", (5, 2, 3), (2, 3, 4)),
        f("hx-shape-hidden", "gru.err.hx-shape", "hx with 5 hidden features, not 4.", (5, 2, 3), (2, 2, 5)),
        f("hx-shape-batch-first", "gru.err.hx-shape", "batch_first module given hx batch-first (N, D*NL, H).",
          (2, 5, 3), (2, 1, 4), kwargs=batch_first),
        f("hx-shape-unbatched", "gru.err.hx-shape", "Unbatched input, hx for 1 layer of a 2-layer module.",
          (5, 3), (1, 4)),
        f("input-dtype-f64-input", "gru.err.input-dtype", "float64 input to a float32 module.", (5, 2, 3),
          input_dtype="float64"),
        f("input-dtype-f32-input", "gru.err.input-dtype", "float32 input to a float64 module.", (5, 2, 3),
          dtype="float64", input_dtype="float32"),
        f("hx-dtype-f64-hx", "gru.err.hx-dtype", "float64 hx with a float32 module and input.", (5, 2, 3),
          (2, 2, 4), hx_dtype="float64"),
        f("hx-dtype-f32-hx", "gru.err.hx-dtype", "float32 hx with a float64 module and input.", (5, 2, 3),
          (2, 2, 4), dtype="float64", hx_dtype="float32"),
        f("seq-len-zero-batched", "gru.err.seq-len-zero", "Batched input with 0 steps.", (0, 2, 3)),
        f("seq-len-zero-unbatched", "gru.err.seq-len-zero", "Unbatched input with 0 steps.", (0, 3)),
    ]


def error_cases() -> list[Case]:
    return [*construct_errors(), *forward_errors()]
