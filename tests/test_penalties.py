"""regviz.penalties against independent oracles: brute force, torch.autograd, scikit-learn."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from regviz.penalties import L0, L1, L2, ElasticNet, GroupLasso, Lp, soft_threshold
from regviz.solvers import ista

P_VALUES = [0.3, 0.5, 2 / 3, 0.8, 1.0, 1.5, 2.0, 3.0]


# --- oracles written from the definitions, not from regviz ------------------------------------
def oracle_value(pen, x):
    """The penalty's value from its definition (independent of regviz's code)."""
    x = np.asarray(x, dtype=float)
    if isinstance(pen, Lp):
        return pen.lam * np.abs(x) ** pen.p
    if isinstance(pen, L2):
        return pen.lam * x**2
    if isinstance(pen, L1):
        return pen.lam * np.abs(x)
    if isinstance(pen, L0):
        return pen.lam * (x != 0)
    if isinstance(pen, ElasticNet):
        return pen.l1 * np.abs(x) + pen.l2 * x**2
    raise TypeError(pen)


def prox_objective(pen, x, z, step):
    return 0.5 * (x - z) ** 2 + step * oracle_value(pen, x)


def brute_force_min(pen, z, step):
    """Global minimum of 0.5*(x - z)**2 + step*value(x) by zooming grids (plus x = 0 exactly)."""
    half = abs(z) + 1.0
    x = np.concatenate([np.linspace(-half, half, 40001), [0.0]])
    best = np.inf
    for _ in range(4):
        obj = prox_objective(pen, x, z, step)
        i = int(np.argmin(obj))
        best = min(best, obj[i])
        width = 2 * half / 40000 * 4
        x = np.concatenate([np.linspace(x[i] - width, x[i] + width, 4001), [0.0]])
        half = width
    return best


def penalties_to_check():
    pens = []
    for lam in (0.05, 0.7, 3.0):
        pens += [Lp(p, lam) for p in P_VALUES]
        pens += [L2(lam), L1(lam), L0(lam), ElasticNet(lam, 0.5 * lam), ElasticNet(0.3, lam)]
    return pens


@pytest.mark.parametrize("pen", penalties_to_check(), ids=repr)
@pytest.mark.parametrize("step", [0.1, 1.0, 2.5])
def test_prox_is_the_global_minimiser(pen, step):
    zs = list(np.linspace(-4, 4, 33))
    thr = pen.threshold(step)
    if thr > 0:  # probe both sides of every threshold, closely
        for r in (1 - 1e-2, 1 - 1e-5, 1 + 1e-5, 1 + 1e-2, 1.19 / 1.5, 1.3 / 1.5):
            zs += [r * thr, -r * thr]
    worst = 0.0
    for z in zs:
        x = float(pen.prox(z, step))
        got = prox_objective(pen, x, z, step)
        ref = brute_force_min(pen, z, step)
        gap = (got - ref) / max(abs(ref), 1e-12)
        worst = max(worst, gap)
    assert worst <= 1e-9, f"worst relative gap {worst:.3g}"


@pytest.mark.parametrize("lam", [0.1, 1.0, 4.0])
@pytest.mark.parametrize("step", [0.3, 1.0])
def test_half_thresholding_jumps_at_its_threshold(lam, step):
    t = step * lam
    pen = Lp(0.5, lam)
    thr = 1.5 * t ** (2 / 3)
    assert pen.threshold(step) == pytest.approx(thr, rel=1e-14)
    assert pen.prox(thr * (1 - 1e-9), step) == 0.0
    assert pen.prox(thr * (1 + 1e-9), step) == pytest.approx(t ** (2 / 3), rel=1e-6)
    # a nonzero stationary point exists from about 1.19 t^(2/3), but 0 is still the minimum there
    assert pen.prox(1.25 * t ** (2 / 3), step) == 0.0
    x = 1.25 * t ** (2 / 3)
    u = np.linspace(1e-9, x, 200001)
    assert np.any(np.diff(np.sign(u - x + t * 0.5 / np.sqrt(u))) != 0)  # stationary point


@pytest.mark.parametrize("p", [0.3, 2 / 3, 0.8])
def test_general_p_below_one_jump_matches_formula(p):
    t = 0.9
    x_tau = (2 * t * (1 - p)) ** (1 / (2 - p))
    tau = (2 - p) / (2 * (1 - p)) * x_tau
    pen = Lp(p, 0.9)
    assert pen.threshold(1.0) == pytest.approx(tau, rel=1e-14)
    assert pen.prox(tau * (1 - 1e-9)) == 0.0
    assert pen.prox(tau * (1 + 1e-9)) == pytest.approx(x_tau, rel=1e-4)


def test_closed_forms():
    z = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(L2(0.5).prox(z, 2.0), z / 3.0, rtol=1e-15)
    np.testing.assert_array_equal(L1(0.5).prox(z, 2.0), np.sign(z) * np.maximum(np.abs(z) - 1, 0))
    np.testing.assert_array_equal(L0(1.0).prox(z, 0.5), np.where(np.abs(z) > 1.0, z, 0.0))
    np.testing.assert_allclose(
        ElasticNet(0.5, 0.25).prox(z, 2.0), np.sign(z) * np.maximum(np.abs(z) - 1, 0) / 2.0
    )
    # the lecture's form: w' - min(lam, |w'|) * sign(w') is the soft threshold
    lecture = z - np.minimum(1.0, np.abs(z)) * np.sign(z)
    np.testing.assert_array_equal(soft_threshold(z, 1.0), lecture)


# --- gradients against autograd ---------------------------------------------------------------
def torch_oracle(pen, w):
    if isinstance(pen, Lp):
        return pen.lam * w.abs() ** pen.p
    if isinstance(pen, L2):
        return pen.lam * w**2
    if isinstance(pen, L1):
        return pen.lam * w.abs()
    if isinstance(pen, ElasticNet):
        return pen.l1 * w.abs() + pen.l2 * w**2
    raise TypeError(pen)


GRAD_PENALTIES = [Lp(p, 0.7) for p in P_VALUES] + [L2(0.7), L1(0.7), ElasticNet(0.4, 0.3)]


@pytest.mark.parametrize("pen", GRAD_PENALTIES, ids=repr)
def test_grad_matches_autograd(pen):
    rng = np.random.default_rng(0)
    w_np = rng.normal(size=200) * np.logspace(-4, 1, 200)
    w = torch.tensor(w_np, dtype=torch.float64, requires_grad=True)
    torch_oracle(pen, w).sum().backward()
    np.testing.assert_allclose(pen.grad(w_np), w.grad.numpy(), rtol=1e-12, atol=0)
    # torch in, torch out, same numbers
    g_t = pen.grad(w.detach())
    assert isinstance(g_t, torch.Tensor) and g_t.dtype == torch.float64
    np.testing.assert_allclose(g_t.numpy(), pen.grad(w_np), rtol=1e-14)


@pytest.mark.parametrize("pen", GRAD_PENALTIES + [L0(0.7)], ids=repr)
def test_grad_at_zero_is_zero_and_never_nan(pen):
    w = np.array([0.0, -0.0, 1e-300, -1e-300, 5e-324, 1e-12])
    g = pen.grad(w)
    assert g[0] == 0.0 and g[1] == 0.0
    assert not np.any(np.isnan(g))
    assert not torch.isnan(pen.grad(torch.tensor(w))).any()


def test_autograd_through_value_is_safe_at_zero_for_p_below_one():
    w = torch.tensor([0.0, 0.25, -1.0], dtype=torch.float64, requires_grad=True)
    Lp(0.5, 2.0).total(w).backward()
    assert w.grad[0] == 0.0
    np.testing.assert_allclose(w.grad[1:].numpy(), [2.0 * 0.5 / 0.5, -2.0 * 0.5], rtol=1e-14)
    # the naive expression of the Q&A is NaN there: inf * 0
    v = torch.tensor([0.0], requires_grad=True)
    torch.sqrt(v.abs()).sum().backward()
    assert torch.isnan(v.grad[0])


@pytest.mark.parametrize("pen", penalties_to_check()[:18], ids=repr)
def test_numpy_and_torch_agree(pen):
    z_np = np.linspace(-3, 3, 601)
    z_t = torch.tensor(z_np)
    for method in ("value", "grad"):
        out = getattr(pen, method)(z_t)
        assert isinstance(out, torch.Tensor)
        np.testing.assert_allclose(out.numpy(), getattr(pen, method)(z_np), rtol=1e-13, atol=0)
    out = pen.prox(z_t, 0.7)
    assert isinstance(out, torch.Tensor) and out.dtype == z_t.dtype and out.shape == z_t.shape
    np.testing.assert_allclose(out.numpy(), pen.prox(z_np, 0.7), rtol=1e-12, atol=1e-15)
    f32 = pen.prox(z_t.float(), 0.7)
    assert f32.dtype == torch.float32


def test_scalars_arrays_and_lists_keep_their_kind():
    assert isinstance(L1(1.0).prox(2.0), float | np.floating)
    assert L1(1.0).prox(2.0) == 1.0
    assert isinstance(L1(1.0).prox([2.0, -3.0]), np.ndarray)
    assert Lp(0.7, 1.0).prox(np.zeros((2, 3))).shape == (2, 3)


# --- properties over many inputs --------------------------------------------------------------
penalty_strategy = st.one_of(
    st.builds(Lp, st.sampled_from(P_VALUES + [0.45, 1.2, 4.0]), st.floats(0, 5)),
    st.builds(L2, st.floats(0, 5)),
    st.builds(L1, st.floats(0, 5)),
    st.builds(L0, st.floats(0, 5)),
    st.builds(ElasticNet, st.floats(0, 5), st.floats(0, 5)),
)
finite = st.floats(-50, 50, allow_nan=False, allow_subnormal=False)


@settings(max_examples=300, deadline=None)
@given(pen=penalty_strategy, z=finite, step=st.floats(0, 3))
def test_prox_is_odd_and_shrinks(pen, z, step):
    x = pen.prox(z, step)
    assert pen.prox(-z, step) == -x
    assert abs(x) <= abs(z)
    assert np.sign(x) in (0.0, np.sign(z))


@settings(max_examples=300, deadline=None)
@given(pen=penalty_strategy, z1=finite, z2=finite, step=st.floats(0, 3))
def test_prox_is_nondecreasing(pen, z1, z2, step):
    lo, hi = min(z1, z2), max(z1, z2)
    assert pen.prox(lo, step) <= pen.prox(hi, step)


# --- bad parameters -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: Lp(0.0, 1.0), "p"),
        (lambda: Lp(-1.0, 1.0), "p"),
        (lambda: Lp(math.nan, 1.0), "p"),
        (lambda: Lp(math.inf, 1.0), "p"),
        (lambda: Lp(0.5, -1.0), "lam"),
        (lambda: L2(math.nan), "lam"),
        (lambda: L1(math.inf), "lam"),
        (lambda: L0(-0.1), "lam"),
        (lambda: ElasticNet(-1.0, 1.0), "l1"),
        (lambda: ElasticNet(1.0, math.nan), "l2"),
        (lambda: L1(1.0).prox(1.0, step=-1.0), "step"),
        (lambda: Lp(0.7, 1.0).prox(1.0, step=math.inf), "step"),
        (lambda: L1("a lot"), "lam"),
        (lambda: ElasticNet.from_sklearn(1.0, 1.5), "l1_ratio"),
    ],
)
def test_bad_parameters_raise_clear_errors(make, name):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        make()


# --- ISTA with regviz's prox against scikit-learn ---------------------------------------------
def sparse_problem(seed=0, n=80, d=30):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = np.zeros(d)
    w[:5] = [3.0, -2.0, 1.5, 1.0, -0.5]
    return X, X @ w + 0.3 * rng.normal(size=n)


@pytest.mark.parametrize("alpha", [0.005, 0.05, 0.3])
@pytest.mark.parametrize("accelerated", [True, False])
def test_ista_matches_sklearn_lasso(alpha, accelerated):
    from sklearn.linear_model import Lasso

    X, y = sparse_problem()
    ours = ista(X, y, L1(alpha), accelerated=accelerated, n_iter=50000, tol=1e-13)
    ref = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=200000).fit(X, y)
    assert ours.converged
    np.testing.assert_allclose(ours.w, ref.coef_, atol=1e-4, rtol=0)
    np.testing.assert_array_equal(ours.w == 0, np.abs(ref.coef_) == 0)


@pytest.mark.parametrize(("alpha", "l1_ratio"), [(0.01, 0.2), (0.1, 0.5), (0.5, 0.9)])
def test_ista_matches_sklearn_elastic_net(alpha, l1_ratio):
    from sklearn.linear_model import ElasticNet as SkElasticNet

    X, y = sparse_problem(seed=1)
    ours = ista(X, y, ElasticNet.from_sklearn(alpha, l1_ratio), n_iter=50000, tol=1e-13)
    ref = SkElasticNet(alpha=alpha, l1_ratio=l1_ratio, fit_intercept=False, tol=1e-12,
                       max_iter=200000).fit(X, y)
    np.testing.assert_allclose(ours.w, ref.coef_, atol=1e-4, rtol=0)


def test_math_modules_do_not_import_torch():
    code = (
        "import sys, regviz, regviz.penalties, regviz.landscape, regviz.solvers, regviz.plots;"
        "assert 'torch' not in sys.modules, 'torch was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- group lasso: rows of a weight matrix are the groups ----------------------------------------
def group_rows(rng, n_rows=6, n_in=4):
    """Rows of every kind: long, short, on the threshold's both sides, exactly zero."""
    z = rng.normal(size=(n_rows, n_in))
    z[1] *= 1e-3
    z[2] = 0.0
    return z


