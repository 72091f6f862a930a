# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 05 · The Bayesian view: a penalty is a negative log prior
#
# The lecture notes motivate the loss by Bayes' rule: the data term is the probability of the
# data given the weights, the penalty is the probability of the weights. A Gaussian prior gives
# the L2 penalty, a Laplace prior the L1 penalty. This notebook makes that exact, constants
# included, and looks at one weight whose posterior we can draw.
#
# **You will learn**
#
# - Bayes' rule for the weights, and why "loss + penalty" is the MAP estimate;
# - the family of priors $\mu(w) \propto e^{-|w|^p/b}$ (Gaussian $p = 2$, Laplace $p = 1$,
#   spikier for $p < 1$) and its normaliser $Z = 2\,b^{1/p}\,\Gamma(1 + 1/p)$;
# - $-\log\mu(w) = |w|^p / b + \log Z$: the penalty `Lp(p, lam=1/b)` plus a constant;
# - a one-weight posterior whose MAP is a proximal step, exactly 0 under the Laplace prior when
#   the data is weak, $|\bar y| \le \sigma^2/(n b)$;
# - why the posterior *mean* is never 0: sparsity is a property of the MAP, not of the posterior;
# - how $\lambda$ depends on $b$, the noise $\sigma$ and the number of examples $n$.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from regviz import priors
from regviz.penalties import L1, L2, Lp
from regviz.plots.priors import (
    plot_map_vs_scale,
    plot_map_vs_ybar,
    plot_neg_log_prior,
    plot_priors,
    unit_variance_priors,
)
from regviz.widgets.controls import setup_notebook
from regviz.widgets.priors import PosteriorPanel, PriorPanel

setup_notebook()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Bayes' rule for the weights
#
# The lecture notes write, for weights $w$ and data $\mathbf d$,
#
# $$\log \mu_W(w \mid \mathcal D = \mathbf d) = \log \mu_{\mathcal D}(\mathbf d \mid W = w)
# + \log \mu_W(w) - \log \mu_{\mathcal D}(\mathbf d):$$
#
# log posterior = log-likelihood + log prior − log evidence. The evidence
# $\mu_{\mathcal D}(\mathbf d)$ (the lecture's $Z$) does not depend on $w$. So the most probable
# weights, the **MAP** (maximum a posteriori) estimate, are
#
# $$\hat w_{\mathrm{MAP}} = \arg\max_w \mu_W(w \mid \mathbf d)
# = \arg\min_w \Big[\underbrace{-\log \mu_{\mathcal D}(\mathbf d \mid w)}_{\text{data loss}}
# \;\underbrace{-\,\log \mu_W(w)}_{\text{penalty}}\Big].$$
#
# The data loss is a negative log-likelihood: the squared error for Gaussian noise, the
# cross-entropy for a softmax classifier. The penalty is the negative log prior. Which prior
# gives which penalty is the rest of this notebook.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A family of priors
#
# For an exponent $p > 0$ and a scale $b > 0$, the *generalized Gaussian* prior on one weight is
#
# $$\mu(w) = \frac{1}{Z}\exp\left(-\frac{|w|^p}{b}\right), \qquad
# Z = \int_{-\infty}^{\infty} e^{-|w|^p/b}\,dw = 2\,b^{1/p}\,\Gamma\!\left(1 + \frac1p\right).$$
#
# The normaliser: the integrand is even, and on $w > 0$ the substitution $u = w^p/b$,
# $w = (bu)^{1/p}$, $dw = \frac{b^{1/p}}{p} u^{1/p - 1} du$ gives
# $\int_0^\infty e^{-w^p/b}dw = \frac{b^{1/p}}{p}\Gamma(1/p) = b^{1/p}\,\Gamma(1 + 1/p)$.
#
# | $p$ | name | density | variance |
# |---|---|---|---|
# | 2 | Gaussian $\mathcal N(0, s^2)$, $b = 2s^2$ | $\frac{1}{\sqrt{\pi b}}e^{-w^2/b}$ | $b/2$ |
# | 1 | Laplace (the lecture's prior) | $\frac{1}{2b}e^{-\lvert w\rvert/b}$ | $2b^2$ |
# | $p$ | generalized Gaussian | $\frac{1}{2b^{1/p}\Gamma(1+1/p)}e^{-\lvert w\rvert^p/b}$ | $b^{2/p}\,\Gamma(3/p)/\Gamma(1/p)$ |
#
# `regviz.priors.GeneralizedGaussian(p, b)` holds it. We check $Z$ against a plain trapezoid
# rule on a fine grid (geometric, out to $|w| = 10^7$, because for small $p$ the tails are
# heavy):

