"""Text alternatives of the static figures: every public ``plot_*`` function describes its data.

Each function is called at two settings (the table ``CASES``); the alt text it stores on the
figure (:func:`regviz.plots.alt_text`) has at least four words, equals its ``describe_*`` twin,
and differs between the two settings; different figures never share a text. ``show(fig)``
displays a PNG whose ``alt`` is that text.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from importlib import resources
from unittest import mock

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

import regviz.plots
from regviz.plots import alt_text, set_alt_text, show

matplotlib.use("Agg")


def _public_plot_functions() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(regviz.plots.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"regviz.plots.{info.name}")
        for name in getattr(module, "__all__", ()):
            if name.startswith("plot_"):
                found[name] = getattr(module, name)
    return found


PLOTS = _public_plot_functions()


def _reference(name: str):
    from regviz.experiments.results import Result

    text = resources.files("regviz.experiments").joinpath(f"reference/{name}.json").read_text()
    return Result.from_dict(json.loads(text))


def _poly():
    from regviz import generalization as gen

    return gen.polynomial_data()


def _error_path(penalty):
    from regviz import generalization as gen

    p = gen.error_path(_poly(), penalty=penalty)
    return p.lams, {"train": p.train, "val": p.val, "test": p.test}


def _early(t):
    from regviz import generalization as gen
    from regviz.implicit import gd_path, lam_for_steps

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 4))
    y = X @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.1 * rng.normal(size=40)
    lr = 0.9 * 40 / np.linalg.norm(X, 2) ** 2
    steps = np.array([1, 3, 10, 30, 100, 300])
    gd = gd_path(X, y, lr=lr, n_steps=300)[steps]
    lams = lam_for_steps(np.geomspace(1, 300, 20), lr)
    ridge = np.array([gen.ridge(X, y, lam) for lam in lams])
    return (steps, gd, lams, ridge), {"lr": lr, "current": t}


def _trainer(steps, dataset="moons"):
    from regviz.playground import Trainer, make_dataset

    t = Trainer(make_dataset(dataset, n=60, seed=0), hidden=(4,), seed=0)
    t.step(steps)
    return t


def _d2l(scale):
    from types import SimpleNamespace

    from regviz.experiments.results import History

    hist = History.from_dict({"epoch": [1, 2, 3], "train_error": [1.0, 0.5 * scale, 0.2 * scale],
                              "test_error": [2.0, 1.5, 1.0 * scale],
                              "weight_norm": [3.0, 2.0, scale]})
    return SimpleNamespace(rows=[SimpleNamespace(lam=lam, d2l_lambda=None, history=hist)
                                 for lam in (0.0, 3.0 * scale)])


def _cv(penalty):
    from regviz import generalization as gen

    d = _poly()
    return gen.cross_validate(d.X_train, d.y_train, gen.lam_grid(1e-4, 1.0, 9), penalty=penalty)


#: Two settings per public plot function: name -> (setting 1, setting 2), each a function
#: returning ``(args, kwargs)``.
CASES = {
    "plot_objective": (lambda: ((1.2, 1.0), {}), lambda: ((2.0, 1.0), {})),
    "plot_minimizer_path": (lambda: ((np.linspace(0, 4, 41), 1.0), {"current": 1.2}),
                            lambda: ((np.linspace(0, 4, 41), 2.0), {"current": 1.2})),
    "plot_lambda_sequence": (lambda: (([0.5, 1.0], 1.0), {}), lambda: (([0.5, 2.0], 2.0), {})),
    "plot_penalty_slopes": (lambda: ((1.0,), {"current_p": 0.5}),
                            lambda: ((3.0,), {"current_p": 1.5})),
    "plot_trajectories": (lambda: ((0.1, 0.3), {}), lambda: ((0.05, 0.6), {})),
    "plot_sqrt_orbits": (lambda: (((1e-2,),), {"n_steps": 400, "burn_in": 100, "show_steps": 50}),
                         lambda: (((1e-1,),), {"n_steps": 400, "burn_in": 100,
                                               "show_steps": 50})),
    "plot_penalty_level": (
        lambda: ((np.array([0.1, 1.0, 10.0]), np.array([0.5, 1.0, 2.1]),
                  np.array([0.46, 1.0, 2.15])), {}),
        lambda: ((np.array([0.1, 1.0, 10.0]), np.array([0.3, 1.0, 3.0]),
                  np.array([0.46, 1.0, 2.15])), {"qa": {1.0: 50.0, 10.0: 500.0}})),
    "plot_prox_maps": (lambda: ((0.5,), {}), lambda: ((1.5,), {})),
    "plot_subgrad_vs_prox": (lambda: ((0.1, 0.5), {}), lambda: ((0.3, 0.1), {})),
    "plot_plateau": (lambda: ((np.random.default_rng(0).uniform(-0.05, 0.05, 500), 0.1, 0.5), {}),
                     lambda: ((np.random.default_rng(1).uniform(-0.2, 0.2, 500), 0.2, 1.0), {})),
    "plot_plateau_widths": (lambda: ((np.array([0.01, 0.1]), np.array([0.02, 0.2])), {}),
                            lambda: ((np.array([0.01, 0.1]), np.array([0.03, 0.2])), {})),
    "plot_solver_comparison": None,  # filled below (needs a solve)
    "plot_error_vs_lambda": (lambda: ((_reference("fleuret-l1"),), {}),
                             lambda: ((_reference("fleuret-l2"),), {})),
    "plot_weight_histogram": (lambda: ((_reference("fleuret-l1").rows[0],), {}),
                              lambda: ((_reference("fleuret-l1").rows[-1],), {})),
    "plot_lecture_comparison": (lambda: (([_reference("fleuret-l1")],), {}),
                                lambda: (([_reference("fleuret-l2")],), {})),
    "plot_training_curves": (lambda: ((_reference("fleuret-l1"),), {"metric": "loss"}),
                             lambda: ((_reference("fleuret-l1"),), {"metric": "zero_fraction"})),
    "plot_ball_2d": (lambda: ((0.5,), {}), lambda: ((2.0,), {})),
    "plot_balls_2d": (lambda: (((0.5, 1.0),), {}), lambda: (((2.0, np.inf),), {})),
    "plot_chord": (lambda: ((0.5, (1, 0), (0, 1)), {}), lambda: ((2.0, (1, 0), (0, 1)), {})),
    "plot_ball_3d": (lambda: ((0.5,), {"n_u": 12, "n_v": 6}),
                     lambda: ((2.0,), {"n_u": 12, "n_v": 6})),
    "plot_balls_3d": (lambda: (((0.5, 1.0),), {}), lambda: (((2.0, np.inf),), {})),
    "plot_constrained_view": (lambda: ((1.0,), {}), lambda: ((2.0,), {"radius": 1.5})),
    "plot_contact_path": (
        lambda: (([0.5, 1.0, 2.0], np.array([[0, 1], [0, 1], [0.5, 0.86]])), {}),
        lambda: (([1.5, 2.0, 3.0], np.array([[0.2, 0.9], [0.5, 0.86], [0.6, 0.8]])), {})),
    "plot_priors": None,  # filled below (needs priors)
    "plot_neg_log_prior": None,
    "plot_posterior": None,
    "plot_map_vs_ybar": None,
    "plot_map_vs_scale": (lambda: ((0.7,), {}), lambda: ((1.5,), {"ps": (2.0, 1.0)})),
    "plot_ball": (lambda: ((0.3,), {}), lambda: ((0.8,), {})),
    "plot_elastic_net_ball": (lambda: (((0.25, 0.5),), {}), lambda: (((0.75,),), {})),
    "plot_elastic_net_prox": (lambda: ((0.5, 0.5), {}), lambda: ((1.0, 0.2), {})),
    "plot_paths": (
        lambda: ((np.array([1.0, 0.1]), {"lasso": np.array([[0.0, 0.0], [0.5, 0.0]])}), {}),
        lambda: ((np.array([1.0, 0.1]), {"lasso": np.array([[0.1, 0.0], [0.6, 0.3]])}),
                 {"current": 0.1})),
    "plot_bootstrap": (lambda: (({"lasso": np.array([[1.0, 0.0], [0.0, 1.0]])},), {}),
                       lambda: (({"lasso": np.array([[0.5, 0.5], [0.4, 0.6]])},), {})),
    "plot_decision_boundary": (lambda: ((_trainer(0).dataset,), {}),
                               lambda: ((_trainer(0, "circles").dataset,), {})),
    "plot_network": (lambda: (((2, 8, 1),), {}), lambda: (((2, 4, 4, 1),), {})),
    "plot_weight_fractions": None,  # empty artists until show_frame fills them
    "plot_playground_curves": None,
    "plot_playground": (lambda: ((_trainer(0),), {}), lambda: ((_trainer(60),), {})),
    "plot_snapshot": (lambda: ((_trainer(0),), {}), lambda: ((_trainer(60, "circles"),), {})),
    "plot_fit": (lambda: ((_poly(), np.zeros(400)), {}),
                 lambda: ((_poly(), np.sin(np.pi * np.linspace(-1, 1, 400))), {})),
    "plot_coefficients": (lambda: ((np.array([0.0, 1.0, 2.0]),), {}),
                          lambda: ((np.array([0.0, 0.0, 5.0]),), {})),
    "plot_error_curves": (lambda: (_error_path("L2"), {}), lambda: (_error_path("L1"), {})),
    "plot_cv_curve": (lambda: ((_cv("L2"),), {}), lambda: ((_cv("L1"),), {})),
    "plot_lambda_paths": (
        lambda: ((np.array([1.0, 0.1, 0.01]), np.array([[0, 0], [0.5, 0], [1, 0.2]])), {}),
        lambda: ((np.array([1.0, 0.1, 0.01]), np.array([[0, 0], [0, 0], [1, 0]])), {})),
    "plot_path_panels": (
        lambda: (({"L1": (np.array([1.0, 0.1]), np.array([[0, 0], [1, 0.0]]))},),
                 {"chosen": {"L1": 0.1}, "names": ["a", "b"]}),
        lambda: (({"L1": (np.array([1.0, 0.1]), np.array([[0, 0], [1, 0.5]]))},),
                 {"chosen": {"L1": 0.1}, "names": ["a", "b"]})),
    "plot_shrinkage": (lambda: ((np.array([0.0, 0.1, 1.0]), np.array([[1, 1], [0.9, 0.5],
                                                                       [0.5, 0.1]])), {}),
                       lambda: ((np.array([0.0, 0.1, 1.0]), np.array([[1, 1], [0.8, 0.7],
                                                                       [0.6, 0.4]])), {})),
    "plot_bias_variance": None,  # filled below
    "plot_d2l_curves": (lambda: ((_d2l(1.0),), {}), lambda: ((_d2l(0.5),), {})),
    "plot_early_stopping": (lambda: _early(3), lambda: _early(100)),
    "plot_gd_to_min_norm": (lambda: ((np.array([1, 10, 100]), {"0": np.array([1.0, 0.1, 0.01])}),
                                     {}),
                            lambda: ((np.array([1, 10, 100]), {"0": np.array([1.0, 0.5, 0.2])}),
                                     {})),
    "plot_filters": (lambda: ((), {}), lambda: ((np.geomspace(0.1, 10, 50),), {})),
    "plot_double_descent": (
        lambda: ((np.array([10, 50, 100, 200]), {"min-norm": np.array([1.0, 3.0, 9.0, 2.0])}),
                 {"n_train": 100}),
        lambda: ((np.array([10, 50, 100, 200]), {"min-norm": np.array([1.0, 8.0, 3.0, 2.0])}),
                 {"n_train": 50, "current": 50})),
    "plot_spectrum": (lambda: ((np.array([3.0, 1.0, 0.1]),), {"n_train": 3}),
                      lambda: ((np.array([3.0, 1.0, 0.01, 0.001]),), {"n_train": 4})),
}


def _solver(lam):
    from regviz.dynamics import sparse_regression
    from regviz.penalties import L1
    from regviz.solvers import ista, lipschitz_step, subgradient_descent

    X, y, w_true = sparse_regression(30, 10, n_nonzero=3, noise=0.1, seed=0)
    lr = lipschitz_step(X)
    return (ista(X, y, L1(lam), lr=lr, n_iter=50), subgradient_descent(X, y, L1(lam), lr=lr,
                                                                       n_iter=50), w_true), {}


def _priors(p):
    from regviz.priors import GeneralizedGaussian

    return {"slider": GeneralizedGaussian(p, 1.0)}


def _bias_variance(hi):
    from regviz import generalization as gen

    return (gen.bias_variance(gen.lam_grid(1e-4, hi, 5, zero=False), n_draws=20),), {}


CASES.update({
    "plot_solver_comparison": (lambda: _solver(0.05), lambda: _solver(0.5)),
    "plot_priors": (lambda: ((_priors(0.5),), {}), lambda: ((_priors(2.0),), {})),
    "plot_neg_log_prior": (lambda: ((_priors(0.5),), {}), lambda: ((_priors(2.0),), {})),
    "plot_posterior": (lambda: ((_priors(1.0)["slider"], 0.5), {}),
                       lambda: ((_priors(1.0)["slider"], 2.0), {})),
    "plot_map_vs_ybar": (lambda: (([_priors(1.0)["slider"]],), {}),
                         lambda: (([_priors(2.0)["slider"]],), {"n": 4})),
    "plot_bias_variance": (lambda: _bias_variance(1.0), lambda: _bias_variance(100.0)),
})
def _subset(name, keep):
    import dataclasses

    res = _reference(name)
    return dataclasses.replace(res, rows=[r for i, r in enumerate(res.rows) if keep(i, r)])


def _sphere(lr):
    from regviz.normalization import simulate_sphere

    return (simulate_sphere(lr, 0.01, 0.0, steps=600, norm0=3.0),), {}


def _globe(seed):
    from regviz.sparsity import make_globe

    return (make_globe(16, 32, islands=3, seed=seed),), {}


def _curve(k):
    s = np.linspace(0.1, 2.0, 5)
    return ({"scale": s, "exact": k * s**2, "se": 0.01 * s, "quadratic": s**2},), {"p": 0.5}


CASES.update({
    "plot_kept_share": (
        lambda: ((np.array([0.01, 0.1, 1.0]), {"dropout": np.array([0.2, 0.6, 0.9]),
                                                "ridge": np.array([0.5, 0.6, 0.7])}), {"p": 0.5}),
        lambda: ((np.array([0.01, 0.1, 1.0]), {"dropout": np.array([0.4, 0.7, 0.95]),
                                                "ridge": np.array([0.6, 0.7, 0.8])}), {"p": 0.2})),
    "plot_logistic_penalty": (lambda: _curve(1.0), lambda: _curve(1.3)),
    "plot_dropout_table": (lambda: ((_reference("dropout-vs-l2").rows[:2],), {}),
                           lambda: ((_reference("dropout-vs-l2").rows[2:],), {})),
    "plot_angular_updates": (lambda: ((_reference("normalized-decay"),), {}),
                             lambda: ((_subset("normalized-decay", lambda i, r: i % 2),), {})),
    "plot_norm_histories": (lambda: ((_reference("normalized-decay"),), {}),
                            lambda: ((_reference("normalized-decay"),), {"methods": ("sgd",)})),
    "plot_sphere_run": (lambda: _sphere(0.1), lambda: _sphere(0.02)),
    "plot_globe": (lambda: _globe(0), lambda: _globe(1)),
    "plot_cross_tradeoff": (
        lambda: ((_reference("sparsity-pays"),), {}),
        lambda: ((_subset("sparsity-pays", lambda i, r: r.method != "l1" or not r.selected),),
                 {})),
    "plot_network_costs": (
        lambda: ((_reference("sparsity-pays"),), {}),
        lambda: ((_subset("sparsity-pays", lambda i, r: r.method != "none"),), {})),
})
#: Functions that draw empty artists for a frame to fill (their figure's text comes from the
#: function that fills them, e.g. plot_playground); they have no data to describe yet.
NO_DATA = {name for name, case in CASES.items() if case is None}


def test_every_public_plot_function_has_a_case():
    assert set(PLOTS) == set(CASES), set(PLOTS) ^ set(CASES)
    assert NO_DATA == {"plot_weight_fractions", "plot_playground_curves"}


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_each_plot_stores_a_description_of_its_data(name):
    plot = PLOTS[name]
    assert callable(getattr(plot, "describe", None)), f"{name} has no describe function"
    settings = CASES[name] or (lambda: ((), {}),)
    texts = []
    for make in settings:
        args, kwargs = make()
        out = plot(*args, **kwargs)
        fig = _figure_of(out)
        text = alt_text(fig)
        plt.close(fig)
        assert len(text.split()) >= 4, f"{name}: {text!r}"
        described = plot.describe(**_describe_args(plot, args, kwargs))
        assert described == text
        texts.append(text)
    if name not in NO_DATA:
        assert texts[0] != texts[1], f"{name} says the same at both settings: {texts[0]!r}"


def test_different_figures_get_different_texts():
    texts = {}
    for name, case in CASES.items():
        if case is None:
            continue
        args, kwargs = case[0]()
        fig = _figure_of(PLOTS[name](*args, **kwargs))
        texts[name] = alt_text(fig)
        plt.close(fig)
    seen = {}
    for name, text in texts.items():
        assert text not in seen, f"{name} and {seen.get(text)} share {text!r}"
        seen[text] = name


def test_a_panel_text_wins_over_its_axes_and_a_new_plot_replaces_it():
    fig, (a, b) = plt.subplots(1, 2)
    set_alt_text(a, "left axes text here")
    set_alt_text(b, "right axes text here")
    assert alt_text(fig) == "left axes text here right axes text here"
    set_alt_text(fig, "the whole figure in words")
    assert alt_text(fig) == "the whole figure in words"
    regviz.plots.plot_objective(1.0, 1.0, ax=a)
    assert alt_text(fig).startswith("With λ = 1 and p = 1")
    with pytest.raises(TypeError, match="target"):
        set_alt_text("not a figure", "text")
    plt.close(fig)


def test_show_displays_the_png_with_its_alt_text():
    out = regviz.plots.plot_objective(1.2, 1.0)
    fig = out["total"].figure
    expected = alt_text(fig)
    with mock.patch("IPython.display.display") as display:
        show(fig)
    (data,), kwargs = display.call_args
    assert kwargs["raw"] is True
    assert f'alt="{expected}"' in data["text/html"] and data["image/png"]
    assert kwargs["metadata"]["image/png"]["alt"] == expected
    assert data["text/plain"] == expected
    bare, _ = plt.subplots()
    with pytest.raises(ValueError, match="alt"):
        show(bare)
    plt.close("all")


def _figure_of(out):
    from matplotlib.artist import Artist

    def walk(obj, depth=0):
        if isinstance(obj, Artist) and obj.figure is not None:
            return obj.figure
        if depth < 3:
            values = obj.values() if isinstance(obj, dict) else obj if isinstance(
                obj, list | tuple) else ()
            for v in values:
                found = walk(v, depth + 1)
                if found is not None:
                    return found
        return None

    fig = walk(out)
    assert fig is not None
    return fig


def _describe_args(plot, args, kwargs):
    bound = inspect.signature(plot).bind(*args, **kwargs)
    bound.apply_defaults()
    wanted = inspect.signature(plot.describe).parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in wanted.values())
    return {k: v for k, v in bound.arguments.items()
            if k not in ("ax", "axes", "fig", "log_ax") and (takes_any or k in wanted)}


def test_inline_figures_carry_their_alt_text_once_registered():
    from IPython.core.interactiveshell import InteractiveShell

    from regviz.plots._alt import register_alt_formatter

    shell = InteractiveShell.instance()
    assert register_alt_formatter(shell)
    out = regviz.plots.plot_objective(0.5, 2.0)
    fig = out["total"].figure
    data, metadata = shell.display_formatter.format(fig)
    assert f'alt="{alt_text(fig)}"' in data["text/html"]
    assert metadata["image/png"]["alt"] == alt_text(fig)
    bare = plt.figure()
    bare.add_subplot().plot([0, 1])
    data, _ = shell.display_formatter.format(bare)
    assert "text/html" not in data  # no alt text: the default display, untouched
    plt.close("all")
