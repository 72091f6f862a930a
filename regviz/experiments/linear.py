r"""Notebook 00's linear-model reproductions: d2l's weight decay and the diabetes CV (no torch).

- ``d2l-weight-decay``: d2l's "Weight Decay" section (the from-scratch version), 20 samples and
  200 features, minibatch SGD in NumPy with and without weight decay; rows keep the per-epoch
  ``weight_norm`` in their history.
- ``diabetes-cv``: 5-fold cross-validation of ridge, the lasso and the elastic net on
  scikit-learn's diabetes data (:func:`regviz.generalization.diabetes_data`), each
  :math:`\lambda` checked against scikit-learn's own ``RidgeCV`` / ``LassoCV`` /
  ``ElasticNetCV`` on the same folds and grid.

Errors are mean squared errors. The teaching math (fits, CV, the diabetes data and its grids)
lives in :mod:`regviz.generalization`; this module only runs it as reproductions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .registry import Outcome, Reproduction
from .results import Claim, History, Row

__all__ = ["D2L", "D2LRow", "D2LSettings", "DIABETES_CV", "DiabetesRow", "DiabetesSettings",
           "Method", "REPRODUCTIONS", "d2l_claims", "d2l_data", "d2l_train", "diabetes_claims",
           "run_d2l", "run_diabetes"]


class Method:
    """The methods (row names) of this module's reproductions."""

    D2L_NONE = "no penalty (d2l)"
    D2L_L2 = "L2 in the loss (d2l)"
    RIDGE = "ridge"
    LASSO = "lasso"
    ELASTIC_NET = "elastic net"


# --------------------------------------------------------------------------------------------
# d2l's weight decay (20 samples, 200 features)


@dataclass(frozen=True)
class D2LSettings:
    """d2l's "Weight Decay" section (the from-scratch version): data and training.

    d2l minimises the batch mean of ``(y_hat - y)**2 / 2 + lambd/2 * ||w||**2`` by minibatch
    SGD; that is half the mean squared error plus ``lam * sum(w**2)`` with ``lam = lambd / 2``,
    so the same SGD steps.
    """

    n_train: int = 20
    n_test: int = 100
    num_inputs: int = 200
    true_w: float = 0.01
    true_b: float = 0.05
    noise: float = 0.01
    batch_size: int = 5
    epochs: int = 100
    lr: float = 0.003
    init: str = "w ~ N(0, 1), b = 0"
    d2l_lambdas: tuple[float, ...] = (0.0, 3.0)


#: The reproduction's settings.
D2L = D2LSettings()


@dataclass
class D2LRow(Row):
    r"""A d2l run: d2l's own ``lambd`` (``= 2 * lam``) and the final :math:`\|w\|_2`.

    Its history has the per-epoch curves ``epoch`` and ``weight_norm`` besides the errors and
    the loss.
    """

    d2l_lambda: float = 0.0
    weight_norm: float | None = None


def d2l_data(settings: D2LSettings = D2L, *, seed: int = 0):
    r"""d2l's data: :math:`y = 0.05 + \sum_{i=1}^{200} 0.01 x_i + \varepsilon`,
    :math:`x \sim N(0, I)`, :math:`\varepsilon \sim N(0, 0.01^2)`; 20 training and 100 test rows.

    Returns
    -------
    X_train, y_train, X_test, y_test : numpy.ndarray
    """  # noqa: D205
    s = settings
    rng = np.random.default_rng(seed)
    n = s.n_train + s.n_test
    X = rng.standard_normal((n, s.num_inputs))
    y = X @ np.full(s.num_inputs, s.true_w) + s.true_b
    y = y + s.noise * rng.standard_normal(n)
    return X[:s.n_train], y[:s.n_train], X[s.n_train:], y[s.n_train:]


def d2l_train(lam: float, settings: D2LSettings = D2L, *, seed: int = 0) -> History:
    r"""Minibatch SGD as in d2l, on :math:`\frac{1}{2|B|}\sum_{i\in B}(x_i^\top w + b - y_i)^2 +
    \lambda\|w\|^2`, in NumPy.

    The step is :math:`w \leftarrow w - \eta(\frac{1}{|B|}X_B^\top r_B + 2\lambda w)`: d2l's
    ``lambd`` is ``2 * lam``. Data from :func:`d2l_data` ``(seed=seed)``, initial weights and
    the shuffles from ``seed + 1``.

    Returns
    -------
    History
        Per epoch: ``train_error`` and ``test_error`` (mean squared errors), ``loss`` (the
        training objective), and the curves ``epoch`` (1 to ``epochs``) and ``weight_norm``
        (:math:`\|w\|_2`).
    """  # noqa: D205
    from regviz._arrays import check_param
    from regviz.generalization import mse

    lam = check_param("lam", lam)
    s = settings
    Xtr, ytr, Xte, yte = d2l_data(s, seed=seed)
    rng = np.random.default_rng(seed + 1)
    w, b = rng.standard_normal(s.num_inputs), 0.0
    hist = History(curves={"epoch": [], "weight_norm": []})
    for epoch in range(1, s.epochs + 1):
        order = rng.permutation(len(ytr))
        for start in range(0, len(ytr), s.batch_size):
            idx = order[start:start + s.batch_size]
            r = Xtr[idx] @ w + b - ytr[idx]
            w, b = w - s.lr * (Xtr[idx].T @ r / len(idx) + 2 * lam * w), b - s.lr * r.mean()
        train = mse(ytr, Xtr @ w + b)
        hist.curves["epoch"].append(epoch)
        hist.train_error.append(train)
        hist.test_error.append(mse(yte, Xte @ w + b))
        hist.loss.append(train / 2 + lam * float(w @ w))
        hist.curves["weight_norm"].append(float(np.linalg.norm(w)))
    return hist


