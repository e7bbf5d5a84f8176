"""The clause list (spec/clauses.json): loading it, deriving a case's clause ids, checking citations."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from case import DEFAULTS, ID_PATTERN, SPECIAL_VALUES, TORCH_VALUES, Case

CLAUSES_PATH = Path(__file__).resolve().parent.parent / "spec" / "clauses.json"

# Every forward golden evidences the equations, the parameter layout and the output dtype.
ALWAYS = (
    "gru.eq.reset-gate",
    "gru.eq.update-gate",
    "gru.eq.new-gate",
    "gru.eq.hidden-update",
    "gru.eq.gate-order",
    "gru.eq.recurrence",
    "gru.param.names",
    "gru.param.shapes",
    "gru.dtype.output-matches-input",
    "gru.dir.h-n-final-state",
)
BIDIRECTIONAL = (
    "gru.dir.reverse-time",
    "gru.dir.reverse-output-time-aligned",
    "gru.dir.output-concat",
    "gru.dir.h-n-index",
)
STACKED = ("gru.layer.input-width", "gru.layer.stacking", "gru.dir.h-n-index")
BATCHED = ("gru.shape.input-batched", "gru.shape.output-batched", "gru.shape.h-n")
DROPOUT_WARNING = "gru.warn.dropout-single-layer"
# What a golden recorded in float16 or bfloat16 evidences: the format and how torch computes in it.
HALF_PRECISION = ("gru.dtype.half-formats", "gru.dtype.half-arithmetic")
# What a golden with special values evidences, by the value written.
SPECIAL_CLAUSES = {
    "NaN": "gru.num.nan-propagation",
    "Infinity": "gru.num.infinity-saturation",
    "-Infinity": "gru.num.infinity-saturation",
    "-0.0": "gru.num.signed-zero-subnormal",
    "subnormal": "gru.num.signed-zero-subnormal",
}


@dataclass(frozen=True)
class ClauseList:
    """The parts of spec/clauses.json the generator needs."""

    order: dict[str, int]
    kinds: dict[str, str]
    errors: dict[str, dict[str, str]]

    def sort(self, ids: set[str]) -> list[str]:
        """Clause ids in the order spec/clauses.json lists them."""
        return sorted(ids, key=lambda clause: self.order.get(clause, len(self.order)))


def load_clauses(path: Path = CLAUSES_PATH) -> ClauseList:
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["clauses"]
    return ClauseList(
        order={entry["id"]: index for index, entry in enumerate(entries)},
        kinds={entry["id"]: entry["kind"] for entry in entries},
        errors={entry["id"]: entry["error"] for entry in entries if entry["kind"] == "error"},
    )


def expected_warnings(case: Case) -> list[str]:
    """Warning clauses the construction must emit (gru.warn.dropout-single-layer)."""
    if case.arg("dropout") > 0 and case.arg("num_layers") == 1:
        return [DROPOUT_WARNING]
    return []


def forward_clauses(case: Case) -> set[str]:
    """Clause ids a forward golden evidences, derived from the case's features."""
    ids = set(ALWAYS) | set(case.clauses) | set(expected_warnings(case))
    ids.update(SPECIAL_CLAUSES[special.value] for special in case.specials if special.value in SPECIAL_CLAUSES)
    if case.torch_init:
        ids.add("gru.init.uniform")
    if case.dtype in ("float16", "bfloat16"):
        ids.update(HALF_PRECISION)
    if not case.arg("bias"):
        ids.add("gru.eq.no-bias")
    if case.arg("bidirectional"):
        ids.update(BIDIRECTIONAL)
    if case.arg("num_layers") > 1:
        ids.update(STACKED)
    if case.hx_shape is None:
        ids.add("gru.default.hx-zeros")
    if case.batched:
        ids.update(BATCHED)
        if case.time_major_dims()[1] == 0:
            ids.add("gru.shape.batch-zero")
    else:
        ids.add("gru.shape.unbatched")
    if case.arg("batch_first"):
        ids.add("gru.shape.h-n-never-batch-first")
    for name in DEFAULTS:
        if name not in case.kwargs:
            ids.add("gru.default." + name.replace("_", "-"))
    if case.arg("dropout") > 0:
        ids.add("gru.dropout.eval-identity" if case.mode == "eval" else "gru.dropout.between-layers")
    return ids


def case_clauses(case: Case, clauses: ClauseList) -> list[str]:
    """The sorted clause ids a golden file cites."""
    if case.error is not None:
        return clauses.sort({case.error, *case.clauses})
    return clauses.sort(forward_clauses(case))


def check_cases(cases: list[Case], clauses: ClauseList, also_cited: set[str] | None = None) -> list[str]:
    """Problems with the case list: bad or duplicate ids, unknown clauses, uncovered error clauses
    (`also_cited`: clause ids that other golden sets, such as the GRUCell cases, cover)."""
    problems: list[str] = []
    for case_id, count in Counter(case.id for case in cases).items():
        if count > 1:
            problems.append(f"duplicate case id {case_id!r} ({count} times)")
    cited: set[str] = set(also_cited or ())
    for case in cases:
        if not ID_PATTERN.match(case.id):
            problems.append(f"case id {case.id!r} is not kebab-case")
        ids = case_clauses(case, clauses)
        cited.update(ids)
        problems.extend(f"{case.id}: unknown clause {c!r}" for c in ids if c not in clauses.kinds)
        if case.error is not None and clauses.kinds.get(case.error) != "error":
            problems.append(f"{case.id}: {case.error!r} is not an error clause")
        if case.specials and case.values != TORCH_VALUES:
            problems.append(f"{case.id}: special values need torch values (a recipe would no longer say them)")
        problems.extend(f"{case.id}: unknown special value {s.value!r}" for s in case.specials
                        if s.value not in SPECIAL_VALUES)
    for clause, kind in clauses.kinds.items():
        if kind in ("error", "warning") and clause not in cited:
            problems.append(f"{kind} clause {clause} has no golden case")
    return problems


def uncited(cases: list[Case], clauses: ClauseList) -> list[str]:
    """Clause ids that no golden cites (informational: notes and relations may live elsewhere)."""
    cited = {clause for case in cases for clause in case_clauses(case, clauses)}
    return [clause for clause in clauses.order if clause not in cited]
