r"""The ``double-descent`` reproduction: random ReLU features on a regression task, the
minimum-norm fit's test error against the width, and a ridge tuned on validation data.

Nakkiran, Venkat, Kakade and Ma, "Optimal regularization can mitigate double descent" (ICLR
2021), in our words: with the number of training points fixed, the test error of the
unregularized (minimum-norm) fit peaks where the number of features equals the number of
training points, the interpolation threshold; with the ridge penalty tuned well, the test error
has no such peak. Here the task is :func:`regviz.implicit.regression_task` (``n_train`` points
in :math:`\mathbb{R}^{10}`, a smooth target plus noise), the features
:func:`regviz.implicit.random_relu` (a two-layer network whose first layer stays at its random
start), the fits :func:`regviz.implicit.double_descent`; everything is NumPy and runs in about two
seconds on one thread, so there is no shipped reference result.
"""  # noqa: D205

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import numpy as np

from regviz import implicit

from .registry import Outcome, Reproduction
from .results import Claim, Result, Row

__all__ = ["ClaimId", "Method", "DoubleDescentSettings", "DoubleDescentRow", "SOURCE", "WINDOW",
           "run", "claims", "curves", "REPRODUCTIONS"]

#: The claims' source.
SOURCE = "Nakkiran et al. 2021"
#: "Near the interpolation threshold": widths within this fraction of n_train.
WINDOW = 0.25
#: A peak: the largest error inside the window at least this many times the errors just
#: outside it (see :func:`regviz.implicit.peak_ratio`).
PEAK_FACTOR = 2.0


class ClaimId:
    """The claims' ids (tests and notebook 11 find claims by these)."""

    MIN_NORM_PEAK = "min-norm-peak"
    MIN_NORM_INTERPOLATES = "min-norm-interpolates"
    TUNED_RIDGE_NO_PEAK = "tuned-ridge-no-peak"
    RIDGE_BEATS_PEAK = "ridge-beats-peak"


class Method:
    """The two fits of each width."""

    MIN_NORM = "min-norm"
    TUNED_RIDGE = "tuned-ridge"


#: 31 widths from 10 to 1,000 features, log-spaced (100 = n_train among them).
WIDTHS: tuple[int, ...] = tuple(int(w) for w in np.unique(np.round(np.geomspace(10, 1000, 31))))


@dataclass(frozen=True)
class DoubleDescentSettings:
    r"""The whole setup of ``double-descent``.

    Attributes
    ----------
    n_train, n_val, n_test : int
        Training points (fixed along the widths), validation points (only to tune ridge's
        :math:`\lambda`), test points.
    d : int
        Input dimension.
    noise : float
        Standard deviation of the label noise.
    widths : tuple of int
        Numbers of random ReLU features.
    lams : tuple of float
        The grid the validation set chooses ridge's :math:`\lambda` from.
    n_seeds : int
        Tasks and features drawn with seeds ``seed, seed + 1, ...``; the rows hold the mean.
    """

    n_train: int = 100
    n_val: int = 100
    n_test: int = 1000
    d: int = 10
    noise: float = 0.5
    widths: tuple[int, ...] = WIDTHS
    lams: tuple[float, ...] = implicit.DD_LAMS
    n_seeds: int = 5


@dataclass
class DoubleDescentRow(Row):
    r"""A row of ``double-descent``: one method at one width, averaged over the seeds.

    Attributes
    ----------
    n_features : int
        The width: how many random ReLU features.
    weight_norm : float or None
        The min-norm fit's mean :math:`\|w\|_2` (None for tuned ridge).
    test_error_seeds, lambda_seeds : list of float
        Each seed's test error and (tuned ridge) chosen :math:`\lambda`.
    """

    n_features: int = 0
    weight_norm: float | None = None
    test_error_seeds: list[float] = field(default_factory=list)
    lambda_seeds: list[float] = field(default_factory=list)


