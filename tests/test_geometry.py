"""regviz.geometry against independent oracles: definitions, closed forms, brute force."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from regviz.geometry import (
    DEFAULT_LOSS,
    QuadraticLoss,
    ball_boundary_2d,
    ball_surface_3d,
    ball_volume,
    check_p,
    chord,
    contact_path,
    contact_point,
    in_ball,
    is_convex,
    line_contact,
    lp_norm,
    n_zeros,
    penalty_multiplier,
    surface_quads,
)

INF = math.inf
PS = [0.1, 0.3, 0.5, 0.8, 1.0, 1.3, 2.0, 3.0, 4.0, 10.0, INF]
SLIDER_PS = [0.1, 0.112, 0.2, 0.316, 0.5, 0.708, 0.891, 1.0, 1.122, 1.259, 1.585, 2.0, 3.0, 4.0,
             5.623, 10.0, INF]


def sum_pow(w, p):
    """The constraint function from its definition: sum |w_i|^p (max |w_i| for p = inf)."""
    a = np.abs(np.asarray(w, dtype=float))
    return a.max(axis=-1) if math.isinf(p) else (a**p).sum(axis=-1)


# --- norms and balls ----------------------------------------------------------------------------
def test_lp_norm_matches_numpy_and_the_definition():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(50, 3))
    for p in (1, 2, 3, INF):
        np.testing.assert_allclose(lp_norm(w, p), np.linalg.norm(w, ord=p, axis=1), rtol=1e-13)
    for p in (0.1, 0.5, 1.7):
        np.testing.assert_allclose(lp_norm(w, p), sum_pow(w, p) ** (1 / p), rtol=1e-12)
    # no overflow / underflow for tiny p: (1 + 1)**(1/0.01) = 2**100
    assert lp_norm([1.0, 1.0], 0.01) == pytest.approx(2.0**100, rel=1e-12)
    assert lp_norm([0.0, 0.0], 0.5) == 0.0
    assert lp_norm(np.zeros((2, 2)), 2, axis=0).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("bad", [0, -1, float("nan"), "one", None, True])
def test_check_p_rejects_with_a_clear_message(bad):
    with pytest.raises(ValueError, match="p must be a number > 0"):
        check_p(bad)
    assert check_p(INF) == INF and check_p(2) == 2.0


def test_bad_radius_and_loss_are_rejected():
    with pytest.raises(ValueError, match="radius must be"):
        ball_boundary_2d(2, radius=0)
    with pytest.raises(ValueError, match="radius must be"):
        contact_point(2, radius=float("inf"))
    with pytest.raises(ValueError, match="scales must be"):
        QuadraticLoss(scales=(1.0, 0.0))
    with pytest.raises(ValueError, match="center must be"):
        QuadraticLoss(center=(1.0, float("nan")))


@pytest.mark.parametrize("p", PS)
@pytest.mark.parametrize("radius", [1.0, 0.4])
def test_2d_boundary_is_on_the_sphere(p, radius):
    x, y = ball_boundary_2d(p, radius=radius, n=800)
    assert x.size == 801 and x[0] == x[-1] and y[0] == y[-1]
    np.testing.assert_allclose(sum_pow(np.c_[x, y] / radius, p), 1.0, rtol=1e-12)
    pts = {(a, b) for a, b in zip(x.tolist(), y.tolist(), strict=True)}
    for tip in ((radius, 0.0), (0.0, radius), (-radius, 0.0), (0.0, -radius)):
        assert tip in pts  # the axis points, exactly
    if math.isinf(p):
        for corner in ((radius, radius), (-radius, radius)):
            assert corner in pts
    # counter-clockwise, and the polygon's area is the ball's (fine sampling)
    xf, yf = ball_boundary_2d(p, radius=radius, n=40001)
    area = 0.5 * np.sum(xf[:-1] * yf[1:] - xf[1:] * yf[:-1])
    assert area == pytest.approx(ball_volume(p, 2, radius=radius), rel=1e-3 if p >= 0.3 else 0.05)


def test_in_ball_is_exact_on_the_axes_and_the_boundary():
    for p in PS:
        assert in_ball([[1.0, 0.0], [0.0, -1.0]], p).all()
        assert not in_ball([1.0 + 1e-12, 0.0], p)
    assert in_ball([0.5, 0.5], 1.0) and not in_ball([0.5, 0.5], 0.99)
    assert in_ball([2.0, 2.0], INF, radius=2.0)


@pytest.mark.parametrize("p", PS)
def test_3d_surface_is_on_the_sphere(p):
    X, Y, Z = ball_surface_3d(p, n_u=48, n_v=24)
    assert X.shape == (25, 49)
    P = np.stack([X, Y, Z], axis=-1).reshape(-1, 3)
    np.testing.assert_allclose(sum_pow(P, p), 1.0, rtol=1e-12)
    for tip in np.eye(3):
        assert np.any(np.all(P == tip, axis=1)) and np.any(np.all(P == -tip, axis=1))
    quads = surface_quads(X, Y, Z)
    assert quads.shape == (48 * 24, 4, 3)
    if math.isinf(p):  # every corner of the cube is a grid point: edges are sharp
        for corner in ((1, 1, 1), (-1, 1, -1), (1, -1, 1)):
            assert np.any(np.all(P == corner, axis=1))


def test_3d_grid_covers_the_sphere():
    """Sampled directions of the sphere all have a surface point nearby (no holes)."""
    rng = np.random.default_rng(1)
    d = rng.normal(size=(300, 3))
    for p in (0.5, 1.0, 2.0, INF):
        P = np.stack(ball_surface_3d(p, n_u=96, n_v=48), axis=-1).reshape(-1, 3)
        target = d / lp_norm(d, p)[:, None]  # points on the surface along random directions
        dist = np.min(np.linalg.norm(target[:, None, :] - P[None, :, :], axis=2), axis=1)
        assert dist.max() < 0.12


def test_volumes():
    assert ball_volume(1, 2) == pytest.approx(2.0)
    assert ball_volume(2, 2) == pytest.approx(math.pi)
    assert ball_volume(INF, 2) == 4.0
    assert ball_volume(1, 3) == pytest.approx(4 / 3)
    assert ball_volume(2, 3, radius=2.0) == pytest.approx(4 / 3 * math.pi * 8)
    assert ball_volume(INF, 3) == 8.0
    # p = 1/2 in 2D by counting grid cells: area 2/3
    g = np.linspace(-1, 1, 2001)
    xx, yy = np.meshgrid(g, g)
    inside = np.sqrt(np.abs(xx)) + np.sqrt(np.abs(yy)) <= 1
    assert inside.mean() * 4 == pytest.approx(ball_volume(0.5, 2), rel=5e-3)
    assert ball_volume(0.5, 2) == pytest.approx(2 / 3)


# --- convexity ----------------------------------------------------------------------------------
@pytest.mark.parametrize("p", SLIDER_PS)
def test_tip_chord_leaves_exactly_below_one(p):
    ch = chord(p)
    assert ch.leaves == (p < 1) == (not is_convex(p))
    assert ch.norms[100] == pytest.approx(2 ** (1 / p - 1), rel=1e-12)
    np.testing.assert_array_equal(ch.points[0], [1, 0])
    np.testing.assert_array_equal(ch.points[-1], [0, 1])
    if p < 1:
        assert not ch.inside[1:-1].any()  # every interior point is outside


@settings(max_examples=200, deadline=None)
@given(
    p=st.sampled_from([1.0, 1.2, 1.5, 2.0, 3.0, 7.0, INF]),
    a=st.tuples(st.floats(-1, 1), st.floats(-1, 1)),
    b=st.tuples(st.floats(-1, 1), st.floats(-1, 1)),
)
def test_chords_stay_inside_convex_balls(p, a, b):
    a = np.array(a) / max(1.0, float(lp_norm(np.array(a), p)))
    b = np.array(b) / max(1.0, float(lp_norm(np.array(b), p)))
    assert chord(p, a, b).max_norm <= 1 + 1e-12


# --- the loss -----------------------------------------------------------------------------------
def test_quadratic_loss_value_gradient_and_level_curve():
    loss = QuadraticLoss(center=(0.3, -1.0), scales=(2.0, 0.5), angle=25.0)
    c, s = math.cos(math.radians(25)), math.sin(math.radians(25))
    u1, u2 = np.array([c, s]), np.array([-s, c])
    rng = np.random.default_rng(2)
    w = rng.normal(size=(20, 2))
    d = w - np.array([0.3, -1.0])
    expected = 0.5 * ((d @ u1) ** 2 / 4.0 + (d @ u2) ** 2 / 0.25)  # from the ellipse's axes
    np.testing.assert_allclose(loss.value(w), expected, rtol=1e-13)
    h = 1e-6
    for i in range(2):
        e = np.zeros(2)
        e[i] = h
        fd = (loss.value(w + e) - loss.value(w - e)) / (2 * h)
        np.testing.assert_allclose(loss.grad(w)[:, i], fd, rtol=1e-6, atol=1e-8)
    x, y = loss.level_curve(0.7)
    np.testing.assert_allclose(loss.value(np.c_[x, y]), 0.7, rtol=1e-12)


# --- the contact point: independent oracles -----------------------------------------------------
def closed_form_polygon(loss, vertices):
    """Minimum of the quadratic over a convex polygon's boundary: each edge in closed form."""
    best, best_w = np.inf, None
    A, c = loss.A, np.array(loss.center)
    for v1, v2 in zip(vertices, np.roll(vertices, -1, axis=0), strict=True):
        d = v2 - v1
        s = np.clip(-(d @ A @ (v1 - c)) / (d @ A @ d), 0.0, 1.0)
        w = v1 + s * d
        if s == 0:
            w = v1.copy()
        elif s == 1:
            w = v2.copy()
        val = 0.5 * (w - c) @ A @ (w - c)
        if val < best:
            best, best_w = val, w
    return best_w


