"""Notebook 00's linear-model reproductions: d2l's weight decay and the diabetes CV (no torch).

Their computations live in :mod:`regviz.generalization`; each returns the whole result, with
its claims, from its own settings.
"""

from __future__ import annotations

from .registry import Reproduction, result_function_runner

_GEN = "regviz.generalization"


def _settings(name: str) -> dict:
    from regviz import generalization

    return getattr(generalization, name)


REPRODUCTIONS = (
    Reproduction(
        "d2l-weight-decay", _settings("D2L"),
        runner=result_function_runner(f"{_GEN}:d2l_weight_decay", source="d2l"), torch=False,
        order=7,
        description="d2l's 20-sample, 200-feature regression with and without weight decay"),
    Reproduction(
        "diabetes-cv", _settings("DIABETES"),
        runner=result_function_runner(f"{_GEN}:diabetes_cv", source="scikit-learn"),
        torch=False, order=8,
        description="Cross-validated ridge, lasso and elastic net on scikit-learn's diabetes "
                    "data"),
)
