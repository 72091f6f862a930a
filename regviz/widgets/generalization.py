r"""Notebook 00's panels: overfitting against :math:`\lambda` and the penalty, ridge's shrinkage
factors, early stopping beside ridge.

Each panel precomputes what its sliders can reach (the whole :math:`\lambda` grid, every
penalty), draws once, and on each move only indexes the precomputed arrays and sets them on the
artists. One method, ``compute_frame``, computes what a frame shows (a frozen dataclass that
also describes itself in words); the first draw and every update both use it.
"""  # noqa: D205

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ..generalization import (
    PENALTIES,
    ErrorPath,
    PolyData,
    diabetes_data,
    error_path,
    lam_grid,
    polynomial_data,
    ridge,
    shrinkage_factors,
)
from ..implicit import gd_path, lam_for_steps
from ..plots._alt import fmt
from ..plots.generalization import (
    coefficient_marks,
    fit_curve_x,
    lam_positions,
    plot_coefficients,
    plot_early_stopping,
    plot_error_curves,
    plot_fit,
    plot_shrinkage,
)
from ._panel import Panel, make_figure

__all__ = ["ES_STEPS", "lam_selector", "OverfitPanel", "ShrinkagePanel", "EarlyStoppingPanel",
           "OverfitFrame", "ShrinkageFrame", "EarlyStoppingFrame", "BENCHMARK_VIEWS"]


def _lam_text(lam: float) -> str:
    return "0" if lam == 0 else format(lam, ".2g")


@dataclass(frozen=True, eq=False)
class OverfitFrame:
    """The overfitting panel at one (λ, penalty): fit, weights, the three error curves."""

    penalty: str
    i: int
    lam: float
    lams: np.ndarray
    w: np.ndarray
    y_fit: np.ndarray
    train: np.ndarray
    val: np.ndarray
    test: np.ndarray

    @property
    def errors_here(self) -> tuple[float, float, float]:
        """Train, validation and test error at this λ."""
        return float(self.train[self.i]), float(self.val[self.i]), float(self.test[self.i])

    @property
    def zeros(self) -> int:
        """How many coefficients are exactly 0."""
        return int(np.sum(self.w == 0))

    def describe(self) -> str:
        """The errors here, the zeros, and where the validation error is lowest."""
        tr, va, te = self.errors_here
        best = int(np.argmin(self.val))
        return (f"{self.penalty} with λ = {_lam_text(self.lam)}: the degree-{self.w.size} "
                f"polynomial has training error {tr:.3g}, validation {va:.3g} and test {te:.3g} "
                f"(mean squared), with {self.zeros} of {self.w.size} coefficients exactly 0. The "
                f"validation error is lowest, {self.val[best]:.3g}, at "
                f"λ = {_lam_text(self.lams[best])}.")


@dataclass(frozen=True, eq=False)
class ShrinkageFrame:
    """Ridge's shrinkage factors at one λ of the grid."""

    i: int
    lam: float
    factors: np.ndarray

    @property
    def df(self) -> float:
        """Effective number of parameters: the sum of the factors."""
        return float(self.factors.sum())

    def describe(self) -> str:
        """How much of the largest and of the smallest direction ridge keeps, and df."""
        return (f"At λ = {_lam_text(self.lam)} ridge keeps {self.factors[0]:.3g} of the largest "
                f"singular direction and {self.factors[-1]:.3g} of the smallest; the effective "
                f"number of parameters is {self.df:.2f} of {self.factors.size}.")


@dataclass(frozen=True, eq=False)
class EarlyStoppingFrame:
    """Gradient descent after t steps beside ridge at λ = 1/(2ηt)."""

    t: int
    lam: float
    gd: np.ndarray
    ridge: np.ndarray
    gap: float

    def describe(self) -> str:
        """How close early stopping at t is to its ridge twin."""
        return (f"After t = {self.t} gradient-descent steps from 0, the coefficients are "
                f"{self.gap:.2f} (relative distance) from ridge with λ = 1/(2ηt) = "
                f"{fmt(self.lam)}; the largest coefficient is {fmt(np.abs(self.gd).max())} for "
                f"early stopping and {fmt(np.abs(self.ridge).max())} for ridge.")


