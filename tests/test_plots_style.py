"""Colour is never the only cue, and the palette survives colour-vision deficiencies.

- Each penalty and each method has a line style and a marker besides its colour, all distinct.
- The palette's colours stay apart under simulated protanopia, deuteranopia and tritanopia
  (colorspacious, Machado et al. 2009 at full severity): pairwise CIECAM02-UCS distances
  ΔE' of at least :data:`MIN_DELTA_E` (about ten times a just-noticeable difference).
- Text colours reach WCAG 2.1 contrast 4.5:1 against the figure background, axes and ticks
  (graphics) 3:1.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from regviz.penalties import L0, L1, L2, ElasticNet, Lp
from regviz.plots.generalization import ERROR_COLORS, ERROR_STYLES
from regviz.style import (
    BACKGROUND,
    COLORS,
    LINESTYLES,
    MARKERS,
    TEXT_COLOR,
    penalty_style,
    rc_params,
    role_style,
    series_style,
)

colorspacious = pytest.importorskip("colorspacious")

#: The smallest CAM02-UCS distance allowed between two colours of one palette, for normal
#: vision and each simulated deficiency (measured: see the report of the palette).
MIN_DELTA_E = 10.0
CVD = ("protanomaly", "deuteranomaly", "tritanomaly")

#: Palettes whose colours tell series apart in one figure.
PALETTES = {
    "penalties": [COLORS[k] for k in ("L2", "L1", "Lp", "L0", "ElasticNet")],
    "methods": [COLORS["prox"], COLORS["subgradient"]],
    "errors": list(ERROR_COLORS.values()),
    "objective": [COLORS["loss"], COLORS["total"], COLORS["minimizer"]],
    "series": [series_style(i)["color"] for i in range(6)],
}


def _simulate(color: str, deficiency: str) -> np.ndarray:
    rgb = np.array(to_rgb(color))
    if deficiency == "normal":
        return rgb
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0, 1)


def palette_distances(colors: list[str], deficiency: str) -> dict[tuple[str, str], float]:
    """Pairwise CAM02-UCS ΔE' of ``colors`` as seen with ``deficiency``."""
    return {(a, b): float(colorspacious.deltaE(_simulate(a, deficiency),
                                               _simulate(b, deficiency),
                                               input_space="sRGB1", uniform_space="CAM02-UCS"))
            for a, b in itertools.combinations(colors, 2)}


@pytest.mark.parametrize("deficiency", ("normal", *CVD))
@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_the_palette_stays_distinguishable(palette, deficiency):
    d = palette_distances(PALETTES[palette], deficiency)
    pair = min(d, key=d.get)
    assert d[pair] >= MIN_DELTA_E, f"{palette} under {deficiency}: {pair} only {d[pair]:.1f} apart"


def test_a_simulated_deficiency_really_changes_colours():
    # the simulation is not a no-op: red and green, far apart normally, nearly merge
    normal = palette_distances(["#d62728", "#2ca02c"], "normal")
    deutan = palette_distances(["#d62728", "#2ca02c"], "deuteranomaly")
    assert list(deutan.values())[0] < 0.5 * list(normal.values())[0]


def test_each_penalty_and_method_has_its_own_line_style_and_marker():
    penalties = ("L2", "L1", "Lp", "L0", "ElasticNet")
    assert len({str(LINESTYLES[k]) for k in penalties}) == len(penalties)
    assert len({MARKERS[k] for k in penalties}) == len(penalties)
    assert LINESTYLES["prox"] != LINESTYLES["subgradient"]
    assert MARKERS["prox"] != MARKERS["subgradient"]
    styles = [penalty_style(p) for p in (L2(1.0), L1(1.0), Lp(0.5, 1.0), L0(1.0),
                                         ElasticNet(1.0, 1.0))]
    assert len({(str(s["linestyle"]), s["marker"]) for s in styles}) == 5
    assert penalty_style(Lp(1.0, 1.0)) == penalty_style(L1(1.0))  # Lp with p = 1 is L1
    assert role_style("prox")["marker"] != role_style("subgradient")["marker"]
    assert len({(str(v["ls"]), v["marker"]) for v in ERROR_STYLES.values()}) == 3
    series = [series_style(i) for i in range(5)]
    assert len({(str(s["linestyle"]), s["marker"]) for s in series}) == 5
    with pytest.raises(ValueError, match="role"):
        role_style("nope")


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours."""
    def lum(c: str) -> float:
        rgb = np.array(to_rgb(c))
        rgb = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        return float(rgb @ [0.2126, 0.7152, 0.0722])

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("variant", ("screen", "lecture"))
def test_text_and_axes_meet_wcag_contrast(variant):
    rc = rc_params(variant)
    bg = rc["axes.facecolor"]
    assert bg == rc["figure.facecolor"] == BACKGROUND
    for key in ("text.color", "axes.labelcolor", "xtick.color", "ytick.color"):
        assert contrast(rc[key], bg) >= 4.5, key
    assert contrast(rc["axes.edgecolor"], bg) >= 3.0
    assert contrast(TEXT_COLOR, bg) >= 4.5


def test_coloured_text_in_figures_and_readouts_meets_wcag_contrast():
    from regviz.plots.training import DIVERGED_COLOR, ZEROS_TEXT_COLOR

    # the readout's "diverged" warning, the zero-fraction axis label, the red NaN annotations
    for color in ("#c0392b", ZEROS_TEXT_COLOR, DIVERGED_COLOR, "0.3", "0.35", "0.2"):
        assert contrast(color, BACKGROUND) >= 4.5, color
