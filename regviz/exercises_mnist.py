"""Checked exercises of notebooks 06 and 07 (MNIST training, lambda conventions)."""

from __future__ import annotations

from regviz.exercises import close, report
from regviz.experiments.results import Result, as_result

__all__ = ["check_best_lambda", "check_weight_decay", "check_sklearn_alpha"]


def check_best_lambda(result: Result | dict, answer: float, *, tolerance: float = 0.01) -> bool:
    """Check ``answer`` as the largest lambda with test error within ``tolerance`` of lambda = 0.

    The reference error is the row at lambda = 0 of ``result`` (a reproduction).
    """
    rows = as_result(result).rows
    base = next(r.test_error for r in rows if r.lam == 0)
    best = max(r.lam for r in rows if r.test_error <= base + tolerance)
    return report(
        close(answer, best, rel=1e-9, abs_=1e-12),
        f"lambda = {best:g} keeps the error within {tolerance} of the unregularized network.",
        "scan the rows from the largest lambda down; compare each test error with the "
        "lambda = 0 row plus the tolerance.",
    )


def check_weight_decay(lam: float, answer: float) -> bool:
    r"""Check ``answer`` as SGD's ``weight_decay`` equal to :math:`\lambda\sum w^2` in the loss."""
    return report(
        close(answer, 2 * lam, rel=1e-9, abs_=1e-15),
        "the gradient of lam*w**2 is 2*lam*w, so weight_decay = 2*lam.",
        "differentiate lam*w**2: torch adds weight_decay*w to the gradient.",
    )


def check_sklearn_alpha(lam: float, n_samples: int, answer: float) -> bool:
    r"""Check ``answer`` as ``Lasso``'s ``alpha`` for :math:`\frac1n\|y-Xw\|^2 + \lambda\|w\|_1`.

    ``Lasso`` minimizes :math:`\frac{1}{2n}\|y - Xw\|^2 + \alpha\|w\|_1`, so :math:`\alpha =
    \lambda/2`; ``n_samples`` is there to tempt a wrong scaling.
    """
    return report(
        close(answer, lam / 2, rel=1e-9, abs_=1e-15),
        "Lasso halves the squared error, so alpha = lam / 2.",
        "write both objectives and divide ours by 2 to match Lasso's 1/(2n) factor.",
    )
