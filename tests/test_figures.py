"""The lecture-figures command: files, manifest, formats, --only / --list, layout, determinism."""

import itertools
import json
import struct

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text
from test_plots_training import forum_result, training_result

from regviz import experiments, figures
from regviz.__main__ import SUBCOMMANDS, main
from regviz.experiments import LECTURE_L1, LECTURE_L2, History, Result, reproduce
from regviz.experiments.mnist import FleuretRow
from regviz.figures import (
    DPI,
    FIGURES,
    MNIST_RUNS,
    PRACTICE_RUNS,
    build,
    parse_formats,
    write_figures,
)

NON_MNIST = [n for n, f in FIGURES.items() if not f.mnist]
#: The reproductions behind notebooks 12 and 13's figures (regviz.figures.nb12_13).
BEYOND_RUNS = ("normalized-decay", "sparsity-pays")
MNIST = [n for n, f in FIGURES.items() if f.mnist]


def png_size(path):
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def fake_result(name, table, method):
    """A result shaped like experiments.reproduce's, with made-up numbers."""
    rng = np.random.default_rng(0)
    edges = np.linspace(-0.3, 0.3, 61)
    rows = []
    for i, (lam, (lecture_train, lecture)) in enumerate(table.items()):
        counts = rng.integers(0, 500, edges.size - 1)
        counts[30] += 1000 * i  # a spike at 0 that grows with lambda
        rows.append(FleuretRow(
            method, lam, train_error=0.01 * i, test_error=lecture + 0.002,
            zero_fraction=0.1 * i if method == "l1-prox" else 0.0, final_loss=0.1,
            lecture_test_error=lecture, lecture_train_error=lecture_train,
            history=History(histograms={8: (counts.tolist(), edges.tolist())})))
    return Result(name, "sample", {}, rows)


@pytest.fixture(scope="module")
def fake_results():
    """Made-up MNIST results, and notebook 00's linear reproductions computed (milliseconds)."""
    return {"fleuret-l2": fake_result("fleuret-l2", LECTURE_L2, "l2-loss"),
            "fleuret-l1": fake_result("fleuret-l1", LECTURE_L1, "l1-prox"),
            "forum-l1": forum_result(), "sqrt-penalty": training_result("sqrt-penalty"),
            **{n: reproduce(n, cache=False) for n in ("d2l-weight-decay", "diabetes-cv")},
            # notebooks 12 and 13: their shipped references (typed results, no training)
            **{name: reproduce(name) for name in BEYOND_RUNS}}


@pytest.fixture(scope="module")
def no_mnist_run(tmp_path_factory):
    """The command once, in-process, without the MNIST figures: (folder, stdout lines)."""
    out = tmp_path_factory.mktemp("figs")
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["figures", "--out", str(out), "--no-mnist"]) == 0
    return out, buf.getvalue().splitlines()


def check_manifest(out, formats):
    manifest = json.loads((out / "manifest.json").read_text())
    for entry in manifest["figures"]:
        spec = FIGURES[entry["name"]]
        assert entry["caption"] == spec.caption and len(entry["caption"].split()) >= 8
        assert set(entry["files"]) == set(formats)
        for fmt, name in entry["files"].items():
            path = out / name
            assert path.is_file() and path.stat().st_size > 1000, path
            if fmt == "pdf":
                assert path.read_bytes().startswith(b"%PDF")
            if fmt == "svg":
                assert b"<svg" in path.read_bytes()[:2000]
        if "png" in formats:
            expected = (round(spec.figsize[0] * DPI), round(spec.figsize[1] * DPI))
            assert png_size(out / entry["files"]["png"]) == expected == tuple(entry["png_size"])
    return manifest


def test_registry_covers_the_lecture():
    assert "figures" in SUBCOMMANDS and "reproduce" in SUBCOMMANDS
    assert len(FIGURES) >= 12 and len(NON_MNIST) >= 12
    assert {"l2-lambda-sequence", "l1-lambda-sequence", "gradient-magnitudes", "prox-maps",
            "lp-balls-2d", "lp-balls-3d", "priors", "elastic-net-ball", "mnist-tables",
            "mnist-weight-histograms"} <= set(FIGURES)
    required = {n for f in FIGURES.values() for n in f.requires}
    assert set(MNIST_RUNS) | set(PRACTICE_RUNS) | set(BEYOND_RUNS) <= required <= set(
        experiments.names())
    assert {"forum-l1-curves", "sqrt-penalty-curves"} <= set(FIGURES)
    for name, spec in FIGURES.items():
        assert spec.name == name and spec.caption.strip() and spec.notebook