def closed_form_l2(loss, r):
    """KKT: (A + mu I) w = A c with ||w|| = r, mu >= 0 from the secular equation (brentq)."""
    A, c = loss.A, np.array(loss.center)
    def w(mu):
        return np.linalg.solve(A + mu * np.eye(2), A @ c)
    mu = brentq(lambda m: np.linalg.norm(w(m)) - r, 0.0, 1e8, xtol=1e-15, rtol=1e-15)
    return w(mu)


def brute_force(loss, p, r):
    """Smallest loss over a fine grid of the ball plus a dense, differently parametrised boundary.

    The grid contains the axes (0 is a grid value); the boundary is the graph
    |y| = (r^p - |x|^p)^(1/p) over about 90,000 values of |x| (geometric near both ends), which
    follows the thin arms of small p.
    """
    g = np.linspace(-r, r, 801)
    grid = np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)
    grid = grid[sum_pow(grid / r, p) <= 1.0]
    t = np.unique(np.concatenate([np.linspace(0, 1, 50001), np.geomspace(1e-12, 1, 20000),
                                  1 - np.geomspace(1e-12, 1, 20000)]))
    x = r * t
    y = np.full_like(x, r) if math.isinf(p) else r * np.clip(1 - t**p, 0, 1) ** (1 / p)
    quarter = np.c_[x, y]
    if math.isinf(p):
        quarter = np.concatenate([quarter, quarter[:, ::-1]])
    boundary = np.concatenate([quarter * s for s in ([1, 1], [-1, 1], [-1, -1], [1, -1])])
    pts = np.concatenate([grid, boundary])
    values = loss.value(pts)
    i = int(np.argmin(values))
    return pts[i], values[i]