# %%
w_grid = np.concatenate([-np.geomspace(1e7, 1e-12, 300001), [0.0], np.geomspace(1e-12, 1e7, 300001)])


def trapezoid(f, x):
    return float(np.sum(0.5 * (f[1:] + f[:-1]) * np.diff(x)))


for p in (0.3, 0.5, 1.0, 1.5, 2.0, 3.0):
    for b in (0.5, 2.0):
        prior = priors.GeneralizedGaussian(p, b)
        numeric = trapezoid(np.exp(-np.abs(w_grid) ** p / b), w_grid)
        assert abs(prior.normalizer / numeric - 1) < 1e-6, (p, b)
        assert abs(prior.normalizer - 2 * b ** (1 / p) * math.gamma(1 + 1 / p)) < 1e-12
print("Z = 2 b^(1/p) Gamma(1 + 1/p) matches the trapezoid rule to 1e-6 for p in 0.3..3, b in {0.5, 2}")
print("Laplace, b = 0.5:  Z =", priors.laplace(0.5).normalizer, "(= 2b)")
print("Gaussian, s = 1:   Z =", priors.gaussian(1.0).normalizer, "(= sqrt(2 pi) =", math.sqrt(2 * math.pi), ")")

# %% [markdown]
# Move $p$ and $b$. Left: the density of the sliders' prior, with the Gaussian and the Laplace
# prior of the same $b$ (thin). Right: its negative log, the penalty $|w|^p/b$ (dashed) and the
# constant $\log Z$ (dotted). Below $p = 1$ the density grows a cusp at 0 and its negative log a
# spike downwards; the readout gives $Z$, $\lambda = 1/b$ and $\log Z$.

# %%
prior_panel = PriorPanel(p=0.5, b=1.0)
prior_panel

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Side by side, at equal variance
#
# To compare shapes fairly, take three priors of variance 1: Gaussian, Laplace and $p = 1/2$.

# %%
fig, (ax_density, ax_neg_log) = plt.subplots(1, 2, figsize=(13, 4.6))
three = unit_variance_priors(0.5)
plot_priors(three, ax=ax_density)
ax_density.set_title("priors of variance 1")
plot_neg_log_prior(three, ax=ax_neg_log)
ax_neg_log.set_title(r"$-\log\mu(w) = |w|^p/b + \log Z$ (dashed: $|w|^p/b$)");

# %%
for name, prior in three.items():
    print(f"{name:18s} b = {prior.b:.4f}   density at 0 = {prior.density(0.0):.3f}   "
          f"at |w| = 4: {prior.density(4.0):.2e}   variance = {prior.variance:.6f}")
peaks = [prior.density(0.0) for prior in three.values()]
tails = [prior.density(4.0) for prior in three.values()]
assert peaks[0] < peaks[1] < peaks[2] and tails[0] < tails[1] < tails[2]

# %% [markdown]
# The smaller $p$, the taller and sharper the peak at 0 *and* the heavier the tails, at the same
# variance. A prior with $p < 1$ says: most weights are almost exactly 0, and the few that are
# not may be large. The Gaussian says: every weight is moderately small. The Laplace prior sits
# in between, with a corner (not a cusp) at 0.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The negative log prior is the penalty, plus a constant
#
# Taking $-\log$ of the density:
#
# $$-\log\mu(w) = \frac{|w|^p}{b} + \log Z = \lambda|w|^p + \log\left(2\,b^{1/p}\,
# \Gamma(1 + 1/p)\right), \qquad \lambda = \frac1b .$$
#
# - Gaussian $\mathcal N(0, s^2)$: $\frac{w^2}{2s^2} + \log\sqrt{2\pi s^2}$, the **L2** penalty
#   with $\lambda = 1/(2s^2)$: a narrow prior is a strong weight decay.
# - Laplace: $\frac{|w|}{b} + \log(2b)$, the **L1** penalty with $\lambda = 1/b$. For $D$ weights
#   with independent priors the logs add up: the lecture's
#   $\mu(w) = (2b)^{-D}\exp(-\|w\|_1/b)$, i.e. $\frac1b\|w\|_1 + D\log(2b)$.
# - $p < 1$: $\lambda|w|^p$, the non-convex penalty of notebooks 01 and 03 whose slope is
#   infinite at 0. The cusp of the density *is* that infinite slope.
#
# The constant $\log Z$ moves no minimiser; it is what makes $\mu$ a probability density, and it
# would matter if $b$ itself were fitted to the data (it changes with $b$). In `regviz`,
# `prior.penalty` is `Lp(p, lam=1/b)` and `prior.log_normalizer` is the constant:

