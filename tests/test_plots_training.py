"""plot_training_curves on made-up reproduction results (nothing is trained)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from regviz.experiments import History, Result, Row
from regviz.experiments.mnist import FleuretRow
from regviz.plots import plot_training_curves
from regviz.plots.training import DIVERGED_COLOR, TRAINING_METRICS


def history(loss, penalty=None, zeros=None):
    n = len(loss)
    return History(loss=list(loss), penalty=list(penalty if penalty is not None else [0.0] * n),
                   zero_fraction=list(zeros if zeros is not None else [0.0] * n),
                   time=[0.1] * n, train_error=[0.5] if n else [],
                   test_error=[0.5] if n else [])


def run(method, lam, loss, penalty=None, zeros=None, diverged=None, cause=None):
    loss = [float(v) for v in loss]
    zeros = None if zeros is None else [float(v) for v in zeros]
    penalty = None if penalty is None else [float(v) for v in penalty]
    return Row(method, lam, train_error=0.5, test_error=0.5,
               zero_fraction=zeros[-1] if zeros else 0.0, final_loss=loss[-1] if loss else None,
               diverged_at_epoch=diverged, cause=cause, history=history(loss, penalty, zeros))


def training_result(name="sqrt-penalty"):
    """Shaped like reproduce("sqrt-penalty"): a plateau, a NaN run, a proximal run."""
    return Result(name, "sample", {}, [
        run("sqrt-loss-weights", 0.01, [190.0, 140.0, 135.0, 138.0], penalty=[140, 135, 132, 138]),
        run("sqrt-loss-all-params-zero-bias", 0.01, [], diverged=1,
            cause="loss became nan at batch 2"),
        run("sqrt-prox-half-threshold", 0.01, [2.2, 1.9, 1.6, 1.3], penalty=[20, 17, 15, 13],
            zeros=[0.2, 0.3, 0.4, 0.5]),
        run("sqrt-loss-weights", 0.1, [2400.0, 2700.0, 2900.0, 3000.0],
            penalty=[2600, 2800, 2900, 3000]),
        run("sqrt-loss-all-params-zero-bias", 0.1, [], diverged=1,
            cause="loss became nan at batch 2"),
        run("sqrt-loss-late-nan", 0.1, [5.0, 4.0], diverged=3,
            cause="weight fc1.weight became NaN or infinite"),
    ])


def forum_result():
    """Shaped like reproduce("forum-l1"): 20 epochs, two runs whose curves coincide."""
    epochs = np.arange(1, 21)
    decay = np.exp(-epochs / 5)
    return Result("forum-l1", "sample", {}, [
        run("none", 0.0, 0.3 + 2 * decay, zeros=[0.0] * 20),
        run("l1-loss-all-params", 0.01, 2.4 + 35 * decay, penalty=0.1 + 28 * decay),
        run("l1-loss-all-params", 0.001, 2.5 + 4 * decay, penalty=2.0 + 2 * decay),
        run("l1-loss-weights-only", 0.001, 2.49 + 4 * decay, penalty=2.0 + 2 * decay),
        run("l2-weight-decay", 0.0005, 0.301 + 2 * decay),
    ])


def test_one_line_per_run_with_the_history_values():
    result = training_result()
    out = plot_training_curves(result)
    rows = result.rows
    finished = [i for i, r in enumerate(rows) if r.diverged_at_epoch is None]
    assert sorted(out["lines"]) == finished
    ax = out["legend"].axes
    assert len(ax.get_lines()) == len(rows)  # the lines plus one marker per diverged run
    for i, line in out["lines"].items():
        loss = rows[i].history.loss
        np.testing.assert_array_equal(line.get_ydata(), loss)
        np.testing.assert_array_equal(line.get_xdata(), np.arange(1, len(loss) + 1))
        assert rows[i].method in line.get_label()
        assert f"= {rows[i].lam:g}" in line.get_label()


@pytest.mark.parametrize("metric", ["penalty", "zero_fraction"])
def test_other_metrics_draw_their_history(metric):
    result = training_result()
    out = plot_training_curves(result, metric=metric)
    for i, line in out["lines"].items():
        np.testing.assert_array_equal(line.get_ydata(), result.rows[i].history.curve(metric))
    ax = out["legend"].axes
    assert ax.get_yscale() == "linear" and ax.get_ylabel() == TRAINING_METRICS[metric]


def test_log_scale_for_the_loss_by_default():
    fig, axes = plt.subplots(1, 3)
    plot_training_curves(training_result(), ax=axes[0])
    plot_training_curves(training_result(), ax=axes[1], logy=False)
    plot_training_curves(training_result(), metric="penalty", ax=axes[2], logy=True)
    assert [ax.get_yscale() for ax in axes] == ["log", "linear", "log"]


def test_diverged_runs_get_a_red_x_and_their_cause():
    result = training_result()
    out = plot_training_curves(result)
    rows = result.rows
    diverged = [i for i, r in enumerate(rows) if r.diverged_at_epoch is not None]
    assert sorted(out["markers"]) == diverged
    ax = out["legend"].axes
    legend_texts = [t.get_text() for t in out["legend"].get_texts()]
    assert len(legend_texts) == len(rows)
    for i in diverged:
        marker = out["markers"][i]
        assert marker.get_marker() == "x"
        assert to_rgba(marker.get_color()) == to_rgba(DIVERGED_COLOR)  # a red text can read
        assert list(marker.get_xdata()) == [rows[i].diverged_at_epoch]
        assert rows[i].cause in marker.get_label() and marker.get_label() in legend_texts
        assert f"epoch {rows[i].diverged_at_epoch}" in marker.get_label()
    # the epoch of the NaN is inside the x range, even when it is past every curve's end
    assert ax.get_xlim()[1] >= 3
    notes = sorted(t.get_text() for t in out["annotations"])
    assert notes == ["NaN at epoch 1 (2 runs)", "NaN at epoch 3 (1 run)"]


def test_markers_sit_above_every_curve():
    out = plot_training_curves(training_result())
    ax = out["legend"].axes
    fig = ax.figure
    fig.canvas.draw()
    to_axes = ax.transAxes.inverted()

    def heights(art):
        return to_axes.transform(art.get_transform().transform(art.get_xydata()))[:, 1]

    top_of_data = max(heights(line).max() for line in out["lines"].values())
    assert top_of_data > 0.5  # the headroom does not squash the curves
    for marker in out["markers"].values():
        assert top_of_data < heights(marker)[0] <= 1.0


def test_runs_that_died_at_the_same_epoch_are_side_by_side():
    out = plot_training_curves(training_result())
    ax = out["legend"].axes
    ax.figure.canvas.draw()
    first = [m for m in out["markers"].values() if m.get_xdata()[0] == 1]
    xs = [m.get_transform().transform(m.get_xydata())[0, 0] for m in first]
    assert len(first) == 2 and abs(xs[0] - xs[1]) > 5  # pixels apart, not on top of each other


def test_methods_filter_keeps_the_colours():
    result = training_result()
    full = plot_training_curves(result)
    some = plot_training_curves(result, methods=["prox", "zero-bias"])
    assert sorted(some["lines"]) == [2]
    assert sorted(some["markers"]) == [1, 4]
    assert some["lines"][2].get_color() == full["lines"][2].get_color()
    assert len(some["legend"].get_texts()) == 3


def test_coinciding_curves_both_show():
    result = training_result()
    result.rows = [run("none", 0.0, [2.0, 1.0, 0.5]),
                      run("l2-weight-decay", 5e-4, [2.001, 1.002, 0.501]),
                      run("l1", 0.01, [9.0, 5.0, 3.0])]
    out = plot_training_curves(result)
    lines = out["lines"]
    assert lines[0].get_linewidth() > lines[1].get_linewidth()  # the covered one is wider
    assert lines[0].get_markersize() > lines[1].get_markersize()
    assert lines[1].get_linewidth() == lines[2].get_linewidth()
    assert lines[0].get_color() != lines[1].get_color()


def test_legend_groups_runs_by_method():
    out = plot_training_curves(training_result())
    texts = [t.get_text() for t in out["legend"].get_texts()]
    methods = [next(m for m in ("loss-weights", "zero-bias", "prox", "late-nan") if m in t)
               for t in texts]
    assert methods == ["loss-weights"] * 2 + ["zero-bias"] * 2 + ["prox", "late-nan"]


def test_all_runs_diverged():
    result = training_result()
    result.rows = [r for r in result.rows if r.diverged_at_epoch is not None]
    out = plot_training_curves(result)
    assert out["lines"] == {} and len(out["markers"]) == 3
    out["legend"].axes.figure.canvas.draw()


@pytest.mark.parametrize("metric", ["train_error", "test_error", "time", "Loss", "", None])
def test_bad_metric(metric):
    with pytest.raises(ValueError, match=r"metric must be one of \('loss', 'penalty', "
                                         r"'zero_fraction'\), got"):
        plot_training_curves(training_result(), metric=metric)


@pytest.mark.parametrize("methods", ["prox", [], (), ["prox", 3], [""], ["nope"], 7, {"a": 1}])
def test_bad_methods(methods):
    with pytest.raises(ValueError, match="methods must be") as exc:
        plot_training_curves(training_result(), methods=methods)
    assert "sqrt-prox-half-threshold" in str(exc.value)  # says what would match
    assert plt.get_fignums() == []  # checked before a figure is made


def lecture_result(seeded=True):
    """Shaped like reproduce("fleuret-l1"): seed 0's row plus the range over seeds 0-3."""
    rows = []
    for i, lam in enumerate([0.0, 1e-4, 5e-4]):
        row = FleuretRow("l1-prox", lam, train_error=0.0, test_error=0.06 + 0.2 * i,
                         zero_fraction=0.4 * i, lecture_test_error=0.064 + 0.2 * i)
        if seeded:
            row.test_error_min, row.test_error_max = 0.05 + 0.2 * i, 0.08 + 0.3 * i
        rows.append(row)
    config = {"seeds": [0, 1, 2, 3]} if seeded else {}
    return Result("fleuret-l1", "sample", config, rows)


