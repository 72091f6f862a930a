"""Notebooks 12 and 13's plot functions and the equilibrium panel."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from regviz.experiments import reproduce  # noqa: E402
from regviz.normalization import simulate_sphere  # noqa: E402
from regviz.plots import normalization as pn  # noqa: E402
from regviz.plots import sparsity as ps  # noqa: E402
from regviz.sparsity import make_globe  # noqa: E402


@pytest.fixture(autouse=True)
def close_all():
    yield
    plt.close("all")


def test_angular_update_plot_puts_each_run_at_its_numbers():
    result = reproduce("normalized-decay")
    out = pn.plot_angular_updates(result)
    rows = [r for r in result.rows if r.method == "sgd"]
    drawn = out["sgd"].get_offsets()
    np.testing.assert_allclose(drawn, [[r.predicted_angular_update, r.angular_update]
                                       for r in rows])
    text = pn.angular_update_summary(result)
    assert all(f"{r.angular_update:.4f}" in text for r in rows)


def test_norm_histories_draw_the_per_epoch_norms():
    result = reproduce("normalized-decay")
    out = pn.plot_norm_histories(result, methods=("sgd-no-decay",))
    lines = list(out.values())
    runs = result.rows_of("sgd-no-decay")
    assert len(lines) == len(runs)
    for line, r in zip(lines, runs, strict=True):
        np.testing.assert_allclose(line.get_ydata(), r.history.curve("weight_norm"))
    text = pn.norm_history_summary(result, methods=("sgd-no-decay",))
    assert all(f"{r.weight_norm:.2f} at the end" in text for r in runs)


def test_sphere_plot_and_running_rms():
    run = simulate_sphere(0.1, 0.01, steps=300)
    out = pn.plot_sphere_run(run)
    np.testing.assert_allclose(out["norm"].get_ydata(), run.norm)
    rms = pn.running_rms(np.array([3.0, 4.0, 0.0]), window=2)
    np.testing.assert_allclose(rms, [3.0, np.sqrt(12.5), np.sqrt(8.0)])


def test_equilibrium_panel_moves_with_its_sliders():
    from regviz.widgets.normalization import EquilibriumPanel

    panel = EquilibriumPanel(lr=0.1, weight_decay=0.01)
    before = panel.artists["norm"].get_ydata().copy()
    panel.set(lr=0.02, weight_decay=0.001, momentum=0.5)
    after = panel.artists["norm"].get_ydata()
    assert not np.allclose(before, after)
    fresh = simulate_sphere(0.02, 0.001, 0.5, steps=panel.STEPS, norm0=panel.NORM0)
    np.testing.assert_allclose(after, fresh.norm)  # the frame a fresh run draws
    assert f"{fresh.predicted:.4f}" in panel.readout.value and "not at equilibrium" in \
        panel.readout.value
    assert f"{fresh.rms_angle(500):.4f}" in panel.summary()


def test_sparsity_plots():
    result = reproduce("sparsity-pays")
    out = ps.plot_globe(make_globe(20, 40, islands=3))
    assert out["image"].get_array().shape == (20, 40)
    out = ps.plot_cross_tradeoff(result)
    l1 = sorted((r for r in result.rows if r.method == "l1"), key=lambda r: r.C)
    np.testing.assert_allclose(out["l1"].get_xdata(), [r.stored_bytes / 1000 for r in l1])
    assert "l1 selected" in out and "l2 selected" in out
    out = ps.plot_network_costs(result)
    nets = [r for r in result.rows if r.model == "forum-mlp"]
    assert [b.get_width() for b in out["time"]] == pytest.approx([r.inference_ms for r in nets])
    for text in (ps.cross_summary(result), ps.network_summary(result)):
        assert text.count("\n") >= 4