# %%
w = np.linspace(-4, 4, 801)
for p in (0.5, 1.0, 2.0, 3.0):
    for b in (0.3, 1.0, 5.0):
        prior = priors.GeneralizedGaussian(p, b)
        lhs = prior.neg_log_density(w)
        rhs = Lp(p, lam=1 / b).value(w) + math.log(2 * b ** (1 / p) * math.gamma(1 + 1 / p))
        assert np.allclose(lhs, rhs, rtol=1e-12, atol=1e-12)
        assert np.allclose(-np.log(prior.density(w)), lhs, rtol=1e-10)

s = 0.5  # Gaussian N(0, s^2): L2 with lam = 1/(2 s^2) = 2
gauss = priors.gaussian(s)
assert np.allclose(gauss.neg_log_density(w), L2(1 / (2 * s**2)).value(w) + math.log(math.sqrt(2 * math.pi) * s))
lap = priors.laplace(0.25)  # Laplace, b = 0.25: L1 with lam = 4
assert np.allclose(lap.neg_log_density(w), L1(4.0).value(w) + math.log(0.5))
w_vec = np.array([0.3, -1.2, 0.0, 2.0, -0.05])  # D = 5 weights, the lecture's product prior
lecture = -np.log((2 * 0.25) ** -5 * np.exp(-np.abs(w_vec).sum() / 0.25))
assert np.isclose(lap.neg_log_density(w_vec).sum(), lecture)
print("-log prior == Lp(p, 1/b).value + log Z for p in {0.5, 1, 2, 3}, b in {0.3, 1, 5};")
print("Gaussian N(0, 0.25) -> L2(lam = 2);  Laplace(b = 0.25) -> L1(lam = 4), D weights -> ||w||_1/b + D log 2b")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## One weight, a few noisy observations
#
# Now a posterior we can draw. One weight $w$, and $n$ observations $y_i = w + \varepsilon_i$
# with Gaussian noise, $y_i \sim \mathcal N(w, \sigma^2)$. As a function of $w$ the likelihood
# depends on the data only through the mean $\bar y$:
#
# $$-\log \mu(y_1..y_n \mid w) = \frac{1}{2\sigma^2}\sum_i (y_i - w)^2
# = \frac{n}{2\sigma^2}(w - \bar y)^2 + \text{const}.$$
#
# Adding the negative log prior and multiplying by $\sigma^2/n$ (which moves no minimiser):
#
# $$\hat w_{\mathrm{MAP}} = \arg\min_w\; \tfrac12 (w - \bar y)^2 + \frac{\sigma^2}{n}\cdot
# \frac{|w|^p}{b} = \operatorname{prox}_{t\,\mathrm{Lp}(p,\,1/b)}(\bar y), \qquad t = \frac{\sigma^2}{n}.$$
#
# That is the proximal operator of notebook 04, with step $t = \sigma^2/n$ and $\lambda = 1/b$:
#
# - Gaussian prior: $\hat w = \bar y \,/\, (1 + 2\sigma^2/(nb))$, shrunk by a constant factor,
#   never 0 unless $\bar y = 0$;
# - Laplace prior: the soft threshold at $t\lambda = \sigma^2/(nb)$: $\hat w = 0$ **exactly**
#   when $|\bar y| \le \sigma^2/(nb)$, i.e. when the data is weak compared with the prior;
# - $p < 1$: a jump, 0 up to the threshold of notebook 04, then straight to a clearly nonzero
#   value.
#
# `priors.map_estimate(prior, ybar, sigma=, n=)` is `prior.penalty.prox(ybar, step=sigma**2 / n)`.
# We check it against brute force: the log posterior, written out from the Gaussian log-density
# and the log prior, maximised over a grid of spacing $10^{-4}$ that contains 0:

# %%
def log_posterior_by_hand(w, ybar, sigma, n, p, b):
    log_lik = -0.5 * n * (w - ybar) ** 2 / sigma**2 - 0.5 * math.log(2 * math.pi * sigma**2 / n)
    log_prior = -np.abs(w) ** p / b - math.log(2 * b ** (1 / p) * math.gamma(1 + 1 / p))
    return log_lik + log_prior


