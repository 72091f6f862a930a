"""Notebook 10's panel and figures: the σ slider moves the fit, ridge with λ = σ²/2 stays on it;
the plot functions draw what they are given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from regviz import noise  # noqa: E402
from regviz.experiments import reproduce  # noqa: E402
from regviz.plots.noise import (  # noqa: E402
    plot_dropout_table,
    plot_kept_share,
    plot_logistic_penalty,
)
from regviz.widgets.noise import InputNoisePanel, noise_frame  # noqa: E402


def test_sigma_slider_moves_the_fit_and_ridge_stays_on_it():
    panel = InputNoisePanel(sigma=0.1)
    panel.redraw(full=True)
    before = panel.state
    np.testing.assert_allclose(before["curve_noise"], before["curve_ridge"], atol=1e-9)
    panel.set(sigma=0.8)
    after = panel.state
    assert not np.allclose(after["curve_noise"], before["curve_noise"])
    np.testing.assert_allclose(after["curve_noise"], after["curve_ridge"], atol=1e-9)
    # more noise, smaller weights (ridge's norm decreases with λ)
    assert np.linalg.norm(after["w_noise"]) < np.linalg.norm(before["w_noise"])
    assert "σ = 0.80" in panel.readout.value and panel.last_error is None


def test_frame_text_is_computed_from_the_frame():
    frame = noise_frame(InputNoisePanel().data, 0.4)
    text = frame.describe()
    assert f"{frame.lam:.4g}" in text and "standard errors" in text
    # the sampled minimiser is near the closed form, in its own standard errors
    assert np.max(np.abs(frame.w_sampled - frame.w_noise) / frame.se_sampled) < 5


def test_plot_functions_draw_their_data():
    X, y = noise.rare_features(n=200)
    kept = noise.kept_share(X, y, 0.5)
    freqs = (1.0, 0.5, 0.2, 0.1, 0.05, 0.02)
    art = plot_kept_share(freqs, kept, p=0.5)
    np.testing.assert_allclose(art["dropout"].get_ydata(), kept["dropout"])
    curve = {"scale": np.array([0.0, 1.0]), "exact": np.array([0.0, 0.3]),
             "se": np.array([0.0, 0.01]), "quadratic": np.array([0.0, 0.29])}
    art = plot_logistic_penalty(curve, p=0.5)
    np.testing.assert_allclose(art["quadratic"].get_ydata(), curve["quadratic"])
    rows = reproduce("dropout-vs-l2").rows
    bars = plot_dropout_table(rows)
    heights = sorted(b.get_height() for group in bars.values() for b in group)
    assert heights == sorted(r.test_error for r in rows)
    plt.close("all")