def random_losses(n, seed):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        c = rng.uniform(-3, 3, 2)
        s1 = rng.uniform(0.3, 2.0)
        out.append(QuadraticLoss(center=tuple(c), scales=(s1, s1 * rng.uniform(0.2, 1.0)),
                                 angle=rng.uniform(-90, 90)))
    return out


@pytest.mark.parametrize("p", [0.1, 0.25, 0.5, 0.8, 1.0, 1.5, 2.0, 3.0, 4.0, INF])
@pytest.mark.parametrize("radius", [1.0, 0.6, 1.7])
def test_contact_point_beats_brute_force_of_the_whole_ball(p, radius):
    for loss in [DEFAULT_LOSS, *random_losses(4, seed=int(10 * radius))]:
        con = contact_point(p, loss=loss, radius=radius)
        w_bf, v_bf = brute_force(loss, p, radius)
        scale = max(1.0, abs(v_bf))
        # global: nothing sampled in the ball is below the exact minimum (rounding aside) ...
        assert v_bf >= con.value - 1e-12 * scale
        # ... and the dense samples get within their resolution of it
        assert v_bf <= con.value + 2e-4 * scale
        assert sum_pow(con.point / radius, p) <= 1 + 1e-12  # feasible
        if con.inside:
            np.testing.assert_array_equal(con.point, loss.center)
        else:
            assert sum_pow(con.point / radius, p) == pytest.approx(1.0, abs=1e-12)  # on the sphere
        # the brute-force minimizer is next to the exact one, unless two points nearly tie
        if np.linalg.norm(w_bf - con.point) > 0.02 * radius:
            assert v_bf - con.value < 1e-4 * scale