def brute_force_group_prox(z_row, t):
    """argmin_x 0.5*||x - z||**2 + t*||x||_2 by a general-purpose minimiser (and x = 0)."""
    from scipy.optimize import minimize

    def objective(x):
        return 0.5 * np.sum((x - z_row) ** 2) + t * np.sqrt(np.sum(x * x))

    best_x, best = np.zeros_like(z_row), objective(np.zeros_like(z_row))
    for start in (z_row, 0.5 * z_row, -z_row + 0.1):
        res = minimize(objective, start, method="Nelder-Mead",
                       options={"xatol": 1e-13, "fatol": 1e-15, "maxiter": 40000,
                                "maxfev": 40000})
        if res.fun < best:
            best_x, best = res.x, res.fun
    return best_x, best


@pytest.mark.parametrize("lam", [0.05, 0.7, 3.0])
@pytest.mark.parametrize("step", [0.1, 1.0, 2.5])
def test_group_lasso_prox_is_the_rowwise_minimiser(lam, step):
    from regviz.penalties import GroupLasso

    pen = GroupLasso(lam)
    t = step * lam
    rng = np.random.default_rng(int(lam * 100 + step * 10))
    z = group_rows(rng, n_in=3)
    z[3] *= t * (1 - 1e-3) / np.linalg.norm(z[3])  # just inside the threshold
    z[4] *= t * (1 + 1e-3) / np.linalg.norm(z[4])  # just outside
    x = pen.prox(z, step)
    assert x.shape == z.shape
    for row_x, row_z in zip(x, z, strict=True):
        _, ref = brute_force_group_prox(row_z, t)
        got = 0.5 * np.sum((row_x - row_z) ** 2) + t * np.linalg.norm(row_x)
        assert got <= ref + 1e-12 * max(1.0, abs(ref)), (row_z, got, ref)
    assert np.all(x[2] == 0) and np.all(x[3] == 0) and np.all(x[4] != 0)
    norms = np.linalg.norm(z, axis=1)
    assert pen.threshold(step) == pytest.approx(t, rel=1e-15)
    np.testing.assert_array_equal(np.all(x == 0, axis=1), norms <= t)