def run_d2l(settings: D2LSettings, data, *, seed: int, progress: bool = False,
            device: str = "cpu", threads: int | None = None) -> Outcome:
    """Train d2l's regression once per ``lambd`` of ``settings`` (``lam = lambd / 2``)."""
    rows = []
    for lambd in settings.d2l_lambdas:
        lam = lambd / 2
        h = d2l_train(lam, settings, seed=seed)
        rows.append(D2LRow(
            method=Method.D2L_L2 if lam else Method.D2L_NONE, lam=lam,
            train_error=h.train_error[-1], test_error=h.test_error[-1], zero_fraction=0.0,
            final_loss=h.loss[-1], history=h, d2l_lambda=lambd,
            weight_norm=h.curve("weight_norm")[-1]))
    facts = {
        "data": "synthetic (d2l)",
        "lambda_convention": "lambda = d2l's lambd / 2: d2l minimises mean((y_hat - y)^2 / 2) + "
                             "lambd/2 * ||w||^2, regviz lam * sum(w^2) on the same half mean "
                             "squared error (SGD's weight_decay = lambd)",
        "errors": "train_error and test_error are mean squared errors (d2l plots half of them, "
                  "its squared_loss), after the last epoch",
        "implementation": "NumPy minibatch SGD (regviz.experiments.linear.d2l_train), no torch"}
    return Outcome(rows, facts=facts)


def d2l_claims(rows: list[D2LRow], settings: D2LSettings) -> list[Claim]:
    """d2l's three statements (read off its plots and printed norms), against our runs."""
    by = {r.method: r for r in rows}
    r0, r3 = by[Method.D2L_NONE], by[Method.D2L_L2]
    ratio0 = r0.test_error / r0.train_error
    gain = r0.test_error / r3.test_error
    src = "d2l"
    return [
        Claim.holds("lambda = 0 overfits: the training loss falls while the test loss stays far "
                    "above it", src, "test loss many times the train loss (plot)",
                    f"test/train MSE = {ratio0:.3g}", ratio0 > 10,
                    tolerance="test MSE > 10 × train MSE at lambda = 0",
                    id="no-decay-overfits"),
        Claim.holds("lambd = 3 raises the training error but lowers the test error by a large "
                    "factor", src, "test loss much lower (plot)", f"test MSE / {gain:.3g}",
                    gain > 10 and r3.train_error > r0.train_error,
                    tolerance="test MSE falls by a factor > 10 and train MSE rises",
                    id="decay-lowers-test-error"),
        Claim.holds("weight decay shrinks the weights (d2l prints the L2 norm of w)", src,
                    "norm much smaller with lambd = 3",
                    f"||w|| {r0.weight_norm:.3g} -> {r3.weight_norm:.3g}",
                    r3.weight_norm < r0.weight_norm / 10,
                    tolerance="||w|| with decay < ||w|| without / 10",
                    id="decay-shrinks-weights"),
    ]


# --------------------------------------------------------------------------------------------
# Cross-validated paths on scikit-learn's diabetes data


def _grids() -> tuple[tuple[str, float, float, int], ...]:
    from regviz.generalization import DIABETES

    return tuple((pen, *grid) for pen, grid in DIABETES["lams"].items())


@dataclass(frozen=True)
class DiabetesSettings:
    r"""The folds and the :math:`\lambda` grids (``(penalty, lo, hi, num)``, geometric)."""

    n_splits: int = 5
    grids: tuple[tuple[str, float, float, int], ...] = field(default_factory=_grids)


#: The reproduction's settings.
DIABETES_CV = DiabetesSettings()
#: Each method's penalty (by notebook 00's names) and scikit-learn's CV estimator for it.
PENALTY_OF = {Method.RIDGE: "L2", Method.LASSO: "L1", Method.ELASTIC_NET: "elastic net"}
SKLEARN_CV = {Method.RIDGE: "RidgeCV", Method.LASSO: "LassoCV",
              Method.ELASTIC_NET: "ElasticNetCV"}
_CLAIM_ID = {Method.RIDGE: "ridge-lambda-as-sklearn", Method.LASSO: "lasso-lambda-as-sklearn",
             Method.ELASTIC_NET: "elastic-net-lambda-as-sklearn"}