def test_register_rejects_bad_entries():
    with pytest.raises(ValueError, match="lower-case"):
        figures.register("Bad Name", "a caption")
    with pytest.raises(ValueError, match="already registered"):
        figures.register("prox-maps", "a caption")
    with pytest.raises(ValueError, match="caption"):
        figures.register("new-figure", "  ")
    assert "new-figure" not in FIGURES


def test_command_writes_every_figure(no_mnist_run):
    out, lines = no_mnist_run
    manifest = check_manifest(out, ("pdf", "png"))  # the default formats
    assert [e["name"] for e in manifest["figures"]] == NON_MNIST
    assert manifest["skipped"] == MNIST and manifest["formats"] == ["pdf", "png"]
    # one line per figure, and the skipped MNIST figures said out loud
    for name in NON_MNIST:
        assert sum(line.startswith(name + ":") for line in lines) == 1
    assert any("--no-mnist" in line and all(n in line for n in MNIST) for line in lines)
    index = (out / "index.md").read_text()
    for entry in manifest["figures"]:
        assert f"## {entry['name']}" in index and entry["caption"] in index
    written = {p.name for p in out.iterdir()}
    assert written == {f for e in manifest["figures"] for f in e["files"].values()} | {
        "manifest.json", "index.md"}
    assert plt.get_fignums() == []  # Figure objects only: nothing left open in pyplot


@pytest.mark.parametrize("name", list(FIGURES))
def test_layout_fits_a_slide(name, fake_results):
    """Every text inside the canvas, no two titles overlap, every axes labelled, fonts large."""
    fig = build(FIGURES[name], fake_results)
    fig.canvas.draw()  # as savefig does: constrained layout settles over draws
    renderer = fig.canvas.get_renderer()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    border = np.concatenate([rgba[:2].reshape(-1, 4), rgba[-2:].reshape(-1, 4),
                             rgba[:, :2].reshape(-1, 4), rgba[:, -2:].reshape(-1, 4)])
    assert np.all(border == 255), f"{name}: something touches the edge of the canvas"
    drawn = fig.get_tightbbox(renderer)  # inches, everything drawn (ticks in view only)
    w, h = fig.get_size_inches()
    tol = 1 / DPI
    assert drawn.x0 >= -tol and drawn.y0 >= -tol and drawn.x1 <= w + tol and drawn.y1 <= h + tol, (
        name, drawn.bounds)
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    for t in texts:
        assert t.get_fontsize() >= 10, (name, t.get_text(), t.get_fontsize())
    titles = [ax.title for ax in fig.axes if ax.title.get_text()]
    if fig._suptitle is not None:
        titles.append(fig._suptitle)
    for a, b in itertools.combinations(titles, 2):
        assert not a.get_window_extent(renderer).overlaps(b.get_window_extent(renderer)), name
    for ax in fig.axes:
        if ax.axison and not ax.tables:
            # labelled, or sharing the axis with one that is (sharey panels, twinx)
            assert any(s.get_xlabel() for s in ax.get_shared_x_axes().get_siblings(ax)), name
            assert any(s.get_ylabel() for s in ax.get_shared_y_axes().get_siblings(ax)), name


def test_mnist_figures_from_given_results(tmp_path, fake_results, monkeypatch):
    def no_training(names):
        raise AssertionError("given results must not be recomputed")

    monkeypatch.setattr(figures, "load_results", no_training)
    lines = []
    manifest = write_figures(tmp_path, only=MNIST, results=fake_results, log=lines.append)
    check_manifest(tmp_path, ("pdf", "png"))
    assert [e["name"] for e in manifest["figures"]] == MNIST and len(lines) == len(MNIST) + 1


def test_mnist_table_shows_the_rows(fake_results):
    fig = build(FIGURES["mnist-tables"], fake_results)
    for ax, name in zip(fig.axes, MNIST_RUNS, strict=True):
        cells = ax.tables[0].get_celld()
        rows = fake_results[name].rows
        assert len({r for r, _ in cells}) == len(rows) + 1  # header + one line per lambda
        for i, row in enumerate(rows, start=1):
            assert float(cells[i, 0].get_text().get_text()) == row.lam
            assert cells[i, 1].get_text().get_text() == f"{row.lecture_test_error:.3f}"
            assert cells[i, 2].get_text().get_text() == f"{row.test_error:.3f}"
            assert cells[i, 3].get_text().get_text() == f"{row.lecture_train_error:.3f}"
            assert cells[i, 4].get_text().get_text() == f"{row.train_error:.3f}"