def test_group_lasso_prox_of_one_group_and_of_scalars():
    from regviz.penalties import GroupLasso

    pen = GroupLasso(1.0)
    np.testing.assert_allclose(pen.prox(np.array([3.0, 4.0])), [2.4, 3.2], rtol=1e-15)
    # one weight per group is the soft threshold, whatever the shape
    z = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(pen.prox(z[:, None], 0.5)[:, 0], L1(1.0).prox(z, 0.5),
                               rtol=1e-15, atol=1e-15)
    assert pen.prox(2.5, 1.0) == 1.5
    # a conv weight (out, in, kh, kw): a group is one output channel's filter
    rng = np.random.default_rng(0)
    w = rng.normal(size=(4, 2, 3, 3))
    flat = pen.prox(w.reshape(4, -1), 2.0)
    np.testing.assert_allclose(pen.prox(w, 2.0), flat.reshape(w.shape), rtol=1e-15)
    assert pen.value(w).shape == (4,)


def test_group_lasso_prox_against_pyproximal():
    pyproximal = pytest.importorskip("pyproximal")
    from regviz.penalties import GroupLasso

    rng = np.random.default_rng(3)
    z = group_rows(rng, n_rows=40, n_in=7)
    z[5:15] *= 0.2
    for lam, step in ((0.3, 1.0), (1.0, 0.7), (2.0, 2.0)):
        ours = GroupLasso(lam).prox(z, step)
        # pyproximal's L21 groups the columns of an (ndim, N) matrix stacked row by row
        peer = pyproximal.L21(ndim=z.shape[1], sigma=lam)
        theirs = peer.prox(z.T.ravel(), step).reshape(z.shape[1], z.shape[0]).T
        np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=1e-15)
        assert peer(z.T.ravel()) == pytest.approx(float(GroupLasso(lam).total(z)), rel=1e-13)


