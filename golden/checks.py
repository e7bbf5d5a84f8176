"""Sanity checks run on every forward result before it is recorded.

A failed check raises GenerationError: a golden that contradicts the clauses it cites is never written.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from case import Case


class GenerationError(Exception):
    """The generator refuses to record a case (torch disagreed with the case or a check failed)."""


def check_shapes(case: Case, output: torch.Tensor, h_n: torch.Tensor) -> None:
    """gru.shape.*: output and h_n have the shapes the case's kwargs and input imply."""
    expected_output, expected_h_n = case.expected_shapes()
    if tuple(output.shape) != expected_output or tuple(h_n.shape) != expected_h_n:
        raise GenerationError(
            f"{case.id}: output {tuple(output.shape)} / h_n {tuple(h_n.shape)}, "
            f"expected {expected_output} / {expected_h_n}"
        )


def check_values(case: Case, x: torch.Tensor, output: torch.Tensor, h_n: torch.Tensor) -> None:
    """gru.dtype.output-matches-input and gru.num.saturation (finite in, finite out).

    Only the cases that write a NaN or an infinity (their specials say so) may have non-finite results.
    """
    if output.dtype != x.dtype or h_n.dtype != x.dtype:
        raise GenerationError(f"{case.id}: output {output.dtype} / h_n {h_n.dtype} for {x.dtype} input")
    finite = bool(torch.isfinite(output).all()) and bool(torch.isfinite(h_n).all())
    if not finite and not case.writes_non_finite:
        raise GenerationError(f"{case.id}: non-finite output for finite input")


def check_parameters(case: Case, module: nn.GRU) -> None:
    """gru.init.uniform bound, and a non-zero b_hn so that its placement is observable.

    Skipped when the case writes special values into the parameters on purpose.
    """
    if case.writes_parameters:
        return
    hidden = module.hidden_size
    bound = 1 / math.sqrt(hidden)
    dtype = next(iter(module.state_dict().values())).dtype  # the bound as the parameters' dtype rounds it
    bound = max(bound, float(torch.tensor(bound, dtype=torch.float32)), float(torch.tensor(bound, dtype=dtype)))
    for name, value in module.state_dict().items():
        if float(value.abs().max()) > bound:
            raise GenerationError(f"{case.id}: {name} exceeds the init bound {bound}")
        if name.startswith("bias_hh") and not bool(value[2 * hidden:].ne(0).any()):
            raise GenerationError(f"{case.id}: {name} has a zero b_hn block")


def check_eval_identity(case: Case, module: nn.GRU, x: torch.Tensor, hx: torch.Tensor | None,
                        output: torch.Tensor, h_n: torch.Tensor) -> None:
    """gru.dropout.eval-identity: the same weights with dropout=0 give bit-identical results."""
    twin = nn.GRU(**{**case.kwargs, "dropout": 0.0}).to(x.dtype)
    twin.load_state_dict(module.state_dict())
    twin.eval()
    with torch.no_grad():
        twin_output, twin_h_n = twin(x) if hx is None else twin(x, hx)
    if not (torch.equal(twin_output, output) and torch.equal(twin_h_n, h_n)):
        raise GenerationError(f"{case.id}: eval-mode dropout changed the result")


def bits(tensor: torch.Tensor) -> torch.Tensor:
    return tensor.view({torch.float64: torch.int64, torch.float32: torch.int32}.get(tensor.dtype, torch.int16))


def check_signed_zero(case: Case, module: nn.GRU, x: torch.Tensor, hx: torch.Tensor | None,
                      output: torch.Tensor, h_n: torch.Tensor) -> None:
    """gru.num.signed-zero-subnormal: with every -0.0 made +0.0 the result is the same, bit for bit."""
    twin = nn.GRU(**case.kwargs).to(x.dtype).eval()
    twin.load_state_dict({name: value + 0.0 for name, value in module.state_dict().items()})
    with torch.no_grad():
        twin_output, twin_h_n = twin(x + 0.0) if hx is None else twin(x + 0.0, hx + 0.0)
    same = torch.equal(bits(twin_output), bits(output)) and torch.equal(bits(twin_h_n), bits(h_n))
    if not same:
        raise GenerationError(f"{case.id}: -0.0 and +0.0 give different bits")


def check_not_flushed(case: Case, output: torch.Tensor, h_n: torch.Tensor) -> None:
    """gru.num.signed-zero-subnormal: subnormal values are not flushed to zero (the result keeps some)."""
    tiny = torch.finfo(output.dtype).tiny
    subnormal = (output.abs() < tiny) & (output != 0)
    if not bool(subnormal.any()):
        raise GenerationError(f"{case.id}: subnormal values in, no subnormal value out (flushed to zero?)")


def check_overflows_float16(case: Case, module: nn.GRU, x: torch.Tensor) -> None:
    """gru.dtype.half-arithmetic: some input pre-activation W_ih x + b_ih (float64, from the float16 values)
    passes float16's largest finite value, so the case shows such an overflow saturating instead of propagating."""
    weight, bias = module.weight_ih_l0.detach().double(), module.bias_ih_l0.detach().double()
    largest = float((x.double() @ weight.T + bias).abs().max())
    if largest <= torch.finfo(torch.float16).max:
        raise GenerationError(f"{case.id}: the largest input pre-activation is {largest}, within float16's range")


def check_forward(case: Case, module: nn.GRU, x: torch.Tensor, hx: torch.Tensor | None,
                  output: torch.Tensor, h_n: torch.Tensor) -> None:
    check_shapes(case, output, h_n)
    check_values(case, x, output, h_n)
    check_parameters(case, module)
    if case.mode == "eval" and case.arg("dropout") > 0:
        check_eval_identity(case, module, x, hx, output, h_n)
    values = {special.value for special in case.specials}
    if "-0.0" in values:
        check_signed_zero(case, module, x, hx, output, h_n)
    if "subnormal" in values:
        check_not_flushed(case, output, h_n)
    if case.overflows_float16:
        check_overflows_float16(case, module, x)


def check_batch_of_one(batched: dict[str, Any], unbatched: dict[str, Any]) -> None:
    """gru.shape.unbatched-equals-batch-of-one, on two recorded documents with the same data."""
    same_input = batched["input"].data == unbatched["input"].data
    same = all(batched["expected"][k].data == unbatched["expected"][k].data for k in ("output", "h_n"))
    if not (same_input and same):
        raise GenerationError(f"{unbatched['id']} differs from its batch-of-one twin {batched['id']}")