#: The steps the early-stopping slider offers: 1 to 10,000, about 10 per decade.
ES_STEPS: tuple[int, ...] = tuple(int(s) for s in np.unique(np.round(np.geomspace(1, 10_000, 41))))


@lru_cache(maxsize=1)
def _default_paths() -> tuple[PolyData, dict[str, ErrorPath]]:
    """Notebook 00's data and its error paths for every penalty, computed once per session."""
    data = polynomial_data()
    return data, {p: error_path(data, penalty=p) for p in PENALTIES}


def lam_selector(lams: np.ndarray, value: float, description: str = "λ") -> Any:
    r"""A ``SelectionSlider`` over a :math:`\lambda` grid: log-spaced, with "0" first."""
    import ipywidgets as widgets

    options = [("0" if lam == 0 else f"{lam:.2g}", float(lam)) for lam in lams]
    value = float(lams[int(np.argmin(np.abs(np.asarray(lams) - value)))])
    return widgets.SelectionSlider(
        options=options, value=value, description=description, continuous_update=True,
        style={"description_width": "initial"}, layout={"width": "340px"},
    )


def _index(lams: np.ndarray, lam: float) -> int:
    return int(np.argmin(np.abs(lams - lam)))


class OverfitPanel(Panel):
    r"""A degree-12 polynomial on 15 noisy points: the fit, its coefficients, and the errors
    against :math:`\lambda`; sliders for :math:`\lambda` (log, with 0) and the penalty.

    Parameters
    ----------
    lam : float
        Initial :math:`\lambda` (the nearest grid value is used).
    penalty : {"L2", "L1", "elastic net"}
    data : PolyData, optional
        Default :func:`regviz.generalization.polynomial_data` ``()``.
    paths : dict of str to ErrorPath, optional
        Precomputed :func:`regviz.generalization.error_path` for each penalty.
    """  # noqa: D205

    def __init__(
        self, lam: float = 0.0, penalty: str = "L2", *, data: PolyData | None = None,
        paths: dict[str, ErrorPath] | None = None,
    ) -> None:
        import ipywidgets as widgets

        if data is None and paths is None:
            self.data, self.paths = _default_paths()
        else:
            self.data = polynomial_data() if data is None else data
            self.paths = paths or {p: error_path(self.data, penalty=p) for p in PENALTIES}
        self.lams = self.paths["L2"].lams
        self.x_fit = fit_curve_x()
        self.X_fit = self.data.features(self.x_fit)
        fig, ax = make_figure(figsize=(8.4, 5.8))
        ax.remove()
        axd = fig.subplot_mosaic([["fit", "coef"], ["err", "err"]], height_ratios=(1.1, 1))
        self.axes = axd
        f = self.compute_frame(lam, penalty)
        self.artists = {**plot_fit(self.data, f.y_fit, ax=axd["fit"]),
                        **plot_coefficients(f.w, top=self._coef_top(), ax=axd["coef"])}
        errs = {"train": f.train, "val": f.val, "test": f.test}
        for name, a in plot_error_curves(self.lams, errs, current=f.lam, markers=False,
                                         ylim=self._error_limits(), ax=axd["err"]).items():
            self.artists[f"err {name}"] = a
        axd["fit"].legend(loc="lower left", fontsize="x-small", ncol=2)
        axd["coef"].set_title("coefficients (× = exactly 0)", fontsize="small")
        controls = {
            "lam": lam_selector(self.lams, lam),
            "penalty": widgets.Dropdown(options=list(PENALTIES), value=penalty,
                                        description="penalty", layout={"width": "200px"}),
        }
        names = ["fit", "stems", "dots", "zeros", "err train", "err val", "err test",
                 "err current", "err dots"]
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names])
        self.update(lam=lam, penalty=penalty)

    def _coef_top(self) -> float:
        big = max(float(np.abs(p.coefs).max()) for p in self.paths.values())
        return 10 ** np.ceil(np.log10(3 * big))

    def _error_limits(self) -> tuple[float, float]:
        lo = min(min(p.train.min(), p.val.min(), p.test.min()) for p in self.paths.values())
        hi = max(max(p.val.max(), p.test.max()) for p in self.paths.values())
        return lo / 2, hi * 2

    def compute_frame(self, lam: float, penalty: str) -> OverfitFrame:
        """What the panel shows at ``(lam, penalty)``: fit, weights, the three error curves."""
        if penalty not in self.paths:
            raise ValueError(f"penalty must be one of {tuple(self.paths)}, got {penalty!r}")
        p = self.paths[penalty]
        i = _index(p.lams, lam)
        w, b = p.coefs[i], p.intercepts[i]
        return OverfitFrame(penalty, i, float(p.lams[i]), p.lams, w, self.X_fit @ w + b,
                            p.train, p.val, p.test)

    def draw_frame(self, f: OverfitFrame) -> None:  # noqa: D102
        a = self.artists
        a["fit"].set_ydata(f.y_fit)
        for name, xy in coefficient_marks(f.w, floor=1e-4).items():
            a[name].set_data(*xy)
        for k in ("train", "val", "test"):
            a[f"err {k}"].set_ydata(getattr(f, k))
        xc = float(lam_positions(f.lam, lo=self.lams[self.lams > 0].min()))
        a["err current"].set_xdata([xc, xc])
        a["err dots"].set_offsets(np.column_stack([[xc] * 3, f.errors_here]))
        tr, va, te = f.errors_here
        self.readout.value = (
            f"{f.penalty}, λ = <b>{_lam_text(f.lam)}</b>: "
            f"train MSE <b>{tr:.3g}</b>, validation <b>{va:.3g}</b>, test <b>{te:.3g}</b>; "
            f"exact zeros <b>{f.zeros}</b> of {f.w.size} coefficients"
        )

    @property
    def state(self) -> dict[str, Any]:
        """What the panel shows now, as numbers: for tests."""
        a = self.artists
        return {"y_fit": np.asarray(a["fit"].get_ydata()).copy(),
                "test": np.asarray(a["err test"].get_ydata()).copy(),
                "zeros": len(a["zeros"].get_xdata()),
                "x_current": float(a["err current"].get_xdata()[0])}


