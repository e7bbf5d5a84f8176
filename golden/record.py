"""Running torch on one case and turning what it did into a golden document."""

from __future__ import annotations

import platform
import warnings
from typing import Any

import numpy
import torch
from torch import nn

from case import RECIPE_VALUES, Case
from checks import GenerationError, check_forward
from clauses import ClauseList, case_clauses, expected_warnings
from dropout_replay import verified_masks
from encode import RecipeTensor, packed, tensor_data
from values import DTYPES, apply_specials, draw_call, load_recipe_parameters, stored_call, stored_parameters

FORMAT = "gru-conformance/golden"
GENERATOR = "golden/generate.py"
# Recipe goldens store expected tensors of more values than this as base64 (exact, about a third the size).
PACK_ABOVE = 1024
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


def format_version(case: Case) -> int:
    """2 when the file uses a formatVersion 2 feature (recipes, base64, specials), else 1."""
    return 2 if case.values == RECIPE_VALUES or case.specials else 1


def expected_tensor(case: Case, tensor: torch.Tensor) -> Any:
    if case.values == RECIPE_VALUES and tensor.numel() > PACK_ABOVE:
        return packed(tensor)
    return tensor_data(tensor)


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


def document(case: Case, clauses: ClauseList, parameters: dict[str, Any], call: dict[str, Any],
             expected: dict[str, Any], masks: list[torch.Tensor] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": FORMAT,
        "formatVersion": format_version(case),
        "id": case.id,
        "description": case.description,
        "clauses": case_clauses(case, clauses),
        "provenance": provenance(case.rng_seed),
        "dtype": case.dtype,
        "kwargs": case.kwargs,
        "mode": case.mode,
    }
    if case.specials:
        doc["specials"] = [special.to_json() for special in case.specials]
    doc["parameters"] = parameters
    if masks is not None:
        doc["dropoutMasks"] = [tensor_data(mask) for mask in masks]
    doc["input"] = call["input"]
    doc["hx"] = call["hx"]
    doc["expected"] = expected
    return doc


def run(module: nn.GRU, x: torch.Tensor, hx: torch.Tensor | None) -> tuple[torch.Tensor, torch.Tensor]:
    """Call forward exactly as the golden says: hx omitted when it is null."""
    return module(x) if hx is None else module(x, hx)


def record(case: Case, clauses: ClauseList) -> dict[str, Any]:
    """Seed, build the module, draw input and hx, write the specials, run forward; return the golden document."""
    torch.manual_seed(case.rng_seed)
    recipes: dict[str, RecipeTensor] | None = None
    with warnings.catch_warnings(record=True) as caught, torch.no_grad():
        warnings.simplefilter("always")
        module: nn.GRU | None = None
        failure: tuple[Exception, str] | None = None
        try:
            module = nn.GRU(**case.kwargs).to(DTYPES[case.dtype]).train(case.mode == "train")
        except Exception as exc:  # noqa: BLE001 - any rejection is evidence
            failure = (exc, "construct")
        x, hx, made_forms = draw_call(case)
        if module is not None:
            if case.values == RECIPE_VALUES:
                recipes = load_recipe_parameters(case, module)
            apply_specials(case, module, x, hx)
            torch.manual_seed(case.rng_seed)  # train mode: dropout draws from here (see dropout_replay)
            try:
                output, h_n = run(module, x, hx)
            except Exception as exc:  # noqa: BLE001
                failure = (exc, "forward")
        seen = warning_records(case, list(caught))
    parameters = stored_parameters(None if failure and failure[1] == "construct" else module, recipes)
    call = stored_call(x, hx, made_forms)
    if case.error is not None:
        if failure is None:
            raise GenerationError(f"{case.id}: torch ACCEPTED a call that {case.error} says is rejected")
        expected = {"error": error_record(case, clauses, *failure), "warnings": seen}
        return document(case, clauses, parameters, call, expected)
    if failure is not None:
        raise GenerationError(f"{case.id}: torch rejected the call at {failure[1]}: {failure[0]!r}")
    assert module is not None
    if [w["clause"] for w in seen] != expected_warnings(case):
        raise GenerationError(f"{case.id}: warnings {seen}, expected clauses {expected_warnings(case)}")
    check_forward(case, module, x, hx, output, h_n)
    masks = verified_masks(case.rng_seed, module, x, hx, output, h_n) if case.mode == "train" else None
    expected = {"output": expected_tensor(case, output), "h_n": expected_tensor(case, h_n), "warnings": seen}
    return document(case, clauses, parameters, call, expected, masks)