def test_group_lasso_grad_matches_autograd_and_is_zero_on_zero_rows():
    from regviz.penalties import GroupLasso

    pen = GroupLasso(0.7)
    rng = np.random.default_rng(1)
    w_np = group_rows(rng, n_rows=8, n_in=5) * np.logspace(-3, 1, 8)[:, None]
    w_np[2] = 0.0
    w = torch.tensor(w_np, dtype=torch.float64, requires_grad=True)
    (0.7 * torch.linalg.vector_norm(w[[0, 1, 3, 4, 5, 6, 7]], dim=1)).sum().backward()
    np.testing.assert_allclose(pen.grad(w_np), w.grad.numpy(), rtol=1e-12, atol=0)
    assert np.all(pen.grad(w_np)[2] == 0)
    # autograd through value: the same gradient, and 0 (not NaN) on the zero row
    v = torch.tensor(w_np, requires_grad=True)
    pen.total(v).backward()
    np.testing.assert_allclose(v.grad.numpy(), pen.grad(w_np), rtol=1e-14)
    assert not torch.isnan(v.grad).any()
    # one group (a 1-D array) that is exactly 0
    g1 = GroupLasso(2.0).grad(np.array([0.0, 0.0, 0.0]))
    np.testing.assert_array_equal(g1, 0.0)