w_fine = np.concatenate([np.linspace(-3, 3, 60001), [0.0]])
for p in (0.5, 1.0, 2.0):
    for b, sigma, n in ((1.0, 1.0, 1), (0.4, 0.8, 5), (3.0, 2.0, 10)):
        prior = priors.GeneralizedGaussian(p, b)
        thr = priors.zero_threshold(prior, sigma=sigma, n=n)
        for ybar in np.linspace(-2.2, 2.2, 23):
            if thr > 0 and abs(abs(ybar) - thr) < 1e-3:
                continue  # p < 1 at its threshold: two modes tie
            brute = w_fine[np.argmax(log_posterior_by_hand(w_fine, ybar, sigma, n, p, b))]
            w_map = priors.map_estimate(prior, ybar, sigma=sigma, n=n)
            assert abs(w_map - brute) <= 1e-4, (p, b, sigma, n, ybar)
            assert (brute == 0.0) == (w_map == 0.0)  # the same exact zeros
print("MAP == brute-force argmax of the log posterior (grid spacing 1e-4) for p = 1/2, 1, 2")

# %%
b, sigma, n = 0.5, 1.0, 4
lap = priors.laplace(b)
edge = sigma**2 / (n * b)  # 0.5
weak = np.linspace(-edge, edge, 101)
assert np.all(priors.map_estimate(lap, weak, sigma=sigma, n=n) == 0.0)  # exactly 0, not nearly
strong = np.array([-1.5, -0.51, 0.501, 2.0])
assert np.allclose(priors.map_estimate(lap, strong, sigma=sigma, n=n), np.sign(strong) * (np.abs(strong) - edge))
assert priors.zero_threshold(lap, sigma=sigma, n=n) == edge
gauss = priors.GeneralizedGaussian(2.0, b)
shrunk = priors.map_estimate(gauss, weak, sigma=sigma, n=n)
assert np.allclose(shrunk, weak / (1 + 2 * sigma**2 / (n * b))) and np.all(shrunk[weak != 0] != 0)
print(f"Laplace, b = {b}, sigma = {sigma}, n = {n}: MAP exactly 0 for all 101 ybar in [-{edge}, {edge}];")
print(f"Gaussian with the same b: MAP = ybar / {1 + 2 * sigma**2 / (n * b):g}, never 0")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Move the prior and the data
#
# Left: likelihood, prior and posterior (each scaled to a maximum of 1, so the axis never
# rescales), the MAP (dot) and the posterior mean (diamond). Right: both estimates against
# $\bar y$ for the current prior, with the band of $\bar y$ whose MAP is exactly 0. Things to
# try:
#
# - Laplace ($p = 1$), $\bar y = 0.7$: the MAP sits at 0. Widen the prior ($b$ up) or add data
#   ($n$ up): once $|\bar y| > \sigma^2/(nb)$ it leaves 0;
# - Gaussian ($p = 2$): the MAP is never 0, the right panel is a straight line;
# - $p = 1/2$: the posterior has two bumps, one at 0 and one near $\bar y$; the MAP jumps from
#   one to the other.

# %%
posterior_panel = PosteriorPanel(b=1.0, ybar=0.7, p=1.0, n=1)
posterior_panel

# %% [markdown]
# The same story as static figures. The Gaussian prior's MAP (blue, $b = 1$) is a line of slope
# $1/3$ through 0: shrinkage. The Laplace prior's MAP (orange, same $b$, same $\lambda = 1$) is
# the soft threshold: flat at exactly 0 for $|\bar y| \le 1$, then parallel to the data.
# Dashed: the posterior means.

# %%
plot_map_vs_ybar(sigma=1.0, n=1);

# %% [markdown]
# And as the prior scale moves, for fixed data $\bar y = 1$ ($\sigma = 1$, $n = 1$): a small $b$
# is a strong belief that $w \approx 0$. The Gaussian MAP $\bar y/(1 + 2/b)$ only tends to 0; the
# Laplace MAP is exactly 0 for $b \le \sigma^2/(n|\bar y|) = 1$; the $p = 1/2$ MAP jumps to 0.

# %%
plot_map_vs_scale(1.0, sigma=1.0, n=1);

