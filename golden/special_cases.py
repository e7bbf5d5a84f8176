"""Goldens with special values written into the call: NaN, the infinities, -0.0 and subnormals.

One kind of value per case, at a chosen place, so that what it does is visible: one element of batch row 1
at time step 2 of the input, one element of batch row 1 of hx, or one parameter element; -0.0 and
subnormals fill batch row 0 (the other rows keep ordinary values, so every golden still tells the known
wrong variants apart). Every case is recorded in float32 and in float64, with torch's own values
(golden/values.py) before the specials are written; both dtypes share one seed, so their parameters are
the same numbers and a special value meets the same weight signs in both. The clauses they evidence: gru.num.nan-propagation,
gru.num.infinity-saturation, gru.num.signed-zero-subnormal (golden/clauses.py derives them).
"""

from __future__ import annotations

from typing import Any

from case import Case, Special, input_shape, state_shape, text_seed

SHORT = {"float32": "f32", "float64": "f64"}
BOTH = ("float32", "float64")
STEPS, BATCH = 5, 3
NAN, INF, NEG_INF = "NaN", "Infinity", "-Infinity"
X = (2, 1, 0)  # input (time-major): step 2, batch row 1, feature 0
ROW0_INPUT = (None, 0, None)  # input (time-major): every step and feature of batch row 0
ROW0_HX = (None, 0, None)  # hx: every layer, direction and feature of batch row 0


def module(layers: int, bidirectional: bool, bias: bool = True) -> dict[str, Any]:
    return {"input_size": 3, "hidden_size": 4, "num_layers": layers, "bias": bias, "bidirectional": bidirectional}


# name, module kwargs, hx given, specials, description (what is written where)
SPECIAL_POINTS: tuple[tuple[str, dict[str, Any], bool, tuple[Special, ...], str], ...] = (
    ("nan-input-bi", module(1, True), True, (Special("input", NAN, X),),
     "NaN at input[2, 1, 0] of a bidirectional layer: both directions, from step 2 on in their own order."),
    ("nan-input-layers", module(3, False), True, (Special("input", NAN, X),),
     "NaN at input[2, 1, 0] of a 3-layer stack: every layer from step 2 on."),
    ("nan-hx-reverse", module(1, True), True, (Special("hx", NAN, (1, 1, 2)),),
     "NaN at hx[1, 1, 2]: the reverse direction's initial state of batch row 1."),
    ("nan-hx-layer-1", module(2, False), True, (Special("hx", NAN, (1, 1, 2)),),
     "NaN at hx[1, 1, 2]: layer 1's initial state of batch row 1 (layer 0 untouched)."),
    ("nan-weight", module(2, True), True, (Special("weight_hh_l1_reverse", NAN, (5, 1)),),
     "NaN at weight_hh_l1_reverse[5, 1] (update gate, unit 1): every batch row of layer 1's reverse direction."),
    ("inf-input", module(1, True), True, (Special("input", INF, X),),
     "+Infinity at input[2, 1, 0]: the gates of that step saturate."),
    ("neginf-input", module(2, True), True, (Special("input", NEG_INF, X),),
     "-Infinity at input[2, 1, 0] of a 2-layer bidirectional stack."),
    ("inf-hx", module(1, True), True, (Special("hx", INF, (0, 1, 3)),),
     "+Infinity at hx[0, 1, 3], the forward initial state of batch row 1, where W_hz[3, 3] > 0: z = 1 keeps it "
     "one step, and the units whose reset gate saturates to 0 turn NaN."),
    ("inf-hx-all-steps", module(1, True), True, (Special("hx", INF, (0, 1, 0)),),
     "+Infinity at hx[0, 1, 0], where W_hr[:, 0] > 0 and W_hz[0, 0] > 0: every reset gate and z_0 saturate to 1, "
     "so the infinity is kept at every step, through to h_n."),
    ("neginf-hx", module(1, True), True, (Special("hx", NEG_INF, (0, 1, 0)),),
     "-Infinity at hx[0, 1, 0], where W_hr[0, 0] < 0 and W_hz[0, 0] > 0: r_0 = 1 but z_0 = 0, so "
     "(h - n) * z is inf * 0, NaN."),
    ("inf-bias", module(1, True), True, (Special("bias_hh_l0", INF, (9,)),),
     "+Infinity at bias_hh_l0[9] (b_hn, unit 1), inside the reset product r * (W_hn h + b_hn)."),
    ("neginf-weight", module(2, False), True, (Special("weight_ih_l1", NEG_INF, (2, 3)),),
     "-Infinity at weight_ih_l1[2, 3] (reset gate, unit 2, reading layer 0's unit 3)."),
    ("inf-weight-zero-state", module(1, True), False, (Special("weight_hh_l0_reverse", INF, (2, 1)),),
     "+Infinity at weight_hh_l0_reverse[2, 1] with hx omitted: the first step multiplies it by a zero state."),
    ("negzero-input", module(2, True, bias=False), False, (Special("input", "-0.0", ROW0_INPUT),),
     "-0.0 in every input value of batch row 0, bias=False, hx omitted: that row's result is all zeros."),
    ("negzero-hx", module(2, True, bias=False), True,
     (Special("input", "0.0", ROW0_INPUT), Special("hx", "-0.0", ROW0_HX)),
     "-0.0 in every hx value of batch row 0, whose input is +0.0, bias=False: that row's result is all zeros."),
    ("negzero-weight", module(1, True), True, (Special("weight_hh_l0", "-0.0"),),
     "-0.0 in every value of weight_hh_l0: the forward direction has no recurrent product."),
    ("subnormal-input", module(2, True, bias=False), False, (Special("input", "subnormal", ROW0_INPUT),),
     "Subnormal input values in batch row 0, bias=False, hx omitted: that row's result is subnormal."),
    ("subnormal-hx", module(2, True, bias=False), True,
     (Special("input", "0.0", ROW0_INPUT), Special("hx", "subnormal", ROW0_HX)),
     "Subnormal hx values in batch row 0, whose input is +0.0, bias=False: that row's result is subnormal."),
    ("subnormal-weights", module(2, False, bias=False), False,
     (Special("weight_ih_l1", "subnormal"), Special("weight_hh_l1", "subnormal")),
     "Subnormal weights in layer 1, bias=False, hx omitted: layer 1's result (the output) is subnormal."),
)


def special_case(name: str, kwargs: dict[str, Any], with_hx: bool, specials: tuple[Special, ...],
                 description: str, dtype: str) -> Case:
    return Case(
        id=f"special-{name}-{SHORT[dtype]}",
        description=f"{description} {dtype}, batch {BATCH}, {STEPS} steps, hx {'given' if with_hx else 'omitted'}.",
        kwargs=kwargs,
        input_shape=input_shape(kwargs, STEPS, BATCH),
        hx_shape=state_shape(kwargs, BATCH) if with_hx else None,
        dtype=dtype,
        specials=specials,
        seed=text_seed(f"special-{name}"),
    )


def special_cases() -> list[Case]:
    return [special_case(*point, dtype) for point in SPECIAL_POINTS for dtype in BOTH]
