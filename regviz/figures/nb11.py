"""Lecture figures of notebook 11 (implicit regularization: early stopping, double descent)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from ..experiments.results import Result
from ._registry import register

# --------------------------------------------------------------------------------------------
# 11: implicit regularization (regviz.implicit; the double-descent reproduction)


@register(
    "early-stopping-vs-ridge",
    "Gradient descent from 0 on least squares (diabetes data), its coefficients against the step "
    "t, beside ridge's against 1/(2ηλ): stopping after t steps is close to ridge with "
    "λ ≈ 1/(2ηt), though not equal.",
    figsize=(13.0, 5.0),
    notebook="11_implicit_regularization",
)
def _early_stopping(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..generalization import diabetes_data, ridge
    from ..implicit import gd_path, lam_for_steps
    from ..plots.generalization import plot_early_stopping

    X, y, *_ = diabetes_data()
    X, y = X - X.mean(0), y - y.mean()
    lr = 0.9 * len(y) / np.linalg.norm(X, 2) ** 2
    steps = np.unique(np.round(np.geomspace(1, 10_000, 81)).astype(int))
    gd = gd_path(X, y, lr=lr, n_steps=int(steps[-1]))[steps]
    lams = lam_for_steps(np.geomspace(1, 10_000, 121), lr)
    plot_early_stopping(steps, gd, lams, np.array([ridge(X, y, lam) for lam in lams]), lr=lr,
                        axes=fig.subplots(1, 2, sharey=True))


@register(
    "stopping-vs-ridge-filters",
    "Early stopping's factor 1 - exp(-x) on a direction beside ridge's x/(1 + x) at the matched "
    "λ = 1/(2ηt), with x = ηts²/n: stopping shrinks every direction less, the two agree on weak "
    "directions, and stopping's knee is sharper (10 % to 90 % over a factor 22 in x, not 81).",
    figsize=(9.0, 5.0),
    notebook="11_implicit_regularization",
)
def _stopping_filters(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.implicit import plot_filters

    plot_filters(ax=fig.subplots())


@register(
    "double-descent",
    "Random ReLU features fitted to 100 training points (mean of 5 draws): the minimum-norm "
    "fit's test error peaks where the width equals the number of training points and falls "
    "again past it; ridge tuned on validation data has no peak.",
    figsize=(10.0, 5.5),
    notebook="11_implicit_regularization",
)
def _double_descent(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..experiments import reproduce
    from ..experiments.double_descent import curves
    from ..plots.implicit import plot_double_descent

    result = reproduce("double-descent")  # NumPy, about two seconds
    c = curves(result)
    plot_double_descent(c["widths"], {m: c[m] for m in ("min-norm", "tuned-ridge")},
                        n_train=int(result.config["n_train"]), train=c["train"],
                        ax=fig.subplots())