def test_group_lasso_numpy_and_torch_agree():
    from regviz.penalties import GroupLasso

    pen = GroupLasso(0.9)
    rng = np.random.default_rng(2)
    z_np = group_rows(rng, n_rows=30, n_in=6)
    z_t = torch.tensor(z_np)
    for method in ("value", "grad"):
        out = getattr(pen, method)(z_t)
        assert isinstance(out, torch.Tensor)
        np.testing.assert_allclose(out.numpy(), getattr(pen, method)(z_np), rtol=1e-13, atol=0)
    out = pen.prox(z_t, 0.7)
    assert isinstance(out, torch.Tensor) and out.dtype == z_t.dtype and out.shape == z_t.shape
    np.testing.assert_allclose(out.numpy(), pen.prox(z_np, 0.7), rtol=1e-13, atol=1e-15)
    assert pen.prox(z_t.float(), 0.7).dtype == torch.float32
    assert isinstance(pen.prox(z_np, 0.7), np.ndarray)
    assert isinstance(pen.value(np.ones(3)), np.floating)
    assert not pen.elementwise and L1(1.0).elementwise


@settings(max_examples=200, deadline=None)
@given(lam=st.floats(0, 5), step=st.floats(0, 3),
       z=st.lists(finite, min_size=1, max_size=6))