@settings(max_examples=25, deadline=None)
@given(
    p=st.sampled_from([0.2, 0.5, 0.7, 0.9]),
    cx=st.floats(-3, 3), cy=st.floats(-3, 3),
    s1=st.floats(0.3, 2.0), ratio=st.floats(0.15, 1.0), angle=st.floats(-90, 90),
)
def test_nonconvex_balls_global_minimum(p, cx, cy, s1, ratio, angle):
    """p < 1 has several local minima on the boundary; the answer must be the global one."""
    loss = QuadraticLoss(center=(cx, cy), scales=(s1, s1 * ratio), angle=angle)
    con = contact_point(p, loss=loss)
    # dense boundary sampling (superellipse and graph parametrisations) and the ball's grid
    theta = np.linspace(0, 2 * np.pi, 100001)
    e = 2 / p
    sup = np.c_[np.sign(np.cos(theta)) * np.abs(np.cos(theta)) ** e,
                np.sign(np.sin(theta)) * np.abs(np.sin(theta)) ** e]
    _, v_bf = brute_force(loss, p, 1.0)
    assert min(loss.value(sup).min(), v_bf) >= con.value - 1e-12 * max(1.0, con.value)


def test_closed_forms_l1_l2_linf():
    diamond = np.array([[1.0, 0], [0, 1], [-1, 0], [0, -1]])
    square = np.array([[1.0, 1], [-1, 1], [-1, -1], [1, -1]])
    for loss in [DEFAULT_LOSS, *random_losses(30, seed=7)]:
        for r in (0.5, 1.0, 2.0):
            con1 = contact_point(1.0, loss=loss, radius=r)
            con2 = contact_point(2.0, loss=loss, radius=r)
            coni = contact_point(INF, loss=loss, radius=r)
            if not con1.inside:
                np.testing.assert_allclose(con1.point, closed_form_polygon(loss, r * diamond),
                                           atol=1e-10)
            if not con2.inside:
                np.testing.assert_allclose(con2.point, closed_form_l2(loss, r), atol=1e-10)
            if not coni.inside:
                np.testing.assert_allclose(coni.point, closed_form_polygon(loss, r * square),
                                           atol=1e-10)


@pytest.mark.parametrize("p", [1.1, 1.5, 2.5, 3.0, 4.0, 8.0])
def test_smooth_balls_satisfy_kkt(p):
    """For 1 < p < inf: grad L = -lam * grad(sum |w|^p) with lam >= 0 at the contact point."""
    for loss in [DEFAULT_LOSS, *random_losses(10, seed=3)]:
        con = contact_point(p, loss=loss)
        if con.inside:
            continue
        w = con.point
        g = loss.grad(w)
        h = p * np.sign(w) * np.abs(w) ** (p - 1)
        cross = g[0] * h[1] - g[1] * h[0]
        assert abs(cross) <= 1e-9 * np.linalg.norm(g) * np.linalg.norm(h)
        assert g @ h <= 0  # the loss decreases outwards: the constraint binds
        lam = penalty_multiplier(con, loss=loss)
        np.testing.assert_allclose(g + lam * h, 0.0, atol=1e-8 * np.linalg.norm(g))


def test_notebook_loss_contact_on_the_axis_exactly_for_p_up_to_1():
    for p in SLIDER_PS:
        con = contact_point(p)
        if p <= 1:
            assert con.point.tolist() == [0.0, 1.0]  # exactly: no 1e-17
            assert con.n_zeros == 1
        else:
            assert con.n_zeros == 0 and np.all(con.point > 0)
    assert np.all(contact_point(2.0).point > 0.5)
    assert np.all(contact_point(3.0).point > 0.5) and np.all(contact_point(4.0).point > 0.5)
    assert contact_point(INF).point.tolist() == [1.0, 1.0]  # the square's corner
    # just above 1 the contact is very close to the axis, but not on it
    assert 0 < contact_point(1.059).point[0] < 1e-3
    assert 0 < contact_point(1.01).point[0] < 1e-10