class ShrinkagePanel(Panel):
    r"""Ridge through the SVD: the shrinkage factor :math:`s_j^2/(s_j^2 + 2n\lambda)` of each
    singular direction against :math:`\lambda` (left) and at the current :math:`\lambda` as bars
    (right); the readout gives :math:`\mathrm{df}(\lambda)`.

    Parameters
    ----------
    X : array_like, optional
        Design matrix (centred here); default: notebook 00's polynomial training features.
    """  # noqa: D205

    def __init__(self, lam: float = 1e-3, *, X=None) -> None:
        X = polynomial_data().X_train if X is None else np.asarray(X, dtype=float)
        self.X = X - X.mean(axis=0)
        self.lams = lam_grid()
        self.factors = shrinkage_factors(self.X, self.lams)
        r = self.factors.shape[1]
        fig, (ax, ax_bar) = make_figure(1, 2, figsize=(8.4, 3.5), width_ratios=(1.5, 1))
        f = self.compute_frame(lam)
        self.artists = plot_shrinkage(self.lams, self.factors, current=f.lam, ax=ax)
        ax.set_title(r"$s_j^2/(s_j^2 + 2n\lambda)$ for each direction $j$", fontsize="small")
        self.artists["bars"] = ax_bar.bar(np.arange(1, r + 1), f.factors,
                                          color=[line.get_color() for line in
                                                 self.artists["lines"]])
        ax_bar.set_ylim(0, 1.05)
        ax_bar.set_xlabel("direction $j$ (largest $s_j$ first)")
        ax_bar.set_title("factors at this λ", fontsize="small")
        self.lo = self.lams[self.lams > 0].min()
        controls = {"lam": lam_selector(self.lams, lam)}
        dynamic = [self.artists["current"], self.artists["dots"], *self.artists["bars"]]
        super().__init__(fig, controls, dynamic=dynamic)
        self.update(lam=lam)

    def compute_frame(self, lam: float) -> ShrinkageFrame:
        r"""The factors and :math:`\mathrm{df}` at the grid value nearest ``lam``."""
        i = _index(self.lams, lam)
        return ShrinkageFrame(i, float(self.lams[i]), self.factors[i])

    def draw_frame(self, f: ShrinkageFrame) -> None:  # noqa: D102
        a = self.artists
        xc = float(lam_positions(f.lam, lo=self.lo))
        a["current"].set_xdata([xc, xc])
        a["dots"].set_offsets(np.column_stack([np.full(f.factors.size, xc), f.factors]))
        for bar, h in zip(a["bars"], f.factors, strict=True):
            bar.set_height(h)
        self.readout.value = (
            f"λ = <b>{_lam_text(f.lam)}</b>: effective number "
            f"of parameters df(λ) = Σ factors = <b>{f.df:.2f}</b> of {f.factors.size}"
        )


