r"""Exercises of notebook 10: dropout's closed form, the share it keeps, rare features."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..noise import dropout_ridge
from . import check_choice, check_function, choice_answer, close, exercise, report, unanswered

__all__ = ["check_dropout_least_squares", "check_kept_share", "check_why_rare", "WHY_RARE"]


def _calls() -> list[tuple]:
    rng = np.random.default_rng(10)
    calls = []
    for n, d, p in ((6, 2, 0.5), (20, 3, 0.1), (15, 5, 0.3), (40, 4, 0.8), (8, 1, 0.25)):
        X = rng.standard_normal((n, d)) * rng.uniform(0.2, 3.0, d)
        calls.append((X, rng.standard_normal(n), p))
    X = rng.standard_normal((10, 3))
    calls.append((X, rng.standard_normal(10), 0.0))  # p = 0: least squares
    return calls


@exercise(hints=(
    "Section 2 gives the expected dropout loss: least squares plus a ridge whose weight on "
    "each feature is p/(1-p) times the feature's energy. Set its gradient to zero.",
    "The matrix to invert is the Gram matrix of X plus p/(1-p) times its own diagonal (only "
    "the diagonal entries, as a diagonal matrix); the right-hand side is X transposed times y.",
))
def check_dropout_least_squares(answer: Callable[..., Any] | None) -> Any:
    r"""The student's ``dropout_least_squares(X, y, p)``: the minimiser under input dropout.

    :math:`w = (X^\top X + \frac{p}{1-p}\operatorname{diag}(X^\top X))^{-1} X^\top y`.
    """
    return check_function(
        answer, dropout_ridge, _calls(), name="dropout_least_squares", rtol=1e-8, atol=1e-10,
        right="The expected loss under dropout is least squares plus p/(1-p) times each "
              "feature's energy times its weight squared: a ridge with one λ per feature.")


def _kept(p: float = 0.35) -> float:
    return 1.0 - p


@exercise(hints=(
    "With a diagonal Gram matrix every feature is its own one-dimensional problem: compare "
    "the dropout minimiser of one weight with its least-squares value.",
    "For one feature the least-squares weight is (its x times y) over its energy; dropout adds "
    "p/(1-p) times the same energy to the denominator. Divide the two and simplify the odds.",
), expected=_kept)
def check_kept_share(answer: Any, p: float = 0.35) -> Any:
    r"""The share of each least-squares weight that dropout ``p`` keeps when :math:`X^\top X` is
    diagonal: :math:`1 / (1 + \frac{p}{1-p}) = 1 - p`, the keep probability.
    """  # noqa: D205
    if (v := unanswered(answer, "a number between 0 and 1")) is not None:
        return v
    ok = close(answer, _kept(p), rel=1e-3, abs_=1e-3)
    if ok:
        return report(True, f"Each weight is divided by 1 + p/(1-p) = 1/(1-p): dropout keeps "
                            f"the share 1 - p = {_kept(p):g}, the keep probability, whatever "
                            "the feature's scale.")
    wrong = ("That is the dropout rate itself, the share that is dropped, not the share of the "
             "weight that is kept." if close(answer, p) else
             "That is the odds p/(1-p), the ridge weight per unit of energy, not the share kept."
             if close(answer, p / (1 - p)) else "")
    return report(False, "", wrong or "Compare the dropout minimiser of one weight with its "
                             "least-squares value.")


#: The options of the multiple-choice question, in the order shown.
WHY_RARE: dict[str, tuple[bool, str]] = {
    "Dropout drops rare features less often than common ones.": (
        False, "Every entry is dropped with the same probability p, whatever its feature. What "
               "differs is how much a drop changes: dropping a zero changes nothing."),
    "The rescaling by 1/(1-p) inflates rare features, which makes up for the penalty.": (
        False, "The rescaling multiplies every kept entry alike and keeps the mean of each entry "
               "unchanged; it is what makes the expected loss a clean least squares plus a "
               "penalty, for rare and common features the same way."),
    "Dropout's penalty on a weight is proportional to its feature's energy (sum of squares), "
    "and a feature that is zero on most points has little energy.": (
        True, "The variance dropout adds to an entry is p/(1-p) times its square, so a feature "
              "that is mostly zero adds little noise and its weight pays little. Plain ridge "
              "charges every weight the same λ."),
    "Rare features have small weights, and any penalty barely touches small weights.": (
        False, "A rare but useful feature often needs a weight as large as a common one's (its "
               "true weight is 1 in section 2). Ridge's penalty is on the weight, so it is not "
               "gentler on rare features: it shrinks them most, as the figure shows."),
}


@exercise(hints=(
    "Write out the variance that dropout adds to one entry of X, and which quantity of a "
    "feature it ends up multiplying in the penalty of section 2.",
    "Dropping an entry that is already zero changes nothing: which features have mostly "
    "zero entries, and what does that do to their share of the penalty?",
), expected=lambda: choice_answer(WHY_RARE))
def check_why_rare(answer: Any) -> Any:
    """Multiple choice: why dropout penalizes a rare feature's weight less than ridge does."""
    return check_choice(answer, WHY_RARE, question="Why does dropout penalize the weight of a "
                        "rare feature less than plain ridge does?")
