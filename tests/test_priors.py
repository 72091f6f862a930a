"""regviz.priors against independent math: quadrature, closed forms, brute-force maximisation."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from regviz.penalties import L1, L2, Lp
from regviz.plots.priors import (
    PRIOR_W,
    YBARS,
    map_readout,
    nice_top,
    plot_map_vs_scale,
    plot_map_vs_ybar,
    plot_neg_log_prior,
    plot_posterior,
    plot_priors,
    unit_variance_priors,
)
from regviz.priors import (
    GeneralizedGaussian,
    gaussian,
    lam_for_loss,
    laplace,
    likelihood,
    log_likelihood,
    map_estimate,
    neg_log_posterior,
    posterior_density,
    posterior_mean,
    zero_threshold,
)

P_VALUES = [0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0]
B_VALUES = [0.05, 0.3, 1.0, 4.0, 10.0]


def quad_all(f, **kw):
    """Integral of f over the real line, split at 0 (where the prior has its kink / cusp)."""
    opts = {"limit": 500, "epsabs": 0, "epsrel": 1e-12, **kw}
    return integrate.quad(f, -np.inf, 0, **opts)[0] + integrate.quad(f, 0, np.inf, **opts)[0]


# --- the prior ---------------------------------------------------------------------------------
@pytest.mark.parametrize("p", P_VALUES)
@pytest.mark.parametrize("b", B_VALUES)
def test_normalizer_matches_quadrature(p, b):
    prior = GeneralizedGaussian(p, b)
    z_num = quad_all(lambda w: math.exp(-abs(w) ** p / b))
    assert prior.normalizer == pytest.approx(z_num, rel=1e-8)
    assert prior.normalizer == pytest.approx(2 * b ** (1 / p) * math.gamma(1 + 1 / p), rel=1e-13)
    assert quad_all(lambda w: float(prior.density(w))) == pytest.approx(1.0, rel=1e-8)


@pytest.mark.parametrize("p", [0.5, 1.0, 2.0, 3.0])
def test_normalizer_matches_a_fine_trapezoid(p):
    prior = GeneralizedGaussian(p, 0.7)
    half = 60.0 if p >= 1 else 4000.0  # heavy tails for p < 1
    w = np.concatenate([-np.geomspace(half, 1e-12, 200001), [0.0], np.geomspace(1e-12, half,
                                                                                 200001)])
    trap = np.sum(0.5 * (np.exp(-np.abs(w[1:]) ** p / 0.7) + np.exp(-np.abs(w[:-1]) ** p / 0.7))
                  * np.diff(w))
    assert prior.normalizer == pytest.approx(trap, rel=1e-6)


def test_special_cases_lecture_laplace_and_gaussian():
    # the lecture's Laplace prior: 1/(2b) exp(-|w|/b)
    lap = laplace(0.3)
    assert lap.p == 1 and lap.normalizer == pytest.approx(0.6, rel=1e-15)
    w = np.linspace(-2, 2, 41)
    np.testing.assert_allclose(lap.density(w), np.exp(-np.abs(w) / 0.3) / 0.6, rtol=1e-13)
    # the Gaussian N(0, s^2) is p = 2, b = 2 s^2: same density as scipy's
    g = gaussian(0.8)
    assert g.p == 2 and g.b == pytest.approx(2 * 0.64)
    np.testing.assert_allclose(g.density(w), stats.norm.pdf(w, scale=0.8), rtol=1e-13)
    assert g.variance == pytest.approx(0.64, rel=1e-13) and g.std == pytest.approx(0.8)
    assert g.penalty.p == 2 and g.penalty.lam == pytest.approx(1 / (2 * 0.64), rel=1e-15)
    assert g.name == "Gaussian" and lap.name == "Laplace"
    assert GeneralizedGaussian(0.5, 1).name == "generalized Gaussian"


@pytest.mark.parametrize("p", [0.4, 1.0, 2.0, 3.0])
@pytest.mark.parametrize("b", [0.2, 1.0, 5.0])
def test_variance_matches_quadrature_and_from_std_inverts_it(p, b):
    prior = GeneralizedGaussian(p, b)
    var = quad_all(lambda w: w * w * float(prior.density(w)))
    assert prior.variance == pytest.approx(var, rel=1e-7)
    back = GeneralizedGaussian.from_std(p, prior.std)
    assert back.b == pytest.approx(b, rel=1e-12)


def test_unit_variance_priors_and_the_heavier_peak_below_p_1():
    priors = unit_variance_priors(0.5)
    assert [pr.p for pr in priors.values()] == [2.0, 1.0, 0.5]
    for pr in priors.values():
        assert pr.variance == pytest.approx(1.0, rel=1e-12)
    peaks = [float(pr.density(0.0)) for pr in priors.values()]
    assert peaks[0] < peaks[1] < peaks[2]  # the smaller p, the taller the peak at 0
    tails = [float(pr.density(5.0)) for pr in priors.values()]
    assert tails[0] < tails[1] < tails[2]  # ... and the heavier the tails


@pytest.mark.parametrize("p", P_VALUES)
@pytest.mark.parametrize("b", B_VALUES)
def test_negative_log_prior_is_the_lp_penalty_plus_the_constant(p, b):
    prior = GeneralizedGaussian(p, b)
    w = np.linspace(-5, 5, 1001)
    const = math.log(2 * b ** (1 / p) * math.gamma(1 + 1 / p))
    assert prior.lam == 1 / b and prior.penalty == Lp(p, lam=1 / b)
    np.testing.assert_allclose(prior.neg_log_density(w), Lp(p, lam=1 / b).value(w) + const,
                               rtol=1e-12, atol=1e-12)
    dens = prior.density(w)
    seen = dens > 1e-300  # -log of an underflowed density is inf
    np.testing.assert_allclose(-np.log(dens[seen]), prior.neg_log_density(w)[seen], rtol=1e-10,
                               atol=1e-12)
    np.testing.assert_allclose(prior.log_density(w), -prior.neg_log_density(w), rtol=0, atol=0)
    assert prior.log_normalizer == pytest.approx(const, rel=1e-13, abs=1e-14)


def test_gaussian_gives_l2_and_laplace_gives_l1():
    w = np.linspace(-3, 3, 61)
    g, lap = GeneralizedGaussian(2, 0.4), GeneralizedGaussian(1, 0.4)
    np.testing.assert_allclose(g.neg_log_density(w) - g.log_normalizer, L2(2.5).value(w),
                               rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(lap.neg_log_density(w) - lap.log_normalizer, L1(2.5).value(w),
                               rtol=1e-13, atol=1e-15)


@settings(max_examples=200, deadline=None)
@given(p=st.floats(0.1, 6.0), b=st.floats(1e-3, 1e3), w=st.floats(-50, 50))
def test_neg_log_minus_penalty_is_the_constant(p, b, w):
    prior = GeneralizedGaussian(p, b)
    value = float(prior.penalty.value(w))
    gap = float(prior.neg_log_density(w)) - value
    assert gap == pytest.approx(prior.log_normalizer, abs=1e-9 + 1e-15 * value)


def test_scalars_stay_scalars_and_arrays_keep_their_shape():
    prior = GeneralizedGaussian(1.0, 1.0)
    assert np.ndim(prior.density(0.5)) == 0
    assert prior.density(np.zeros((2, 3))).shape == (2, 3)
    assert np.ndim(map_estimate(prior, 0.5)) == 0
    assert posterior_mean(prior, np.zeros((2, 2))).shape == (2, 2)


@pytest.mark.parametrize("bad", [{"p": 0}, {"p": -1}, {"b": 0}, {"b": -2}, {"b": float("nan")},
                                 {"p": "two"}])
def test_bad_prior_parameters_are_refused(bad):
    with pytest.raises(ValueError, match="must be"):
        GeneralizedGaussian(**{"p": 1.0, "b": 1.0, **bad})


@pytest.mark.parametrize("bad", [{"n": 0}, {"n": 1.5}, {"n": True}, {"sigma": 0}, {"sigma": -1}])
def test_bad_data_parameters_are_refused(bad):
    with pytest.raises(ValueError, match="must be"):
        map_estimate(laplace(1.0), 0.3, **{"sigma": 1.0, "n": 1, **bad})


# --- likelihood and posterior -----------------------------------------------------------------
def test_log_likelihood_is_the_gaussian_of_the_mean():
    w = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(log_likelihood(w, 0.3, sigma=0.5, n=4),
                               stats.norm.logpdf(0.3, loc=w, scale=0.25), rtol=1e-13)
    np.testing.assert_allclose(likelihood(w, 0.3, sigma=0.5, n=4),
                               stats.norm.pdf(0.3, loc=w, scale=0.25), rtol=1e-12)


def test_the_mean_carries_all_the_information_about_w():
    # log p(y_1..n | w) - log N(ybar; w, sigma^2/n) does not depend on w
    rng = np.random.default_rng(0)
    y = rng.normal(0.4, 0.7, size=12)
    w = np.linspace(-1, 2, 31)
    full = stats.norm.logpdf(y[None, :], loc=w[:, None], scale=0.7).sum(axis=1)
    diff = full - log_likelihood(w, y.mean(), sigma=0.7, n=12)
    assert np.ptp(diff) < 1e-10


def brute_map(prior, ybar, sigma, n, half_width=4.0):
    """Maximise the log posterior, written out here, on a grid (with 0 exactly), then on a
    grid 100 times finer around the best point. Returns the maximiser and the coarse grid."""

    def log_post(w):
        return -0.5 * n * (w - ybar) ** 2 / sigma**2 - np.abs(w) ** prior.p / prior.b

    w = np.concatenate([np.linspace(ybar - half_width, ybar + half_width, 40001), [0.0]])
    lp = log_post(w)
    best = w[np.argmax(lp)]
    fine = np.concatenate([np.linspace(best - 4e-4, best + 4e-4, 4001), [0.0]])
    return fine[np.argmax(log_post(fine))], w, lp


@pytest.mark.parametrize("p", [0.5, 0.75, 1.0, 1.5, 2.0, 3.0])
@pytest.mark.parametrize("b", [0.1, 0.5, 2.0])
@pytest.mark.parametrize(("sigma", "n"), [(1.0, 1), (0.5, 4), (2.0, 20)])
def test_map_is_the_brute_force_maximiser_of_the_posterior(p, b, sigma, n):
    prior = GeneralizedGaussian(p, b)
    thr = zero_threshold(prior, sigma=sigma, n=n)
    for ybar in np.linspace(-2.3, 2.3, 24):
        if thr > 0 and abs(abs(ybar) - thr) < 1e-3:
            continue  # on the jump threshold of p < 1 both modes tie
        w_brute, w, log_post = brute_map(prior, ybar, sigma, n)
        w_map = float(map_estimate(prior, ybar, sigma=sigma, n=n))
        assert w_map == pytest.approx(w_brute, abs=1e-6), ybar
        # and the MAP's log posterior is at least the grid's best
        lp_map = -0.5 * n * (w_map - ybar) ** 2 / sigma**2 - abs(w_map) ** p / b
        assert lp_map >= log_post.max() - 1e-12
        # neg_log_posterior is the same function, up to a constant
        diff = neg_log_posterior(w[::400], prior, ybar, sigma=sigma, n=n) + log_post[::400]
        assert np.ptp(diff) < 1e-9


@pytest.mark.parametrize("b", [0.05, 0.3, 1.0, 3.0])
@pytest.mark.parametrize(("sigma", "n"), [(1.0, 1), (0.3, 7), (2.0, 50)])
def test_laplace_map_is_exactly_zero_iff_the_data_is_weak(b, sigma, n):
    prior = laplace(b)
    thr = sigma**2 / (n * b)
    assert zero_threshold(prior, sigma=sigma, n=n) == pytest.approx(thr, rel=1e-15)
    weak = thr * np.array([-0.999, -0.5, -1e-6, 0.0, 1e-6, 0.3, 0.999])
    edge = zero_threshold(prior, sigma=sigma, n=n)  # thr up to rounding: the edge itself
    weak = np.concatenate([weak, [-edge, edge]])
    assert np.all(map_estimate(prior, weak, sigma=sigma, n=n) == 0.0)  # exactly, not nearly
    strong = thr * np.array([-3.0, -1.001, 1.001, 1.5, 10.0])
    got = map_estimate(prior, strong, sigma=sigma, n=n)
    np.testing.assert_allclose(got, np.sign(strong) * (np.abs(strong) - thr), rtol=1e-12)
    assert np.all(got != 0)
    # the MAP is the L1 proximal operator at ybar with step sigma^2 / n
    ys = np.linspace(-3, 3, 101)
    np.testing.assert_array_equal(map_estimate(prior, ys, sigma=sigma, n=n),
                                  L1(1 / b).prox(ys, step=sigma**2 / n))


@pytest.mark.parametrize("b", [0.01, 0.3, 3.0])
def test_gaussian_map_shrinks_and_is_never_zero(b):
    prior = GeneralizedGaussian(2.0, b)
    ys = np.concatenate([np.linspace(-3, 3, 100), [1e-8, -1e-8]])
    got = map_estimate(prior, ys, sigma=0.7, n=3)
    np.testing.assert_allclose(got, ys / (1 + 2 * 0.49 / (3 * b)), rtol=1e-13)
    assert np.all(got != 0) and np.all(np.abs(got) < np.abs(ys))
    assert zero_threshold(prior, sigma=0.7, n=3) == 0.0


def test_map_moves_towards_the_data_as_the_prior_widens():
    bs = np.geomspace(0.01, 100, 60)
    for p in (0.5, 1.0, 2.0):
        maps = np.array([float(map_estimate(GeneralizedGaussian(p, b), 0.8)) for b in bs])
        assert np.all(np.diff(maps) >= 0) and maps[0] == pytest.approx(0, abs=0.02)
        assert maps[-1] == pytest.approx(0.8, abs=0.02)
    # Laplace: exactly 0 for b <= sigma^2 / (n |ybar|) = 1.25
    lap = np.array([float(map_estimate(laplace(b), 0.8)) for b in bs])
    assert np.all(lap[bs <= 1.25] == 0) and np.all(lap[bs > 1.25] > 0)


def laplace_posterior_mean(ybar, b, sigma, n):
    """Closed form, in 60-digit arithmetic: the Laplace posterior is a mixture of two truncated
    normals, N(y - v/b, v) on w > 0 and N(y + v/b, v) on w < 0 (v = sigma^2 / n)."""
    mp = mpmath.mp.clone()
    mp.dps = 60
    y, b, v = mp.mpf(ybar), mp.mpf(b), mp.mpf(sigma) ** 2 / n
    s = mp.sqrt(v)

    def cdf(x):
        return mp.erfc(-x / mp.sqrt(2)) / 2

    def pdf(x):
        return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)

    m_pos, m_neg = y - v / b, y + v / b
    mass_pos = mp.exp(-y / b) * cdf(m_pos / s)  # common factors dropped
    mass_neg = mp.exp(y / b) * cdf(-m_neg / s)
    mean_pos = m_pos + s * pdf(m_pos / s) / cdf(m_pos / s)
    mean_neg = m_neg - s * pdf(m_neg / s) / cdf(-m_neg / s)
    return float((mass_pos * mean_pos + mass_neg * mean_neg) / (mass_pos + mass_neg))


@pytest.mark.parametrize("b", [0.001, 0.01, 0.1, 1.0, 10.0])
@pytest.mark.parametrize(("sigma", "n"), [(1.0, 1), (0.5, 10)])
def test_posterior_means_match_closed_forms(b, sigma, n):
    ys = np.array([-2.2, -0.7, -0.05, 0.0, 0.02, 0.4, 1.3, 2.5])
    got = posterior_mean(laplace(b), ys, sigma=sigma, n=n)
    want = [laplace_posterior_mean(y, b, sigma, n) for y in ys]
    np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-300)
    # Gaussian prior: the posterior is Gaussian, its mean is the MAP
    g = GeneralizedGaussian(2.0, b)
    np.testing.assert_allclose(posterior_mean(g, ys, sigma=sigma, n=n),
                               map_estimate(g, ys, sigma=sigma, n=n), rtol=1e-8, atol=1e-300)


@pytest.mark.parametrize("p", [0.5, 1.0, 1.5, 3.0])
@pytest.mark.parametrize("b", [0.1, 1.0])
def test_posterior_mean_and_density_match_quadrature(p, b):
    prior = GeneralizedGaussian(p, b)
    for ybar, sigma, n in ((0.3, 1.0, 1), (1.2, 0.5, 5), (-2.0, 0.2, 3)):
        s = sigma / math.sqrt(n)
        pts = sorted({0.0, ybar, float(map_estimate(prior, ybar, sigma=sigma, n=n))})
        lo, hi = min(0, ybar) - 12 * s, max(0, ybar) + 12 * s

        def log_q(w, ybar=ybar, sigma=sigma, n=n):
            return -0.5 * n * (w - ybar) ** 2 / sigma**2 - abs(w) ** p / b

        top = max(log_q(x) for x in pts)
        opts = {"points": pts, "limit": 2000, "epsabs": 0, "epsrel": 1e-12}
        mass = integrate.quad(lambda w, t=top: math.exp(log_q(w) - t), lo, hi, **opts)[0]
        first = integrate.quad(lambda w, t=top: w * math.exp(log_q(w) - t), lo, hi, **opts)[0]
        assert float(posterior_mean(prior, ybar, sigma=sigma, n=n)) == pytest.approx(
            first / mass, rel=1e-8)
        ws = np.array(pts + [ybar + s, -0.5])
        want = np.exp(np.array([log_q(w) for w in ws]) - top) / mass
        np.testing.assert_allclose(posterior_density(ws, prior, ybar, sigma=sigma, n=n), want,
                                   rtol=1e-8)


def test_laplace_posterior_mean_is_never_exactly_zero_where_the_map_is():
    prior = laplace(0.5)
    ys = np.array([-1.9, -0.8, -0.1, -1e-4, 1e-4, 0.05, 0.5, 1.9])  # all with |ybar| <= 2
    assert np.all(map_estimate(prior, ys) == 0.0)
    means = posterior_mean(prior, ys)
    assert np.all(means != 0) and np.all(np.sign(means) == np.sign(ys))
    assert np.all(np.abs(means) < np.abs(ys))
    assert posterior_mean(prior, 0.0) == 0.0  # by symmetry, only at ybar = 0


def test_posterior_mean_is_accurate_for_a_very_narrow_prior():
    # b = 0.001, p = 1/2: the prior's scale is b^2 = 1e-6; the mean is about ybar * Var(prior)
    prior = GeneralizedGaussian(0.5, 0.001)
    got = float(posterior_mean(prior, 0.05))
    assert got == pytest.approx(0.05 * prior.variance, rel=1e-3)


@pytest.mark.parametrize("b", [0.2, 1.0])
def test_lam_for_loss_gives_the_map_for_each_loss_scaling(b):
    rng = np.random.default_rng(3)
    sigma, n = 0.6, 9
    y = rng.normal(0.25, sigma, size=n)
    w = np.concatenate([np.linspace(-1, 1.5, 250001), [0.0]])
    sq = ((y[None, :] - w[:, None]) ** 2).sum(axis=1)
    losses = {"nll": sq / (2 * sigma**2), "half_mse": sq / (2 * n), "mse": sq / n}
    for p in (1.0, 2.0):
        want = float(map_estimate(GeneralizedGaussian(p, b), y.mean(), sigma=sigma, n=n))
        for name, data in losses.items():
            lam = lam_for_loss(b, sigma=sigma, n=n, loss=name)
            got = w[np.argmin(data + lam * np.abs(w) ** p)]
            assert got == pytest.approx(want, abs=2e-5), (name, p)
    assert lam_for_loss(b, sigma=sigma, n=n) == 1 / b
    assert lam_for_loss(b, sigma=sigma, n=n, loss="mse") == pytest.approx(2 * sigma**2 / (n * b))
    with pytest.raises(ValueError, match="loss must be one of"):
        lam_for_loss(b, loss="cross-entropy")


# --- plots -------------------------------------------------------------------------------------
def test_plot_priors_and_neg_logs_draw_the_right_curves():
    priors = unit_variance_priors()
    dens = plot_priors(priors)
    nl = plot_neg_log_prior(priors)
    for name, prior in priors.items():
        np.testing.assert_array_equal(dens[name].get_xdata(), PRIOR_W)
        np.testing.assert_allclose(dens[name].get_ydata(), prior.density(PRIOR_W))
        np.testing.assert_allclose(nl[name].get_ydata(), prior.neg_log_density(PRIOR_W))
        np.testing.assert_allclose(nl[name + " penalty"].get_ydata(),
                                   prior.penalty.value(PRIOR_W))
    assert "Gaussian (p = 2)" in dens and "p = 0.5" in dens
    assert "penalty" not in "".join(plot_neg_log_prior(priors, show_penalty=False))


@pytest.mark.parametrize(("p", "ybar"), [(1.0, 0.7), (1.0, 1.6), (2.0, 0.7), (0.5, 0.9)])
def test_plot_posterior(p, ybar):
    prior = GeneralizedGaussian(p, 1.0)
    out = plot_posterior(prior, ybar)
    np.testing.assert_allclose(out["posterior"].get_ydata(), posterior_density(PRIOR_W, prior,
                                                                               ybar))
    np.testing.assert_allclose(out["likelihood"].get_ydata(), likelihood(PRIOR_W, ybar))
    np.testing.assert_allclose(out["prior"].get_ydata(), prior.density(PRIOR_W))
    assert out["map"].get_xdata()[0] == map_estimate(prior, ybar)
    assert out["mean"].get_xdata()[0] == pytest.approx(float(posterior_mean(prior, ybar)))
    zero = map_estimate(prior, ybar) == 0
    assert out["title"].get_text().startswith("MAP = exactly 0") == zero
    ax = out["posterior"].axes
    assert ax.get_ylim()[1] >= max(out["posterior"].get_ydata().max(),
                                   out["prior"].get_ydata().max())


def test_plot_posterior_scaled_peaks_at_one():
    prior = GeneralizedGaussian(0.5, 0.5)
    out = plot_posterior(prior, 1.2, n=3, scaled=True)
    post = out["posterior"].get_ydata()
    unscaled = posterior_density(PRIOR_W, prior, 1.2, n=3)
    np.testing.assert_allclose(post / unscaled, (post / unscaled)[0], rtol=1e-9)
    assert out["map"].get_ydata()[0] == 1.0 and post.max() <= 1.0
    assert out["likelihood"].get_ydata().max() == pytest.approx(1.0, abs=1e-4)
    assert out["prior"].get_ydata().max() == 1.0  # at w = 0
    assert out["posterior"].axes.get_ylim() == (0.0, 1.12)


def test_plot_map_vs_ybar_and_vs_scale():
    out = plot_map_vs_ybar(current=0.5)
    np.testing.assert_allclose(out["map 0"].get_ydata(), YBARS / 3)  # Gaussian, b = 1
    np.testing.assert_allclose(out["map 1"].get_ydata(), L1(1.0).prox(YBARS))  # Laplace
    np.testing.assert_allclose(out["mean 1"].get_ydata(), posterior_mean(laplace(1.0), YBARS))
    assert np.all(np.isnan(out["thr 0"].get_xdata()))
    np.testing.assert_allclose(np.asarray(out["thr 1"].get_xdata())[[0, 3]], [-1, 1])
    assert out["current 1"].get_ydata()[0] == 0.0
    # p < 1: the line is broken at the jump, never drawn across it
    jump = plot_map_vs_ybar([GeneralizedGaussian(0.5, 1.0)], show_mean=False)["map 0"]
    assert np.isnan(jump.get_ydata()).sum() == 2
    sc = plot_map_vs_scale(1.0, bs=np.geomspace(0.1, 10, 50))
    lap = sc["p = 1"].get_ydata()
    bs = sc["p = 1"].get_xdata()
    np.testing.assert_allclose(lap, np.maximum(1 - 1 / bs, 0))
    np.testing.assert_allclose(sc["p = 2"].get_ydata(), 1 / (1 + 2 / bs))
    assert sc["laplace_edge"].get_xdata()[0] == 1.0


def test_nice_top_and_readout():
    assert nice_top(0.4) == 0.5 and nice_top(0.9) == 1.0 and nice_top(1.0) == 1.5
    assert nice_top(2.2) == 2.5 and nice_top(2.74) == 4 and nice_top(30) == 40
    for v in np.geomspace(1e-4, 1e4, 200):
        assert 1.1 * v <= nice_top(v) * (1 + 1e-12) <= 1.1 * v * 1.5
    assert map_readout(laplace(1.0), 0.99).startswith("MAP = exactly 0")
    assert "not 0" in map_readout(laplace(1.0), 1.01)
    assert "never exactly 0" in map_readout(gaussian(1.0), 0.01)
    assert map_readout(gaussian(1.0), 0.0).startswith("MAP = exactly 0")
