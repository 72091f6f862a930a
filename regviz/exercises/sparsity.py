r"""Exercises of notebook 13: the group-lasso prox, the bytes of a sparse layer, speed.

The group lasso :math:`\lambda\sum_g\|w_g\|_2` on the rows of a weight matrix
(:class:`regviz.penalties.GroupLasso`); CSR storage as in :mod:`regviz.sparsity`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..penalties import GroupLasso
from ..sparsity import INDEX_BYTES, VALUE_BYTES
from . import Verdict, check_choice, check_function, close, exercise, report, unanswered

__all__ = ["check_csr_bytes", "check_group_prox", "check_why_not_faster"]


def _group_prox(Z: Any, t: float) -> np.ndarray:
    return GroupLasso(1.0).prox(np.asarray(Z, dtype=float), step=t)


GROUP_INPUTS: tuple[tuple[Any, float], ...] = (
    (np.array([[3.0, 4.0], [0.3, 0.4]]), 1.0),
    (np.array([[3.0, 4.0], [0.0, 0.0], [-1.0, 1.0]]), 0.5),
    (np.array([[0.6, 0.8, 0.0]]), 1.0),
    (np.array([[1.0, -2.0, 2.0], [0.5, 0.5, 0.5]]), 2.0),
    (np.random.default_rng(0).normal(size=(6, 5)), 1.3),
)


@exercise(hints=(
    "Each row is handled on its own, and the answer keeps each row's direction: only its "
    "length changes. The section on the group lasso derives by how much.",
    "A row whose length is at most t becomes all zeros; a longer row is multiplied by one "
    "minus t over its length. Mind rows that are already zero."))
def check_group_prox(student: Callable[[Any, float], Any] | None) -> Verdict:
    """Run the student's ``group_prox(Z, t)`` (block soft threshold of the rows) on test rows."""
    return check_function(
        student, _group_prox, GROUP_INPUTS, name="group_prox", rtol=1e-10, atol=1e-12,
        right="whole rows become exactly 0 at once: the unit they feed can be removed.")


def _csr(rows: int = 300, cols: int = 1000, density: float = 0.04) -> int:
    nnz = round(rows * cols * density)
    return (VALUE_BYTES + INDEX_BYTES) * nnz + INDEX_BYTES * (rows + 1)


@exercise(hints=(
    "CSR stores, for each nonzero, its value and its column; and, for each row, where the row "
    "starts, plus one last pointer. Values are float32 and indices int32 here: four bytes each.",
    "Count the nonzeros first (rows times columns times the density); each costs two numbers; "
    "then add the row pointers, one more than the number of rows."), expected=_csr)
def check_csr_bytes(answer: Any, rows: int = 300, cols: int = 1000,
                    density: float = 0.04) -> Verdict:
    """Bytes of a ``rows x cols`` weight matrix with ``density`` nonzeros stored as CSR."""
    if (v := unanswered(answer, "a whole number of bytes")) is not None:
        return v
    expected = _csr(rows, cols, density)
    ok = close(answer, expected, rel=0.0, abs_=0.5)
    nnz = round(rows * cols * density)
    wrong = ""
    if not ok and close(answer, 4 * nnz, rel=0.0, abs_=0.5):
        wrong = "That counts the values only: each nonzero also needs its column index."
    elif not ok and close(answer, 8 * nnz, rel=0.0, abs_=0.5):
        wrong = "Values and column indices, yes; the row pointers are missing."
    return report(ok, f"{expected} bytes, against {4 * rows * cols} dense: CSR pays 8 bytes per "
                      "nonzero, so it is smaller only below about half the entries nonzero.",
                  wrong)


WHY_NOT_FASTER = {
    "The L1 network has fewer exact zeros than the group-lasso one": (
        False, "count them in the table: the L1 network can have more zeros and still run at "
               "the dense speed; it is where the zeros are, not how many, that matters."),
    "A dense matrix product multiplies every entry, zero or not; skipping scattered zeros "
    "needs sparse kernels, which lose to dense ones until most entries are zero": (
        True, "the dense kernel's work depends on the shape, not on the values; removing whole "
              "units changes the shape, so it is faster with the same kernels."),
    "Exact zeros are rounded to tiny numbers when the network runs in float32": (
        False, "0.0 is exact in float32; the zeros are still there when the network runs."),
    "The dropout layers of the forum's MLP undo the pruning at inference": (
        False, "dropout is off at inference (eval mode), and it never restores weights."),
}


@exercise(hints=(
    "Think about what a dense matrix product does with an entry that happens to be 0.",
    "Compare what changes between the unstructured and the structured network: the values "
    "inside the matrices, or their shapes?"), expected=lambda: "b")
def check_why_not_faster(answer: Any) -> Verdict:
    """Multiple choice: why scattered zeros do not speed up the network."""
    return check_choice(
        answer, WHY_NOT_FASTER,
        question="The L1-pruned MLP has many exact zeros but runs no faster than the dense one "
                 "with the usual (dense) kernels, while the group-lasso network, rebuilt "
                 "smaller, does. Why?")
