"""Lecture figures of notebook 00 (why regularize: linear models)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from ..experiments.results import Result
from ._registry import register

# --------------------------------------------------------------------------------------------
# 00: why regularize (linear models; regviz.generalization)


def _poly_paths() -> tuple[Any, dict]:
    from ..generalization import error_path, polynomial_data

    data = polynomial_data()
    return data, {"L2": error_path(data, penalty="L2")}


@register(
    "overfitting-curve",
    "A degree-12 polynomial fitted to 15 noisy points of sin(πx): without a penalty it threads "
    "every training point and misses the test points by far; with ridge's λ chosen on a "
    "validation set it follows the function.",
    figsize=(12.0, 5.4),
    notebook="00_why_regularize",
)
def _overfitting_curve(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.generalization import fit_curve_x, plot_fit

    data, paths = _poly_paths()
    p = paths["L2"]
    x = fit_curve_x()
    for ax, i in zip(fig.subplots(1, 2, sharey=True), (0, int(np.argmin(p.val))), strict=True):
        plot_fit(data, data.features(x) @ p.coefs[i] + p.intercepts[i], ax=ax)
        lam = "0" if p.lams[i] == 0 else f"{p.lams[i]:.2g} (best on validation)"
        ax.set_title(rf"$\lambda$ = {lam}"
                     + f"\ntrain MSE {p.train[i]:.2g}, test MSE {p.test[i]:.2g}")
    ax.legend(loc="lower right", fontsize="small")


@register(
    "error-vs-lambda",
    "Train, validation and test error of the degree-12 ridge fit against λ (log scale, 0 on the "
    "left): the training error only grows with λ; validation and test errors fall by two "
    "decades, then rise again: the U shape.",
    figsize=(10.0, 5.0),
    notebook="00_why_regularize",
)
def _error_vs_lambda(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.generalization import plot_error_curves

    _, paths = _poly_paths()
    p = paths["L2"]
    ax = fig.subplots()
    plot_error_curves(p.lams, {"train": p.train, "val": p.val, "test": p.test},
                      current=float(p.lams[np.argmin(p.val)]), ax=ax)
    ax.set_title("ridge on a degree-12 polynomial, 15 training points")


@register(
    "cv-curve",
    "Five-fold cross-validation of ridge on the diabetes data: mean held-out error ± one "
    "standard error against λ, the lowest mean (dot) and the largest λ within one standard "
    "error of it (diamond); the test error (dashed) was not used to choose.",
    figsize=(10.0, 5.0),
    notebook="00_why_regularize",
    requires=("diabetes-cv",),
)
def _cv_curve(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..experiments.linear import Method
    from ..generalization import diabetes_data, diabetes_paths
    from ..plots.generalization import plot_cv_curve

    Xtr, ytr, Xte, yte, _ = diabetes_data()
    cv = results["diabetes-cv"].rows_of(Method.RIDGE)[0].cv()
    _, coefs = diabetes_paths("L2", lams=cv.lams)
    b = ytr.mean() - Xtr.mean(0) @ coefs.T
    test = np.mean((Xte @ coefs.T + b - yte[:, None]) ** 2, axis=0)
    ax = fig.subplots()
    plot_cv_curve(cv, test=test, ax=ax)
    ax.set_title("ridge on the diabetes data: 5-fold CV")


@register(
    "diabetes-paths",
    "Regularization paths on scikit-learn's diabetes data (10 standardized features): the "
    "lasso sets coefficients exactly to 0 one after another, ridge shrinks all of them smoothly, "
    "the elastic net (a = 1/2) does both. Dashed: the λ chosen by 5-fold CV.",
    figsize=(14.0, 5.2),
    notebook="00_why_regularize",
    requires=("diabetes-cv",),
)
def _diabetes_paths(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..experiments.linear import PENALTY_OF, Method
    from ..generalization import diabetes_paths
    from ..plots.generalization import plot_path_panels

    result = results["diabetes-cv"]
    rows = {m: result.rows_of(m)[0] for m in (Method.LASSO, Method.RIDGE, Method.ELASTIC_NET)}
    paths = {m: diabetes_paths(PENALTY_OF[m]) for m in rows}
    notes = {m: f"test MSE {r.test_error:.0f}" for m, r in rows.items()}
    plot_path_panels(paths, chosen={m: r.lam for m, r in rows.items()},
                     names=result.config["features"], notes=notes,
                     axes=fig.subplots(1, 3, sharey=True))


@register(
    "shrinkage-factors",
    "Ridge through the SVD: each singular direction j of the polynomial features is multiplied "
    "by s_j²/(s_j² + 2nλ). Directions with small singular values (the wiggles) are cut first; "
    "df(λ), the sum of the factors, falls from 12 to 0.",
    figsize=(10.0, 5.0),
    notebook="00_why_regularize",
)
def _shrinkage_factors(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..generalization import lam_grid, polynomial_data, shrinkage_factors
    from ..plots.generalization import plot_shrinkage

    X = polynomial_data().X_train
    lams = lam_grid()
    ax = fig.subplots()
    plot_shrinkage(lams, shrinkage_factors(X - X.mean(0), lams), ax=ax)
    ax.set_title(r"shrinkage factor $s_j^2/(s_j^2 + 2n\lambda)$ of each direction")


@register(
    "bias-variance",
    "Bias², variance and noise of ridge on the degree-12 polynomial, over 300 training sets of "
    "15 points: variance falls and bias rises with λ; their sum (black) is the test error "
    "measured directly (dots, ± 2 standard errors).",
    figsize=(10.0, 5.0),
    notebook="00_why_regularize",
)
def _bias_variance(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..generalization import bias_variance, lam_grid
    from ..plots.generalization import plot_bias_variance

    ax = fig.subplots()
    plot_bias_variance(bias_variance(lam_grid(1e-5, 10.0, 19, zero=False), n_draws=300), ax=ax)


@register(
    "d2l-weight-decay",
    "d2l's regression with 200 features and 20 training samples, by minibatch SGD: without a "
    "penalty the training error falls to nothing while the test error stays high; with d2l's "
    "λ = 3 (our λ = 1.5) the test error is hundreds of times lower and the weights small.",
    figsize=(13.0, 5.0),
    notebook="00_why_regularize",
    requires=("d2l-weight-decay",),
)
def _d2l_weight_decay(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.generalization import plot_d2l_curves

    plot_d2l_curves(results["d2l-weight-decay"],
                    axes=fig.subplots(1, 2, width_ratios=(1.6, 1)))