@dataclass
class DiabetesRow(Row):
    r"""One penalty's cross-validation: ``lam`` has the lowest CV error.

    Attributes
    ----------
    lambda_1se : float
        The one-standard-error rule's :math:`\lambda`.
    cv_error, cv_se : float
        CV error (mean held-out MSE over the folds) at ``lam``, and its standard error.
    sklearn_lambda : float
        The :math:`\lambda` scikit-learn's CV estimator picks (regviz's convention).
    cv_curve : dict
        ``{"lams", "mean", "se", "fold_errors"}``: the whole CV curve (:meth:`cv` rebuilds
        the :class:`regviz.generalization.CVResult`).
    """

    lambda_1se: float | None = None
    cv_error: float | None = None
    cv_se: float | None = None
    sklearn_lambda: float | None = None
    cv_curve: dict[str, list] = field(default_factory=dict)

    def cv(self):
        """The cross-validation behind this row, as a :class:`~regviz.generalization.CVResult`
        (without the folds' indices).
        """  # noqa: D205
        from regviz.generalization import CVResult

        return CVResult(PENALTY_OF[self.method], np.asarray(self.cv_curve["lams"]),
                        np.asarray(self.cv_curve["fold_errors"]), folds=[])


def run_diabetes(settings: DiabetesSettings, data, *, seed: int, progress: bool = False,
                 device: str = "cpu", threads: int | None = None) -> Outcome:
    r"""Cross-validate each penalty on the training rows, refit at the best :math:`\lambda`."""
    from regviz import generalization as gen

    Xtr, ytr, Xte, yte, names = gen.diabetes_data(seed=seed)
    folds = gen.kfold(len(ytr), settings.n_splits, seed=seed)
    grids = {pen: np.geomspace(lo, hi, num) for pen, lo, hi, num in settings.grids}
    rows = []
    for method, penalty in PENALTY_OF.items():
        lams = grids[penalty]
        cv = gen.cross_validate(Xtr, ytr, lams, penalty=penalty, folds=folds)
        fit = gen.fit_linear(Xtr, ytr, penalty=penalty, lam=cv.lam_best)
        rows.append(DiabetesRow(
            method=method, lam=cv.lam_best, train_error=gen.mse(ytr, fit.predict(Xtr)),
            test_error=gen.mse(yte, fit.predict(Xte)),
            zero_fraction=float(np.mean(fit.w == 0)), lambda_1se=cv.lam_1se,
            cv_error=float(cv.mean[cv.best]), cv_se=float(cv.se[cv.best]),
            sklearn_lambda=gen.sklearn_cv_lambda(Xtr, ytr, lams, folds, penalty=penalty),
            cv_curve={"lams": lams.tolist(), "mean": cv.mean.tolist(), "se": cv.se.tolist(),
                      "fold_errors": cv.fold_errors.tolist()}))
    n_train, n_test = len(ytr), len(yte)
    facts = {
        "data": "scikit-learn diabetes", "n_train": n_train, "n_test": n_test, "mix": gen.MIX,
        "features": names,
        "split": f"random permutation (seed {seed}): first {n_train} rows train, last {n_test} "
                 "test; features standardized with the training rows' mean and std; intercept "
                 "unpenalized",
        "folds": f"sklearn KFold(n_splits={settings.n_splits}, shuffle=True, "
                 f"random_state={seed}) on the training rows",
        "errors": "mean squared errors; cv_error is the mean over folds of the held-out MSE at "
                  "the chosen lambda",
        "lambda_convention": "1/(2n)||y - Xw - b||^2 + lam*sum(pen(w)); RidgeCV alpha = 2*m*lam "
                             f"(m = {len(folds[0][0])} rows per training fold), LassoCV alpha = "
                             "lam, ElasticNetCV alpha = lam*(2 - a), l1_ratio = a/(2 - a)"}
    return Outcome(rows, facts=facts)


def diabetes_claims(rows: list[DiabetesRow], settings: DiabetesSettings) -> list[Claim]:
    r"""Our K-fold CV picks the :math:`\lambda` scikit-learn's CV estimator picks."""
    return [Claim.holds(
        f"{r.method}: our K-fold CV picks the lambda that scikit-learn's {SKLEARN_CV[r.method]} "
        f"picks on the same folds and grid", "scikit-learn", r.sklearn_lambda, r.lam,
        bool(np.isclose(r.sklearn_lambda, r.lam, rtol=1e-9)),
        tolerance="|ours - scikit-learn's| <= 1e-8 + 1e-9 × ours",
        note="both in regviz's convention", id=_CLAIM_ID[r.method]) for r in rows]


REPRODUCTIONS = (
    Reproduction(
        "d2l-weight-decay", D2L, runner=f"{__name__}:run_d2l", claims=f"{__name__}:d2l_claims",
        row_type=D2LRow, torch=False, order=7,
        description="d2l's 20-sample, 200-feature regression with and without weight decay"),
    Reproduction(
        "diabetes-cv", DIABETES_CV, runner=f"{__name__}:run_diabetes",
        claims=f"{__name__}:diabetes_claims", row_type=DiabetesRow, torch=False, order=8,
        description="Cross-validated ridge, lasso and elastic net on scikit-learn's diabetes "
                    "data"),
)