def _blas_threads(threads: int | None):
    """Limit NumPy's BLAS to ``threads`` (threadpoolctl, scikit-learn's dependency, if present)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover  (the browser edition: one thread anyway)
        return contextlib.nullcontext()
    return threadpool_limits(limits=threads)


def run(settings: DoubleDescentSettings, data=None, *, seed: int = 0, progress: bool = False,
        device: str = "cpu", threads: int | None = 1) -> Outcome:
    """Fit every width with both methods; one row per (method, width), errors seed-averaged."""
    s = settings
    with _blas_threads(threads):  # measured: BLAS's default threads made a
        # 100 x 1000 SVD 60 times slower on a busy 2-core machine
        dd = implicit.double_descent(s.widths, n_train=s.n_train, n_val=s.n_val,
                                     n_test=s.n_test, d=s.d, noise=s.noise, lams=s.lams,
                                     seeds=range(seed, seed + s.n_seeds))
    rows: list[DoubleDescentRow] = []
    for j, width in enumerate(dd.widths):
        rows.append(DoubleDescentRow(
            method=Method.MIN_NORM, lam=0.0, train_error=float(dd.min_norm_train[:, j].mean()),
            test_error=float(dd.min_norm_test[:, j].mean()), zero_fraction=0.0,
            n_features=int(width), weight_norm=float(dd.min_norm_norm[:, j].mean()),
            test_error_seeds=dd.min_norm_test[:, j].tolist()))
        rows.append(DoubleDescentRow(
            method=Method.TUNED_RIDGE, lam=float(np.median(dd.ridge_lam[:, j])),
            train_error=float(dd.ridge_train[:, j].mean()),
            test_error=float(dd.ridge_test[:, j].mean()), zero_fraction=0.0,
            n_features=int(width), test_error_seeds=dd.ridge_test[:, j].tolist(),
            lambda_seeds=dd.ridge_lam[:, j].tolist()))
    facts = {"data": (f"random ReLU features of {s.d} standard normal inputs; target "
                      f"z + sin(2z)/2 of one direction z, noise sd {s.noise}; {s.n_train} "
                      f"training, {s.n_val} validation, {s.n_test} test points; mean over "
                      f"{s.n_seeds} seeds"),
             "seeds": list(dd.seeds),
             "errors": "mean squared errors, averaged over the seeds; a tuned-ridge row's "
                       "lambda is the median of the seeds' choices (lambda_seeds)"}
    return Outcome(rows, [], facts)


def _curve(rows: list[Row], method: str) -> tuple[np.ndarray, np.ndarray]:
    mine = sorted((r for r in rows if r.method == method), key=lambda r: r.n_features)
    return (np.array([r.n_features for r in mine]),
            np.array([np.nan if r.test_error is None else r.test_error for r in mine]))


def curves(result: Result) -> dict[str, np.ndarray]:
    """Widths and the seed-averaged curves of a ``double-descent`` result, sorted by width.

    Returns
    -------
    dict
        ``widths``, ``min-norm`` and ``tuned-ridge`` (test errors), ``train`` (min-norm
        training errors), ``lams`` (tuned ridge's λ), ``norms`` (min-norm ‖w‖).
    """
    rows = {m: sorted((r for r in result.rows if r.method == m), key=lambda r: r.n_features)
            for m in (Method.MIN_NORM, Method.TUNED_RIDGE)}
    widths = np.array([r.n_features for r in rows[Method.MIN_NORM]])
    if widths.size == 0 or [r.n_features for r in rows[Method.TUNED_RIDGE]] != widths.tolist():
        raise ValueError("result must have one min-norm and one tuned-ridge row per width")
    return {"widths": widths,
            Method.MIN_NORM: np.array([r.test_error for r in rows[Method.MIN_NORM]]),
            Method.TUNED_RIDGE: np.array([r.test_error for r in rows[Method.TUNED_RIDGE]]),
            "train": np.array([r.train_error for r in rows[Method.MIN_NORM]]),
            "lams": np.array([r.lam for r in rows[Method.TUNED_RIDGE]]),
            "norms": np.array([r.weight_norm for r in rows[Method.MIN_NORM]])}


def claims(rows: list[Row], settings: DoubleDescentSettings) -> list[Claim]:
    """Nakkiran et al.'s two statements, judged on the seed-averaged test errors."""
    n = settings.n_train
    widths, mn = _curve(rows, Method.MIN_NORM)
    _, rr = _curve(rows, Method.TUNED_RIDGE)
    peak, ratio = implicit.peak_ratio(widths, mn, n, window=WINDOW)
    r_peak, r_ratio = implicit.peak_ratio(widths, rr, n, window=WINDOW)
    near = f"[{(1 - WINDOW) * n:g}, {(1 + WINDOW) * n:g}]"
    interp = [r.train_error for r in rows if r.method == Method.MIN_NORM and r.n_features >= n]
    return [
        Claim.holds(
            "The minimum-norm fit's test error peaks at the interpolation threshold, where the "
            "number of features equals the number of training points",
            SOURCE, f"peak at width = n_train = {n}",
            f"peak at width {peak}, {ratio:.3g} x the error just outside {near}",
            (1 - WINDOW) * n <= peak <= (1 + WINDOW) * n and ratio >= PEAK_FACTOR,
            tolerance=f"largest error in widths {near} at least {PEAK_FACTOR:g} x the errors "
                      f"at the nearest widths outside", id=ClaimId.MIN_NORM_PEAK),
        Claim.holds(
            "Past the threshold the minimum-norm fit interpolates the training data",
            SOURCE, "train error 0 for width >= n_train",
            f"largest train MSE {max(interp):.2g}", max(interp) < 1e-12,
            tolerance="train MSE < 1e-12 at every width >= n_train",
            id=ClaimId.MIN_NORM_INTERPOLATES),
        Claim.holds(
            "Ridge with a well-tuned penalty removes the peak",
            SOURCE, "no peak with optimal ridge",
            f"largest tuned-ridge error in {near} (width {r_peak}) is {r_ratio:.3g} x the "
            f"errors just outside",
            r_ratio <= 1.0,
            tolerance=f"largest error in widths {near} at most the larger of the errors at the "
                      "nearest widths outside",
            note="Tuned on a separate validation set (the paper's "
                 "optimal ridge uses the population error)", id=ClaimId.TUNED_RIDGE_NO_PEAK),
        Claim.holds(
            "At the threshold, tuned ridge beats the minimum-norm fit by a large factor",
            SOURCE, "optimal regularization mitigates the peak",
            f"{mn[widths == peak][0] / rr[widths == peak][0]:.3g} x lower at width {peak}",
            mn[widths == peak][0] >= 2 * rr[widths == peak][0],
            tolerance="min-norm test error >= 2 x tuned ridge's at the min-norm peak",
            id=ClaimId.RIDGE_BEATS_PEAK),
    ]


REPRODUCTIONS = (
    Reproduction(
        "double-descent", DoubleDescentSettings(), runner=f"{__name__}:run",
        claims=f"{__name__}:claims", torch=False, row_type=DoubleDescentRow, networks=0,
        reference=False, order=9,
        description="Random ReLU features, n_train fixed, widths through the interpolation "
                    "threshold: min-norm fit against validation-tuned ridge"),
)
