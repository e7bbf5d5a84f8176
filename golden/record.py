"""Running torch on one case and turning what it did into a golden document."""

from __future__ import annotations

import platform
import warnings
from typing import Any

import numpy
import torch
from torch import nn

from case import Case
from checks import GenerationError, check_forward
from clauses import ClauseList, case_clauses, expected_warnings
from dropout_replay import verified_masks
from encode import tensor_data

FORMAT = "gru-conformance/golden"
GENERATOR = "golden/generate.py"
DTYPES = {"float32": torch.float32, "float64": torch.float64}
# Warning text prefix -> the clause it evidences. Any other warning stops the generator.
WARNING_CLAUSES = {
    "dropout option adds dropout after all but last recurrent layer": "gru.warn.dropout-single-layer",
}


def provenance(seed: int) -> dict[str, Any]:
    return {
        "generator": GENERATOR,
        "torch": str(torch.__version__),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "seed": seed,
        "device": "cpu",
        "threads": torch.get_num_threads(),
    }


def draw(shape: tuple[int, ...], dtype: str, scale: float) -> torch.Tensor:
    """Standard normal values drawn directly in dtype, times scale."""
    return torch.randn(shape, dtype=DTYPES[dtype]) * scale


def warning_records(case: Case, caught: list[warnings.WarningMessage]) -> list[dict[str, str]]:
    records = []
    for item in caught:
        message = str(item.message)
        clause = next((c for prefix, c in WARNING_CLAUSES.items() if message.startswith(prefix)), None)
        if clause is None:
            raise GenerationError(f"{case.id}: unexpected {item.category.__name__}: {message}")
        records.append({"clause": clause, "category": item.category.__name__, "message": message})
    return records


def error_record(case: Case, clauses: ClauseList, exc: Exception, stage: str) -> dict[str, str]:
    """The expected.error object, after checking torch failed the way the clause says."""
    assert case.error is not None
    spec = clauses.errors[case.error]
    kind = type(exc).__name__
    if (kind, stage) != (spec["type"], spec["stage"]):
        raise GenerationError(
            f"{case.id}: torch raised {kind} at {stage} ({exc}); {case.error} says {spec['type']} at {spec['stage']}"
        )
    return {"clause": case.error, "stage": stage, "type": kind, "message": str(exc)}


def document(case: Case, clauses: ClauseList, module: nn.GRU | None, x: torch.Tensor,
             hx: torch.Tensor | None, expected: dict[str, Any],
             masks: list[torch.Tensor] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": FORMAT,
        "formatVersion": 1,
        "id": case.id,
        "description": case.description,
        "clauses": case_clauses(case, clauses),
        "provenance": provenance(case.rng_seed),
        "dtype": case.dtype,
        "kwargs": case.kwargs,
        "mode": case.mode,
        "parameters": {} if module is None else {k: tensor_data(v) for k, v in module.state_dict().items()},
    }
    if masks is not None:
        doc["dropoutMasks"] = [tensor_data(mask) for mask in masks]
    doc["input"] = tensor_data(x)
    doc["hx"] = None if hx is None else tensor_data(hx)
    doc["expected"] = expected
    return doc


def run(module: nn.GRU, x: torch.Tensor, hx: torch.Tensor | None) -> tuple[torch.Tensor, torch.Tensor]:
    """Call forward exactly as the golden says: hx omitted when it is null."""
    return module(x) if hx is None else module(x, hx)


def record(case: Case, clauses: ClauseList) -> dict[str, Any]:
    """Seed, build the module, draw input and hx, run forward; return the golden document."""
    torch.manual_seed(case.rng_seed)
    with warnings.catch_warnings(record=True) as caught, torch.no_grad():
        warnings.simplefilter("always")
        module: nn.GRU | None = None
        failure: tuple[Exception, str] | None = None
        try:
            module = nn.GRU(**case.kwargs).to(DTYPES[case.dtype]).train(case.mode == "train")
        except Exception as exc:  # noqa: BLE001 - any rejection is evidence
            failure = (exc, "construct")
        x = draw(case.input_shape, case.input_dtype or case.dtype, case.input_scale)
        hx = None if case.hx_shape is None else draw(case.hx_shape, case.hx_dtype or case.dtype, case.hx_scale)
        if module is not None:
            torch.manual_seed(case.rng_seed)  # train mode: dropout draws from here (see dropout_replay)
            try:
                output, h_n = run(module, x, hx)
            except Exception as exc:  # noqa: BLE001
                failure = (exc, "forward")
        seen = warning_records(case, list(caught))
    if case.error is not None:
        if failure is None:
            raise GenerationError(f"{case.id}: torch ACCEPTED a call that {case.error} says is rejected")
        expected = {"error": error_record(case, clauses, *failure), "warnings": seen}
        return document(case, clauses, None if failure[1] == "construct" else module, x, hx, expected)
    if failure is not None:
        raise GenerationError(f"{case.id}: torch rejected the call at {failure[1]}: {failure[0]!r}")
    assert module is not None
    if [w["clause"] for w in seen] != expected_warnings(case):
        raise GenerationError(f"{case.id}: warnings {seen}, expected clauses {expected_warnings(case)}")
    check_forward(case, module, x, hx, output, h_n)
    masks = verified_masks(case.rng_seed, module, x, hx, output, h_n) if case.mode == "train" else None
    expected = {"output": tensor_data(output), "h_n": tensor_data(h_n), "warnings": seen}
    return document(case, clauses, module, x, hx, expected, masks)
