"""The reference results shipped in the package: present, current, and what retraining gives."""

import math
import subprocess
import sys

import pytest

from regviz import experiments
from regviz.experiments import config_key, load_reference, reproduce

#: The reproductions whose results ship with the package (notebooks 06 and 07 load them).
SHIPPED = ("fleuret-l2", "fleuret-l1", "forum-l1", "sqrt-penalty", "sgd-weight-decay",
           "adam-vs-adamw")
#: How far a retrained row may land from the shipped one (another machine, torch version...).
ERROR_TOLERANCE = 0.03
ZEROS_TOLERANCE = 0.05


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_reference_matches_the_configuration(name):
    """A changed configuration needs regenerated references (`make references`)."""
    ref = load_reference(name)
    assert ref is not None, f"no shipped reference for {name}: run `make references`"
    assert ref.key == config_key(name), (
        f"the shipped {name} was made with another configuration: run "
        f"`make references REFERENCES={name}`")
    p = ref.provenance
    assert p.device == "cpu" and p.threads == experiments.THREADS and p.torch_version and p.date
    assert ref.claims and all(c.tolerance for c in ref.claims)


def test_first_load_is_fast_and_torch_free(tmp_path):
    code = ("import sys, time; t = time.perf_counter(); import regviz.experiments as e; "
            f"[e.reproduce(n) for n in {SHIPPED!r}]; "
            "print('torch' in sys.modules, time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"REGVIZ_CACHE": str(tmp_path), "PATH": "",
                                          "PYTHONPATH": ":".join(sys.path)})
    torch, seconds = out.stdout.split()
    assert torch == "False" and float(seconds) < 10


def _close(a, b, tol):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, abs_tol=tol)


@pytest.mark.slow
@pytest.mark.parametrize("name", SHIPPED)
def test_retraining_reproduces_the_shipped_result(name, tmp_path, monkeypatch):
    """Each claim keeps its verdict, each row lands within the tolerances of the shipped one."""
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    shipped = load_reference(name, key=config_key(name))
    assert shipped is not None
    new = reproduce(name, retrain=True, cache=False)
    assert [c.claim for c in new.claims] == [c.claim for c in shipped.claims]
    for c_new, c_old in zip(new.claims, shipped.claims, strict=True):
        assert c_new.reproduced == c_old.reproduced, (c_new, c_old)
    assert len(new.rows) == len(shipped.rows)
    for a, b in zip(new.rows, shipped.rows, strict=True):
        assert (a.method, a.lam) == (b.method, b.lam)
        assert (a.diverged_at_epoch is None) == (b.diverged_at_epoch is None), (a.method, a.lam)
        assert _close(a.test_error, b.test_error, ERROR_TOLERANCE), (a.method, a.lam)
        assert _close(a.train_error, b.train_error, ERROR_TOLERANCE), (a.method, a.lam)
        assert _close(a.zero_fraction, b.zero_fraction, ZEROS_TOLERANCE), (a.method, a.lam)
