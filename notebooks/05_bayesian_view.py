# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
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
from regviz.penalties import L1
from regviz.plots import priors as prior_plots
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
# `regviz.priors.GeneralizedGaussian(p, b)` holds it (the tests check $Z$ against numerical
# integration). Two familiar special cases:

# %%
print("Laplace, b = 0.5:  Z =", priors.laplace(0.5).normalizer, "(= 2b)")
print("Gaussian, s = 1:   Z =", priors.gaussian(1.0).normalizer, "(= sqrt(2 pi) =",
      math.sqrt(2 * math.pi), ")")

# %% [markdown]
# Move $p$ and $b$. Left: the density of the sliders' prior, with the Gaussian and the Laplace
# prior of the same $b$ (thin). Right: its negative log, the penalty $|w|^p/b$ (dashed) and the
# constant $\log Z$ (dotted). Below $p = 1$ the density grows a cusp at 0 and its negative log a
# spike downwards; the readout gives $Z$, $\lambda = 1/b$ and $\log Z$. **Before you move it,
# predict:** as $p$ goes from 2 down to 0.5 at fixed $b$, does the density at 0 go up or down?

# %%
prior_panel = PriorPanel(p=0.5, b=1.0)
prior_panel

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Side by side, at equal variance
#
# To compare shapes fairly, take three priors of variance 1: Gaussian, Laplace and $p = 1/2$.

# %%
fig, (ax_density, ax_neg_log) = plt.subplots(1, 2, figsize=(9, 3.6))
three = prior_plots.unit_variance_priors(0.5)
prior_plots.plot_priors(three, ax=ax_density)
ax_density.set_title("priors of variance 1")
prior_plots.plot_neg_log_prior(three, ax=ax_neg_log)
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
lap = priors.laplace(0.25)  # Laplace, b = 0.25: L1 with lam = 4, plus log Z = log(2b)
print("Laplace(b = 0.25): penalty", lap.penalty, "  log Z =", lap.log_normalizer)
assert np.allclose(lap.neg_log_density(w), L1(4.0).value(w) + math.log(0.5))
print("Gaussian N(0, 0.5^2): penalty", priors.gaussian(0.5).penalty)  # lam = 1/(2 s^2) = 2

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
# `priors.map_estimate(prior, ybar, sigma=, n=)` is `prior.penalty.prox(ybar, step=sigma**2 / n)`
# (the tests check it against a brute-force maximisation of the posterior). Here $b = 0.5$,
# $\sigma = 1$, $n = 4$, so the Laplace MAP's zero band is $|\bar y| \le 0.5$:

# %%
b, sigma, n = 0.5, 1.0, 4
ybars = np.array([0.2, 0.5, 0.6, 1.5])
map_laplace = priors.map_estimate(priors.laplace(b), ybars, sigma=sigma, n=n)
map_gauss = priors.map_estimate(priors.GeneralizedGaussian(2.0, b), ybars, sigma=sigma, n=n)
print("ybar:           ", ybars)
print("Laplace MAP:    ", map_laplace.round(4))
print("Gaussian MAP:   ", map_gauss.round(4))
assert np.all(map_laplace[:2] == 0.0) and np.all(map_gauss != 0)  # exactly 0 vs never 0

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
#
# **Before you move it, predict:** with the Laplace prior, $b = 1$ and $\bar y = 0.7$, how many
# observations $n$ does it take for the MAP to leave 0?

# %%
posterior_panel = PosteriorPanel(b=1.0, ybar=0.7, p=1.0, n=1)
posterior_panel

# %% [markdown]
# The same story as static figures. The Gaussian prior's MAP (blue, $b = 1$) is a line of slope
# $1/3$ through 0: shrinkage. The Laplace prior's MAP (orange, same $b$, same $\lambda = 1$) is
# the soft threshold: flat at exactly 0 for $|\bar y| \le 1$, then parallel to the data.
# Dashed: the posterior means.

# %%
prior_plots.plot_map_vs_ybar(sigma=1.0, n=1);

# %% [markdown]
# And as the prior scale moves, for fixed data $\bar y = 1$ ($\sigma = 1$, $n = 1$): a small $b$
# is a strong belief that $w \approx 0$. The Gaussian MAP $\bar y/(1 + 2/b)$ only tends to 0; the
# Laplace MAP is exactly 0 for $b \le \sigma^2/(n|\bar y|) = 1$; the $p = 1/2$ MAP jumps to 0.

# %%
prior_plots.plot_map_vs_scale(1.0, sigma=1.0, n=1);

