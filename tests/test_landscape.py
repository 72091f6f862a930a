"""regviz.landscape against brute force on a dense grid and the algebraic solutions."""

import numpy as np
import pytest

from regviz import landscape
from regviz.landscape import LECTURE_LOSS, jump_lambda, minimizer, minimizer_path

X_DENSE = np.linspace(-2.0, 3.0, 2_000_001)  # includes 0 exactly (step 2.5e-6)
F_DENSE = (X_DENSE - 1) ** 2 + (X_DENSE - 1) ** 3 / 6


@pytest.mark.parametrize("p", [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 3.0])
@pytest.mark.parametrize("lam", [0.0, 0.2, 0.7, 1.2, 1.5, 2.5, 4.0])
def test_minimizer_beats_brute_force(p, lam):
    obj = F_DENSE + lam * np.abs(X_DENSE) ** p
    i = int(np.argmin(obj))
    x = minimizer(lam, p)
    ours = (x - 1) ** 2 + (x - 1) ** 3 / 6 + lam * abs(x) ** p
    assert ours <= obj[i] + 1e-14
    assert abs(x - X_DENSE[i]) <= 1e-3  # same basin (no near-ties on this list)


def test_l1_is_exactly_zero_from_the_slope_at_zero():
    assert LECTURE_LOSS.df(0.0) == -1.5
    lams = np.array([1.5, 1.5000001, 2.0, 4.0, 100.0])
    assert np.all(minimizer_path(lams, 1.0) == 0.0)
    below = np.array([0.1, 1.0, 1.4999])
    np.testing.assert_allclose(minimizer_path(below, 1.0), -1 + np.sqrt(4 - 2 * below), rtol=1e-9)


def test_l2_approaches_zero_but_never_reaches_it():
    lams = np.geomspace(1e-3, 1e6, 50)
    x = minimizer_path(lams, 2.0)
    exact = 3 * lams / ((lams + np.sqrt(lams**2 + lams + 1)) ** 2 - 1)
    np.testing.assert_allclose(x, exact, rtol=1e-9)
    assert np.all(x > 0) and np.all(np.diff(x) < 0)


def test_p_below_one_jumps():
    lam_jump = jump_lambda(0.5)
    before = minimizer(lam_jump * (1 - 1e-6), 0.5)
    after = minimizer(lam_jump * (1 + 1e-6), 0.5)
    assert before > 0.7 and after == 0.0
    # at the jump the two local minima have the same objective value
    obj0 = 1 - 1 / 6
    assert (before - 1) ** 2 + (before - 1) ** 3 / 6 + lam_jump * before**0.5 == pytest.approx(
        obj0, abs=1e-5
    )
    assert jump_lambda(2.0) == np.inf
    assert jump_lambda(1.0) == pytest.approx(1.5, abs=1e-6)


def test_bad_input():
    with pytest.raises(ValueError, match="^p must be"):
        minimizer(1.0, 0.0)
    with pytest.raises(ValueError, match="^lam must be"):
        minimizer(-1.0, 1.0)
    with pytest.raises(ValueError, match="^lam must be"):
        minimizer_path([0.0, np.nan], 1.0)
    with pytest.raises(ValueError, match="^window must be"):
        minimizer(1.0, 1.0, window=(0.5, 2.0))
    with pytest.raises(ValueError, match="^lam must be"):
        landscape.total_objective(np.zeros(3), np.inf, 1.0)