def test_center_inside_the_ball():
    loss = QuadraticLoss(center=(0.2, -0.3))
    for p in (0.5, 1.0, 2.0, INF):
        con = contact_point(p, loss=loss)
        assert con.inside and con.value == 0.0 and con.point.tolist() == [0.2, -0.3]
        assert penalty_multiplier(con, loss=loss) == 0.0 if not math.isinf(p) else True


def test_contact_path_and_n_zeros():
    path = contact_path([0.5, 2.0, INF])
    assert path.shape == (3, 2)
    np.testing.assert_array_equal(path[0], [0, 1])
    assert n_zeros([0.0, -0.0, 1e-300]) == 2


def test_penalty_multiplier_l1_is_the_lecture_rule():
    con = contact_point(1.0)
    lam = penalty_multiplier(con)
    g = DEFAULT_LOSS.grad(con.point)
    assert lam == pytest.approx(-g[1]) and abs(g[0]) < lam  # |dL/dw1| < lam  =>  w1 = 0
    with pytest.raises(ValueError, match="p = inf"):
        penalty_multiplier(contact_point(INF))


def test_same_answer_with_a_finer_grid():
    for loss in random_losses(10, seed=11):
        for p in (0.3, 1.0, 1.7, INF):
            a = contact_point(p, loss=loss).point
            b = contact_point(p, loss=loss, n_grid=20001).point
            np.testing.assert_allclose(a, b, atol=1e-12)


# --- the line -----------------------------------------------------------------------------------
@pytest.mark.parametrize("p", [0.5, 1.0, 1.5, 2.0, 3.0, INF])
@pytest.mark.parametrize("a,b", [((1.0, 2.0), 2.0), ((-3.0, 1.0), 1.5), ((0.5, 0.7, -2.0), 1.0)])
def test_line_contact_is_the_smallest_norm_point(p, a, b):
    a = np.array(a)
    w = line_contact(a, b, p)
    assert a @ w == pytest.approx(b, rel=1e-12)
    # brute force over the line (a plane in 3D): w0 + combinations of directions orthogonal to a
    w0 = b * a / (a @ a)
    basis = np.linalg.svd(a[None, :])[2][1:]
    s = np.linspace(-3, 3, 601 if len(a) == 2 else 241)
    coef = np.stack(np.meshgrid(*([s] * len(basis))), axis=-1).reshape(-1, len(basis))
    pts = w0 + coef @ basis
    assert lp_norm(pts, p).min() >= lp_norm(w, p) - 1e-12
    if p <= 1:
        # the norm has a cusp at the answer, which a grid cannot reach: compare with the
        # line's crossings of the axes, where the minimum of a concave/linear norm sits
        crossings = [b / a_j for a_j in a if a_j != 0]
        assert lp_norm(w, p) == pytest.approx(min(abs(x) for x in crossings), rel=1e-12)
        assert n_zeros(w) == len(a) - 1
    else:
        assert lp_norm(pts, p).min() <= lp_norm(w, p) + 0.02
        assert n_zeros(w) == 0
    with pytest.raises(ValueError, match="nonzero"):
        line_contact((0.0, 0.0), 1.0, p)


def test_p_below_one_picks_the_better_of_two_local_minima():
    """Both tips are local minima along the star's boundary; only one is the global minimum."""
    loss = QuadraticLoss(center=(1.2, 1.3), scales=(1.0, 1.0))
    x, y = ball_boundary_2d(0.5, n=80001)
    values = loss.value(np.c_[x, y])
    tips = {(1.0, 0.0): 0, (0.0, 1.0): 20000}  # indices of the tips on the boundary
    for (tx, ty), i in tips.items():
        assert (x[i], y[i]) == (tx, ty)
        before = values[i - 1] if i else values[-2]  # the curve is closed: [-1] repeats [0]
        assert values[i] < values[i + 1] and values[i] < before  # a local minimum
    assert values[0] > values[20000]  # (1, 0) is only local
    con = contact_point(0.5, loss=loss)
    assert con.point.tolist() == [0.0, 1.0] and con.value == pytest.approx(values[20000])
