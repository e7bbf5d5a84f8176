"""The values a forward case feeds torch: drawn from torch's generator or made by recipes, then its specials.

TORCH_VALUES: torch.manual_seed(seed) before construction (torch's own init), then torch.randn input and hx
in their dtypes, times their scales. RECIPE_VALUES: hash32-uniform recipes (golden/recipe.py) with the case
seed; each tensor's stream is its name (state_dict names, "input", "hx"); parameters use torch's init bound
1/sqrt(hidden_size) as scale, input and hx their case scales. Specials are written in afterwards.
"""

from __future__ import annotations

import math
from typing import Any

import numpy
import torch
from torch import nn

import recipe
from case import RECIPE_VALUES, Case, Special
from checks import GenerationError
from encode import RecipeTensor, tensor_data

DTYPES = {"float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16}
SUBNORMAL_SCALE = {"float32": 2.0**-133, "float64": 2.0**-1040}
NUMBERS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0.0": -0.0, "0.0": 0.0}


def draw(shape: tuple[int, ...], dtype: str, scale: float) -> torch.Tensor:
    """Standard normal values drawn directly in dtype, times scale (torch's generator)."""
    return torch.randn(shape, dtype=DTYPES[dtype]) * scale


def made(case: Case, stream: str, shape: tuple[int, ...], dtype: str, scale: float) -> tuple[torch.Tensor, RecipeTensor]:
    """A tensor made by the case's recipe for one stream, and its stored form."""
    spec = recipe.recipe(case.rng_seed, stream, scale)
    values = recipe.expand(spec, dtype, math.prod(shape))
    return torch.from_numpy(numpy.ascontiguousarray(values)).reshape(shape), RecipeTensor(dtype, list(shape), spec)


def parameter_scale(case: Case) -> float:
    """torch's init bound k = 1/sqrt(hidden_size): recipe parameters are uniform in [-k, k)."""
    return 1 / math.sqrt(case.kwargs["hidden_size"])


def load_recipe_parameters(case: Case, module: nn.GRU) -> dict[str, RecipeTensor]:
    """Overwrite every parameter with its recipe tensor; return the stored forms."""
    stored: dict[str, RecipeTensor] = {}
    state = {}
    for name, value in module.state_dict().items():
        state[name], stored[name] = made(case, name, tuple(value.shape), case.dtype, parameter_scale(case))
    module.load_state_dict(state)
    return stored


def draw_call(case: Case) -> tuple[torch.Tensor, torch.Tensor | None, dict[str, Any]]:
    """Input and hx of the call, and their stored forms (explicit values or recipes)."""
    input_dtype, hx_dtype = case.input_dtype or case.dtype, case.hx_dtype or case.dtype
    if case.values == RECIPE_VALUES:
        x, x_stored = made(case, "input", case.input_shape, input_dtype, case.input_scale)
        if case.hx_shape is None:
            return x, None, {"input": x_stored, "hx": None}
        hx, hx_stored = made(case, "hx", case.hx_shape, hx_dtype, case.hx_scale)
        return x, hx, {"input": x_stored, "hx": hx_stored}
    x = draw(case.input_shape, input_dtype, case.input_scale)
    hx = None if case.hx_shape is None else draw(case.hx_shape, hx_dtype, case.hx_scale)
    return x, hx, {}


def targets(special: Special, module: nn.GRU, x: torch.Tensor, hx: torch.Tensor | None) -> list[torch.Tensor]:
    """The tensors a special value is written into."""
    if special.target == "input":
        return [x]
    if special.target == "hx":
        if hx is None:
            raise GenerationError(f"special {special}: the case omits hx")
        return [hx]
    state = dict(module.named_parameters())
    if special.target == "parameters":
        return list(state.values())
    if special.target not in state:
        raise GenerationError(f"special {special}: no parameter named {special.target!r}")
    return [state[special.target]]


def write_special(special: Special, tensor: torch.Tensor, dtype: str) -> None:
    """Write one special value into the selected elements of one tensor, in place."""
    if len(special.selection) != tensor.dim() and special.index is not None:
        raise GenerationError(f"special {special}: index of {len(special.selection)} axes for a {tensor.dim()}-D tensor")
    if special.value == "subnormal":
        tensor[special.selection] *= SUBNORMAL_SCALE[dtype]
        part = tensor[special.selection]
        if not bool(((part.abs() < torch.finfo(tensor.dtype).tiny) & (part != 0)).all()):
            raise GenerationError(f"special {special}: not every value became a nonzero subnormal")
    else:
        tensor[special.selection] = NUMBERS[special.value]


def apply_specials(case: Case, module: nn.GRU, x: torch.Tensor, hx: torch.Tensor | None) -> None:
    with torch.no_grad():
        for special in case.specials:
            for tensor in targets(special, module, x, hx):
                write_special(special, tensor, case.dtype)


def stored_call(x: torch.Tensor, hx: torch.Tensor | None, made_forms: dict[str, Any]) -> dict[str, Any]:
    """The stored input and hx: recipes when they were made by one, else their values."""
    if made_forms:
        return made_forms
    return {"input": tensor_data(x), "hx": None if hx is None else tensor_data(hx)}


def stored_parameters(module: nn.GRU | None, recipes: dict[str, RecipeTensor] | None) -> dict[str, Any]:
    if module is None:
        return {}
    if recipes is not None:
        return dict(recipes)
    return {name: tensor_data(value) for name, value in module.state_dict().items()}