def test_group_lasso_prox_keeps_direction_and_shortens_by_t(lam, step, z):
    from regviz.penalties import GroupLasso

    z = np.array(z)
    x = GroupLasso(lam).prox(z, step)
    nz, nx, t = np.linalg.norm(z), np.linalg.norm(x), step * lam
    assert nx == pytest.approx(max(nz - t, 0.0), rel=1e-12, abs=1e-12)
    if nx > 0:
        np.testing.assert_allclose(x * nz, z * nx, rtol=1e-10, atol=1e-10 * nz * nx)


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, "a lot", True])
def test_group_lasso_bad_lambda_names_lam(bad):
    from regviz.penalties import GroupLasso

    with pytest.raises(ValueError, match=r"^lam must be"):
        GroupLasso(bad)
    with pytest.raises(ValueError, match=r"^step must be"):
        GroupLasso(1.0).prox(np.ones((2, 2)), step=-0.5)


# --- array_kernels: the loops' unchecked path gives the public methods' numbers
@pytest.mark.parametrize("pen", [L1(0.3), L2(0.2), Lp(0.5, 1.0), Lp(1.5, 0.4), L0(0.1),
                                 ElasticNet(0.3, 0.5), GroupLasso(0.2)], ids=repr)
def test_array_kernels_give_the_public_methods_numbers(pen):
    from regviz.penalties import array_kernels

    total, grad, prox = array_kernels(pen)
    rng = np.random.default_rng(0)
    for w in (rng.normal(size=(4, 5)), np.array([0.0, 1e-300, -0.2, 3.0]), np.float64(0.7)):
        if isinstance(pen, GroupLasso) and np.ndim(w) == 0:
            continue
        assert np.array_equal(total(np.asarray(w)), pen.total(w))
        assert np.array_equal(grad(np.asarray(w)), pen.grad(w))
        assert np.array_equal(prox(np.asarray(w), 0.37), pen.prox(w, step=0.37))


@pytest.mark.parametrize("pen, text", [
    (L1(10 ** -1.5), "L1(lam=0.0316)"),
    (Lp(0.5, 10 ** -1.5), "Lp(p=0.5, lam=0.0316)"),
    (ElasticNet(10 ** -1.5, 0.5), "ElasticNet(l1=0.0316, l2=0.5)"),
    (GroupLasso(10 ** -1.5), "GroupLasso(lam=0.0316)"),
])
def test_str_is_short_and_repr_exact(pen, text):
    # a log slider's λ (10 ** -1.5) printed in a readout: three digits, not seventeen
    assert str(pen) == text
    assert eval(repr(pen)) == pen  # noqa: S307  (repr keeps every digit)