# %%
bs = np.geomspace(0.01, 100, 401)
lap_path = np.array([priors.map_estimate(priors.laplace(b), 1.0) for b in bs])
gauss_path = np.array([priors.map_estimate(priors.GeneralizedGaussian(2.0, b), 1.0) for b in bs])
assert np.all(lap_path[bs <= 1.0] == 0.0) and np.all(lap_path[bs > 1.0] > 0)
assert np.all(gauss_path > 0) and np.all(np.diff(gauss_path) > 0)
print(f"b = 0.01: Gaussian MAP = {gauss_path[0]:.5f} (small, not 0), Laplace MAP = {lap_path[0]}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## MAP vs posterior mean: sparsity belongs to the MAP
#
# The MAP is one summary of the posterior, its highest point. Another is the posterior mean
# $E[w \mid \bar y] = \int w\,\mu(w \mid \bar y)\,dw$, the estimate with the smallest expected
# squared error. For the Gaussian prior the posterior is Gaussian and the two coincide. For the
# Laplace prior they do not:
#
# - the posterior is a *density*: the probability that $w$ is exactly 0 is 0, whatever the data;
# - its mean is pulled towards 0 but stays on the side of $\bar y$: it is 0 only when
#   $\bar y = 0$, by symmetry.
#
# So the exact zeros of L1 are a property of the **MAP**, of choosing the mode by an
# optimisation, not of the Bayesian posterior. (A Bayesian who wants exact zeros puts a point
# mass at 0 in the prior, a "spike and slab"; the Laplace prior has none.)
#
# `priors.posterior_mean` integrates numerically (Gauss-Legendre on panels that resolve the kink
# at 0); we check it against the trapezoid rule on a fine grid:

# %%
lap, sigma, n = priors.laplace(1.0), 1.0, 1
w_fine = np.linspace(-15, 15, 3_000_001)  # spacing 1e-5, contains 0
print("  ybar    MAP     posterior mean   P(|w| < 0.01 | ybar)")
for ybar in (0.1, 0.5, 0.9, 1.5):
    q = np.exp(log_posterior_by_hand(w_fine, ybar, sigma, n, 1.0, 1.0))
    mass = trapezoid(q, w_fine)
    mean_by_hand = trapezoid(w_fine * q, w_fine) / mass
    near0 = np.abs(w_fine) < 0.01
    p_near0 = trapezoid(q[near0], w_fine[near0]) / mass
    mean = priors.posterior_mean(lap, ybar, sigma=sigma, n=n)
    w_map = priors.map_estimate(lap, ybar, sigma=sigma, n=n)
    assert abs(mean - mean_by_hand) < 1e-8 and mean != 0 and np.sign(mean) == np.sign(ybar)
    print(f"  {ybar:4.1f}  {w_map:6.3f}   {mean:12.6f}     {p_near0:.4f}")
    if ybar < 1:
        assert w_map == 0.0 and p_near0 < 0.02  # MAP exactly 0, yet almost no mass near 0
assert priors.posterior_mean(lap, 0.0) == 0.0

# %% [markdown]
# At $\bar y = 0.5$ the MAP is exactly 0, while the posterior mean is $0.24$ and the
# posterior puts well under 2 % of its mass within $0.01$ of 0. The point estimate is sparse;
# the belief is not.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How λ relates to b, the noise and the amount of data
#
# A penalised loss is the MAP objective times some positive constant, and the constant depends
# on how the data loss is scaled. Matching "data loss $+\;\lambda|w|^p$" to the negative log
# posterior $\sum_i \frac{(y_i - w)^2}{2\sigma^2} + \frac{|w|^p}{b}$:
#
# | data loss | $\lambda$ for a prior of scale $b$ |
# |---|---|
# | $\sum_i (y_i - w)^2 / (2\sigma^2)$ (the negative log-likelihood) | $1/b$ |
# | $\frac1n\sum_i \frac12 (y_i - w)^2$ | $\sigma^2/(nb)$ |
# | $\frac1n\sum_i (y_i - w)^2$ (`torch.nn.MSELoss()`) | $2\sigma^2/(nb)$ |
#
# Against a *mean* loss, $\lambda$ shrinks like $1/n$: the prior counts once, the evidence
# grows with every example. Noisier data (larger $\sigma$) means a larger $\lambda$: trust the
# prior more. We check each row on simulated data: minimise "loss + λ|w|" on a fine grid and
# compare with the MAP.

# %%
rng = np.random.default_rng(0)
sigma, n, b = 0.8, 12, 0.5
y = rng.normal(0.3, sigma, size=n)
w_grid = np.concatenate([np.linspace(-1, 1.5, 250001), [0.0]])
sq = ((y[None, :] - w_grid[:, None]) ** 2).sum(axis=1)
data_terms = {"nll": sq / (2 * sigma**2), "half_mse": sq / (2 * n), "mse": sq / n}
for p in (1.0, 2.0):
    w_map = priors.map_estimate(priors.GeneralizedGaussian(p, b), y.mean(), sigma=sigma, n=n)
    for loss, data in data_terms.items():
        lam = priors.lam_for_loss(b, sigma=sigma, n=n, loss=loss)
        w_min = w_grid[np.argmin(data + lam * np.abs(w_grid) ** p)]
        assert abs(w_min - w_map) < 2e-5, (p, loss)
        if p == 1.0:
            print(f"{loss:9s} lam = {lam:.5f}  argmin = {w_min:.5f}  MAP = {w_map:.5f}")

# %% [markdown]
# The same reading applies to the lecture's network. Its loss is the *mean* cross-entropy over
# the batch, a negative log-likelihood divided by the number of examples, plus
# $\lambda\sum w^2$. Over the $N = 1{,}000$ training digits that is $\frac1N$ times
# "NLL $+\; N\lambda \sum w^2$", so $1/b = N\lambda$: a Gaussian prior of variance
# $b/2 = 1/(2N\lambda)$ on every weight. (Only the scaling argument is exact; a convnet's
# posterior is nothing like Gaussian.)

# %%
N = 1000
print("lambda    prior std of every weight")
for lam in (0.001, 0.002, 0.004, 0.010, 0.020):  # the lecture's L2 table
    b = 1 / (N * lam)
    std = priors.GeneralizedGaussian(2.0, b).std
    print(f"{lam:.3f}     {std:.3f}")
assert abs(priors.GeneralizedGaussian(2.0, 1 / (N * 0.001)).std - 1 / math.sqrt(2)) < 1e-12

# %% [markdown]
# $\lambda = 0.001$ is a prior standard deviation of $0.71$ per weight: wide next to this
# network's initial weights (PyTorch draws them within $\pm 1/\sqrt{\text{fan-in}}$, at most
# $\pm 0.2$ here). $\lambda = 0.02$, where the lecture's test error climbs from 6 % to 10 %, is a
# standard deviation of $0.16$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - MAP = $\arg\min_w$ [negative log-likelihood + negative log prior]; the evidence drops out.
# - $\mu(w) \propto e^{-|w|^p/b}$ has $Z = 2\,b^{1/p}\,\Gamma(1 + 1/p)$ and
#   $-\log\mu(w) = |w|^p/b + \log Z$: the penalty `Lp(p, lam=1/b)` plus a constant.
#   Gaussian → L2 ($\lambda = 1/(2s^2)$), Laplace → L1 ($\lambda = 1/b$), $p < 1$ → a prior with a
#   cusp at 0 and heavy tails, and a non-convex penalty.
# - With $y_i \sim \mathcal N(w, \sigma^2)$, the MAP is the proximal step
#   $\operatorname{prox}_{(\sigma^2/n)\,\mathrm{Lp}(p, 1/b)}(\bar y)$. Gaussian prior: shrinkage,
#   never 0. Laplace prior: exactly 0 when $|\bar y| \le \sigma^2/(nb)$.
# - The posterior mean is never exactly 0 (unless $\bar y = 0$): sparsity is a property of the
#   MAP, not of the posterior.
# - $\lambda$ depends on the loss's scaling: $1/b$ against the log-likelihood, $\sigma^2/(nb)$
#   against a mean of $\frac12(y_i - w)^2$. More data, smaller $\lambda$; more noise, larger.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace each `None` by your answer and run the cell; the check tells you whether it is right.
#
# 1. The normaliser $Z = \int e^{-|w|/b}\,dw$ of the Laplace prior with $b = 0.3$?
# 2. $n = 10$ observations $y_i \sim \mathcal N(w, 0.2^2)$, a Laplace prior with $b = 0.5$, and
#    the loss $\frac1n\sum_i (y_i - w)^2$ (PyTorch's `MSELoss`). Which $\lambda$ in
#    "loss $+\;\lambda|w|$" gives the MAP?
# 3. Laplace prior with $b = 0.25$, $\sigma = 1$, $n = 8$: the largest $|\bar y|$ whose MAP is
#    exactly 0? (Check it in the posterior panel: set $b$, $n$, then move $\bar y$.)

# %%
from regviz.exercises.priors import check_lam, check_normalizer, check_zero_threshold  # noqa: E402

check_normalizer(None, p=1.0, b=0.3)

# %%
check_lam(None, b=0.5, sigma=0.2, n=10)

# %%
check_zero_threshold(None, b=0.25, sigma=1.0, n=8)