# %%
gauss_map = priors.map_estimate(priors.GeneralizedGaussian(2.0, 0.01), 1.0)
laplace_map = priors.map_estimate(priors.laplace(0.01), 1.0)
print(f"b = 0.01: Gaussian MAP = {gauss_map:.5f} (small, not 0), Laplace MAP = {laplace_map}")
assert gauss_map > 0 and laplace_map == 0.0

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
# at 0; the tests check it against other quadratures). The mass within 0.01 of 0 is the
# posterior density integrated over $[-0.01, 0.01]$:

# %%
lap = priors.laplace(1.0)
w_near = np.linspace(-0.01, 0.01, 2001)
print("  ybar    MAP     posterior mean   P(|w| < 0.01 | ybar)")
for ybar in (0.1, 0.5, 0.9, 1.5):
    mean = priors.posterior_mean(lap, ybar)
    p_near0 = priors.posterior_density(w_near, lap, ybar).mean() * 0.02  # mean density x width
    print(f"  {ybar:4.1f}  {priors.map_estimate(lap, ybar):6.3f}   {mean:12.6f}     {p_near0:.4f}")
    assert mean != 0  # the mean is never exactly 0, where the MAP is

# %% [markdown]
# Below $\bar y = 1$ the MAP is exactly 0, while the posterior mean is not, and the posterior
# puts under 2 % of its mass within $0.01$ of 0 (the table above). The point estimate is
# sparse; the belief is not.

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
# prior more. `priors.lam_for_loss` gives each row (the tests check each against a brute-force
# minimisation on simulated data):

# %%
for loss in ("nll", "half_mse", "mse"):
    lam = priors.lam_for_loss(0.5, sigma=0.8, n=12, loss=loss)
    print(f"b = 0.5, sigma = 0.8, n = 12, loss {loss:9s}: lambda = {lam:.5f}")

# %% [markdown]
# The same reading applies to the lecture's network. Its loss is the *mean* cross-entropy over
# the batch, a negative log-likelihood divided by the number of examples, plus
# $\lambda\sum w^2$. Over the $N = 1{,}000$ training digits that is $\frac1N$ times
# $\bigl(\text{NLL} + N\lambda \sum w^2\bigr)$, so $1/b = N\lambda$: a Gaussian prior of variance
# $b/2 = 1/(2N\lambda)$ on every weight. (Only the scaling argument is exact; a convnet's
# posterior is nothing like Gaussian.)

# %%
N = 1000
print("lambda    prior std of every weight")
for lam in (0.001, 0.002, 0.004, 0.010, 0.020):  # the lecture's L2 table
    b = 1 / (N * lam)
    std = priors.GeneralizedGaussian(2.0, b).std
    print(f"{lam:.3f}     {std:.3f}")

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
# Replace each `None` by your answer (a number, a letter, or the body of a function) and run the
# cell; the check tells you whether it is right. A wrong answer gets a hint, a second wrong
# answer a narrower one, and `hint(check_...)` asks for the next hint without answering. No
# hint contains code or the answer.
#
# **Exercise 1 (code).** Write `log_joint(w, y, sigma, p, b)`: the log of the joint density
# $p(\mathbf y, w) = \prod_i \mathcal N(y_i; w, \sigma^2)\cdot\mu(w)$ of observations `y` (a 1D
# array) and one weight `w`, with the prior $\mu(w) \propto e^{-|w|^p/b}$, every normaliser
# included, elementwise on an array `w`.

# %%
from regviz.exercises import hint  # noqa: E402, F401  (hint(check_...) gives the next hint)
from regviz.exercises.priors import (  # noqa: E402
    check_lam,
    check_log_joint,
    check_prior_meaning,
    check_smallest_n,
)


def log_joint(w, y, sigma, p, b):
    return None  # your code here


check_log_joint(log_joint)

# %% [markdown]
# **Exercise 2 (number).** $n = 12$ observations $y_i \sim \mathcal N(w, 0.3^2)$, a Laplace prior
# with $b = 0.4$, and the *summed* squared error $\sum_i (y_i - w)^2$ as the loss (PyTorch's
# `MSELoss(reduction="sum")`, not in the table above). Which $\lambda$ in
# "loss $+\;\lambda|w|$" gives the MAP?

# %%
check_lam(None, b=0.4, sigma=0.3, n=12)

# %% [markdown]
# **Exercise 3 (number).** Laplace prior with $b = 0.09$, noise $\sigma = 1$, and observations
# whose mean is $\bar y = 0.21$. What is the smallest number of observations $n$ for which the
# MAP is not 0?

# %%
check_smallest_n(None, ybar=0.21, b=0.09, sigma=1.0)

# %% [markdown]
# **Exercise 4 (concept).** Where do the exact zeros of the Bayesian view come from? Run the
# cell to see the options, then answer with one letter.

# %%
check_prior_meaning(None)
