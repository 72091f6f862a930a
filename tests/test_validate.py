"""The small shared machinery: parameter validation, penalties by name, the version, the splits."""

from __future__ import annotations

import math
import subprocess
import sys
from importlib import metadata

import numpy as np
import pytest

from regviz import _validate as v
from regviz import penalties
from regviz.penalties import L0, L1, L2, ElasticNet, GroupLasso, Lp


def test_choice():
    assert v.choice("mode", "prox", ("loss", "prox")) == "prox"
    with pytest.raises(ValueError, match=r"mode must be one of \('loss', 'prox'\), got 'l2'"):
        v.choice("mode", "l2", ("loss", "prox"))
    with pytest.raises(ValueError, match="mode must be one of"):
        v.choice("mode", ["loss"], ("loss", "prox"))  # unhashable: refused, not a TypeError


@pytest.mark.parametrize(("kw", "value", "ok"), [
    ({"low": 0.0}, 0.0, True), ({"low": 0.0, "low_open": True}, 0.0, False),
    ({"low": 0.0, "high": 1.0}, 1.0, True), ({"low": 0.0, "high": 1.0, "high_open": True}, 1.0,
                                             False),
    ({}, math.inf, False), ({"allow_inf": True}, math.inf, True), ({}, math.nan, False),
    ({}, True, False), ({}, "1", False), ({}, np.float32(2.5), True), ({"low": 3}, 2, False),
])
def test_number(kw, value, ok):
    if ok:
        assert v.number("x", value, **kw) == float(value)
    else:
        with pytest.raises(ValueError, match="x must be a"):
            v.number("x", value, **kw)


def test_number_says_the_allowed_range():
    with pytest.raises(ValueError, match=r"lam must be a finite number >= 0 and <= 1, got -1"):
        v.number("lam", -1, low=0, high=1)
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0, got 0"):
        v.number("lr", 0, low=0, low_open=True)


def test_integer():
    assert v.integer("n", np.int64(3), low=1) == 3
    for bad in (0, 2.0, True, "3"):
        with pytest.raises(ValueError, match="n must be an integer >= 1"):
            v.integer("n", bad, low=1)


def test_array():
    a = v.array("X", [[1, 2], [3, 4]], shape=(None, 2))
    assert a.dtype == float and a.shape == (2, 2)
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\), got \(3,\)"):
        v.array("X", [1, 2, 3], shape=(None, 2))
    with pytest.raises(ValueError, match="y must have 1 dimensions"):
        v.array("y", [[1.0]], ndim=1)
    with pytest.raises(ValueError, match=r"y must be finite \(no NaN or inf\)"):
        v.array("y", [1.0, np.nan])
    assert np.isnan(v.array("y", [np.nan], finite=False)[0])
    with pytest.raises(ValueError, match="z must be an array of numbers"):
        v.array("z", ["a"])


@pytest.mark.parametrize(("name", "kw", "expected"), [
    ("none", {}, None), ("L2", {}, L2(0.3)), ("L1", {}, L1(0.3)), ("L0", {}, L0(0.3)),
    ("Lp", {"p": 0.25}, Lp(0.25, 0.3)), ("group lasso", {}, GroupLasso(0.3)),
    ("elastic net", {"mix": 0.2}, ElasticNet(0.3 * 0.2, 0.3 * 0.8)),
])
def test_penalty_from_name(name, kw, expected):
    assert name in penalties.NAMES
    assert penalties.from_name(name, 0.3, **kw) == expected


def test_elastic_net_by_name_is_notebook_00s_definition():
    """lam * (a|w| + (1 - a) w**2), checked on values, for the mix notebook 00 uses."""
    w = np.linspace(-2, 2, 41)
    pen = penalties.from_name("elastic net", 0.7, mix=0.5)
    np.testing.assert_allclose(pen.value(w), 0.7 * (0.5 * np.abs(w) + 0.5 * w**2), rtol=1e-12)


@pytest.mark.parametrize(("args", "kw", "match"), [
    (("l2", 0.1), {}, "name must be one of"), (("L2", -1.0), {}, "lam must be"),
    (("elastic net", 0.1), {"mix": 1.5}, "mix must be"),
])
def test_penalty_from_name_refuses_bad_input(args, kw, match):
    with pytest.raises(ValueError, match=match):
        penalties.from_name(*args, **kw)


def test_one_version_source():
    import regviz

    assert regviz.__version__ == metadata.version("regviz")


def test_split_modules_keep_their_old_names():
    from regviz import constrained, geometry, solvers, training_records
    from regviz.generalization import LinearFit, fit_linear, ridge

    assert geometry.contact_point is constrained.contact_point
    assert geometry.DEFAULT_LOSS is constrained.DEFAULT_LOSS
    assert (ridge, fit_linear, LinearFit) == (solvers.ridge, solvers.fit_linear, solvers.LinearFit)
    with pytest.raises(AttributeError):
        geometry.no_such_name  # noqa: B018
    code = ("import sys; import regviz.training_records, regviz.constrained; "
            "assert 'torch' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert training_records.History().to_dict()["loss"] == []


def test_no_module_of_regviz_is_over_600_lines():
    from pathlib import Path

    import regviz

    root = Path(regviz.__file__).parent
    long = {p.relative_to(root).as_posix(): n for p in root.rglob("*.py")
            if (n := len(p.read_text().splitlines())) > 600}
    assert not long, long