def test_error_vs_lambda_shades_the_seed_range():
    from regviz.plots import plot_error_vs_lambda

    result = lecture_result()
    out = plot_error_vs_lambda(result)
    (path,) = out["seed_range"].get_paths()
    ys = path.vertices[:, 1]
    rows = result.rows
    assert ys.min() == pytest.approx(min(r.test_error_min for r in rows))
    assert ys.max() == pytest.approx(max(r.test_error_max for r in rows))
    assert "seeds 0-3" in out["seed_range"].get_label()
    assert "seed 0" in out["test"].get_label()
    assert out["seed_range"] in out["legend"].legend_handles or any(
        t.get_text() == out["seed_range"].get_label() for t in out["legend"].get_texts())
    assert "seed_range" not in plot_error_vs_lambda(lecture_result(seeded=False))


def test_lecture_comparison_bars_span_the_seed_range():
    from regviz.plots import plot_lecture_comparison

    result = lecture_result()
    out = plot_lecture_comparison([result, lecture_result(seeded=False)],
                                  labels=["L1", "no seeds"], colors=["red", "blue"])
    bars, missing = out["seed_ranges"]
    assert missing is None
    for seg, row in zip(bars.get_segments(), result.rows, strict=True):
        assert seg[:, 0] == pytest.approx([row.lecture_test_error] * 2)
        assert sorted(seg[:, 1]) == pytest.approx([row.test_error_min, row.test_error_max])
    assert to_rgba(bars.get_color()[0], alpha=1) == to_rgba("red")
    assert [p.get_label() for p in out["points"]] == ["L1", "no seeds"]
    top = max(r.test_error_max for r in result.rows)
    assert out["equal"].get_xdata()[-1] >= top  # the y = x line reaches the highest bar


def test_lecture_comparison_needs_one_label_per_result():
    from regviz.plots import plot_lecture_comparison

    with pytest.raises(ValueError, match="labels must have one entry per result"):
        plot_lecture_comparison([lecture_result()], labels=["a", "b"])


def test_legend_placement():
    fig, (left, right) = plt.subplots(1, 2, layout="constrained")
    shared = plot_training_curves(forum_result(), ax=left, legend="figure")
    none = plot_training_curves(forum_result(), metric="penalty", ax=right, legend=None)
    assert none["legend"] is None and right.get_legend() is None
    assert shared["legend"] in fig.legends and left.get_legend() is None
    assert len(shared["legend"].get_texts()) == len(forum_result().rows)
    fig.canvas.draw()  # "outside right upper": the legend right of both panels
    legend_box = shared["legend"].get_window_extent()
    assert legend_box.x0 >= right.get_window_extent().x1


@pytest.mark.parametrize("legend", ["right", "", True, "Figure"])
def test_bad_legend(legend):
    with pytest.raises(ValueError, match=r"legend must be one of \('axes', 'figure', None\)"):
        plot_training_curves(training_result(), legend=legend)