def test_practice_curves_show_every_run(fake_results):
    forum = build(FIGURES["forum-l1-curves"], fake_results)
    ax_loss, ax_pen = forum.axes
    n_rows = len(fake_results["forum-l1"].rows)
    assert len(ax_loss.get_lines()) == n_rows and ax_loss.get_yscale() == "log"
    (legend,) = forum.legends  # one legend right of both panels
    assert len(legend.get_texts()) == n_rows and ax_loss.get_legend() is None
    assert len(ax_pen.get_lines()) == 3 and ax_pen.get_legend() is None  # the L1 runs
    sqrt = build(FIGURES["sqrt-penalty-curves"], fake_results)
    (ax,) = sqrt.axes
    rows = fake_results["sqrt-penalty"].rows
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(texts) == len(ax.get_lines()) == len(rows)
    assert sum("NaN in epoch" in t for t in texts) == sum(
        r.diverged_at_epoch is not None for r in rows)
    assert any("proximal half threshold" in t for t in texts)


def test_command_loads_the_cached_runs_for_mnist(tmp_path, fake_results, monkeypatch, capsys):
    asked = []

    def cached(names):
        asked.extend(names)
        return {n: fake_results[n] for n in names}

    monkeypatch.setattr(figures, "load_results", cached)
    assert main(["figures", "--out", str(tmp_path), "--only", "mnist-l1-error,l1-plateau",
                 "--format", "png"]) == 0
    out = capsys.readouterr().out
    assert asked == ["fleuret-l1"] and "loading reproductions fleuret-l1" in out
    manifest = check_manifest(tmp_path, ("png",))
    assert [e["name"] for e in manifest["figures"]] == ["l1-plateau", "mnist-l1-error"]
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["l1-plateau.png",
                                                              "mnist-l1-error.png"]


def test_format_validation(tmp_path, capsys):
    assert parse_formats("PNG, svg,png") == ("png", "svg")
    for bad in ("jpg", "pdf,eps", "", ","):
        with pytest.raises(ValueError, match="pdf, png, svg"):
            parse_formats(bad)
    with pytest.raises(SystemExit) as exc:
        main(["figures", "--out", str(tmp_path), "--format", "pdf,jpg"])
    assert exc.value.code == 2 and "pdf, png, svg" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_only_and_svg(tmp_path, capsys):
    assert main(["figures", "--out", str(tmp_path), "--only", "prox-maps,l2-lambda-sequence",
                 "--format", "svg,pdf"]) == 0
    manifest = check_manifest(tmp_path, ("svg", "pdf"))
    assert [e["name"] for e in manifest["figures"]] == ["l2-lambda-sequence", "prox-maps"]
    assert not list(tmp_path.glob("*.png"))
    with pytest.raises(SystemExit) as exc:
        main(["figures", "--out", str(tmp_path), "--only", "prox-maps,nope"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "nope" in err and "l1-plateau" in err


def test_list_and_missing_out(capsys):
    assert main(["figures", "--list"]) == 0
    out = capsys.readouterr().out
    for spec in FIGURES.values():
        assert spec.name in out and spec.caption in out
    assert main(["figures", "--list", "--no-mnist"]) == 0
    out = capsys.readouterr().out
    assert all(n in out for n in NON_MNIST) and not any(n in out for n in MNIST)
    with pytest.raises(SystemExit) as exc:
        main(["figures"])
    assert exc.value.code == 2 and "--out" in capsys.readouterr().err


def test_build_needs_its_results():
    with pytest.raises(ValueError, match="fleuret-l2"):
        build(FIGURES["mnist-l2-error"], {})


def test_deterministic(tmp_path, fake_results):
    only = ["l1-plateau", "mnist-tables"]
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        write_figures(out, only=only, formats="pdf,png,svg", results=fake_results,
                      log=lambda line: None)
    for path in a.iterdir():
        assert path.read_bytes() == (b / path.name).read_bytes(), path.name