class EarlyStoppingPanel(Panel):
    r"""Gradient descent from 0 on least squares, its coefficients against the step :math:`t`,
    beside ridge's against :math:`1/(2\eta\lambda)`; a slider on :math:`t` marks both panels at
    :math:`\lambda = 1/(2\eta t)`.

    Parameters
    ----------
    X, y : array_like, optional
        Default: the diabetes training rows (standardized features, centred target).
    """  # noqa: D205

    def __init__(self, t: int = 30, *, X=None, y=None) -> None:
        import ipywidgets as widgets

        if X is None:
            X, y, *_ = diabetes_data()
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        self.X, self.y = X - X.mean(axis=0), y - y.mean()
        n = len(y)
        self.lr = 0.9 * n / np.linalg.norm(self.X, 2) ** 2
        self.steps = np.array(ES_STEPS)
        full = gd_path(self.X, self.y, lr=self.lr, n_steps=int(self.steps[-1]))
        self.gd = full[self.steps]
        self.ridge_lams = lam_for_steps(np.geomspace(1, 10_000, 121), self.lr)
        self.ridge = np.array([ridge(self.X, self.y, lam) for lam in self.ridge_lams])
        fig, axes = make_figure(1, 2, figsize=(8.4, 3.6), sharey=True)
        f = self.compute_frame(t)
        self.artists = plot_early_stopping(self.steps, self.gd, self.ridge_lams, self.ridge,
                                           lr=self.lr, current=f.t, axes=axes)
        controls = {"t": widgets.SelectionSlider(
            options=[(str(s), int(s)) for s in self.steps], value=f.t, description="step t",
            continuous_update=True, style={"description_width": "initial"},
            layout={"width": "340px"})}
        names = ("gd current", "ridge current", "gd dots", "ridge dots")
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names])
        self.update(t=f.t)

    def compute_frame(self, t: int) -> EarlyStoppingFrame:
        """Gradient descent after the grid step nearest ``t``, and ridge at 1/(2ηt)."""
        i = int(np.argmin(np.abs(np.log(self.steps) - np.log(max(t, 1)))))
        t = int(self.steps[i])
        lam = lam_for_steps(t, self.lr)
        w_gd, w_ridge = self.gd[i], ridge(self.X, self.y, lam)
        gap = float(np.linalg.norm(w_gd - w_ridge) / max(np.linalg.norm(w_ridge), 1e-300))
        return EarlyStoppingFrame(t, float(lam), w_gd, w_ridge, gap)

    def draw_frame(self, f: EarlyStoppingFrame) -> None:  # noqa: D102
        a = self.artists
        for k in ("gd current", "ridge current"):
            a[k].set_xdata([f.t, f.t])
        a["gd dots"].set_data(np.full(f.gd.size, f.t), f.gd)
        a["ridge dots"].set_data(np.full(f.ridge.size, f.t), f.ridge)
        self.readout.value = (
            f"t = <b>{f.t}</b> steps of η = {self.lr:.3g} ↔ ridge λ = 1/(2ηt) = "
            f"<b>{f.lam:.3g}</b>: relative gap ‖w_GD − w_ridge‖/‖w_ridge‖ = "
            f"<b>{f.gap:.2f}</b>"
        )


#: Views timed by benchmarks/slider_latency.py: factory and the values each control sweeps.
BENCHMARK_VIEWS = {
    "00 overfitting": (
        OverfitPanel,
        {"lam": [float(v) for v in lam_grid()[::3]],
         "penalty": list(PENALTIES) * 4},
    ),
    "00 shrinkage factors": (ShrinkagePanel, {"lam": [float(v) for v in lam_grid()[::3]]}),
    "00 early stopping": (
        EarlyStoppingPanel,
        {"t": list(ES_STEPS[::3]) + list(ES_STEPS[::-4])},
    ),
}
