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
# # 08 · The elastic net: L1 plus L2
#
# The article (Amy Ma, *Demystifying L1 & L2 Regularization*, part 3, November 2023) asks
# whether L1 and L2 can be combined, and answers: yes, the *elastic net*. The copy we have is
# machine-reworded, so we paraphrase it. It gives two reasons: among highly correlated
# variables L1 may pick one arbitrarily and set the others' coefficients to 0, while the elastic
# net can spread the weight more evenly among them; and L2 is stable but never sparse. We check
# both claims, with the geometry, the proximal map and a regression.
#
# **You will learn**
#
# - the elastic-net ball $\{a\|w\|_1 + (1-a)\|w\|_2^2 \le 1\}$: it keeps the L1 ball's corners
#   on the axes (so it still gives exact zeros) but its edges bulge, like the L2 ball's;
# - its proximal map: soft threshold, then shrink, derived in two lines;
# - on two nearly identical features, the lasso keeps one and drops the other, and which one
#   changes when the data are resampled; the elastic net shares the weight, every time (the
#   grouping effect);
# - how regviz's $(\lambda, a)$ converts to scikit-learn's `alpha` and `l1_ratio`.

# %%
import numpy as np
from sklearn.linear_model import enet_path

from regviz import elastic_net as en
from regviz.penalties import ElasticNet
from regviz.plots.elastic_net import plot_bootstrap, plot_elastic_net_ball
from regviz.widgets.controls import setup_notebook
from regviz.widgets.elastic_net import ElasticNetBallPanel, ElasticNetPathPanel, ElasticNetProxPanel

setup_notebook()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The penalty and its mix
#
# With weight $\lambda$ and *mix* $a \in [0, 1]$, the L1 share, the elastic net penalises
#
# $$\lambda \sum_j \left(a\,|w_j| + (1 - a)\,w_j^2\right),$$
#
# so $a = 1$ is the lasso $\lambda\|w\|_1$ and $a = 0$ is ridge $\lambda\|w\|_2^2$. In regviz
# that is `ElasticNet(l1=lam*a, l2=lam*(1-a))`, built by `en.enet_penalty(lam, a)`.
#
# scikit-learn writes the same penalty as $\alpha\rho\|w\|_1 + \frac{\alpha(1-\rho)}{2}\|w\|_2^2$
# (`alpha`, `l1_ratio` $=\rho$), with the same data term $\frac{1}{2n}\|y - Xw\|^2$ as regviz's
# solvers. Matching the L1 terms ($\alpha\rho = \lambda a$) and the L2 terms
# ($\alpha(1-\rho)/2 = \lambda(1-a)$):
#
# $$\alpha = \lambda(2 - a), \qquad \rho = \frac{a}{2 - a}
# \qquad\Longleftrightarrow\qquad a = \frac{2\rho}{1+\rho}, \qquad \lambda = \frac{\alpha(1+\rho)}{2}.$$
#
# So $a = 1/2$ is `l1_ratio` $= 1/3$, not $1/2$: scikit-learn's L2 term carries a factor 1/2.

# %%
for lam, a in [(1.0, 0.5), (0.3, 1.0), (2.0, 0.2), (0.7, 0.0)]:
    alpha, rho = en.to_sklearn(lam, a)
    ours, theirs = en.enet_penalty(lam, a), ElasticNet.from_sklearn(alpha, rho)
    assert np.allclose([ours.l1, ours.l2], [theirs.l1, theirs.l2], rtol=1e-14)  # same penalty
    assert np.allclose(en.from_sklearn(alpha, rho), (lam, a))  # and back
    print(f"lam = {lam:g}, a = {a:g}  ->  alpha = {alpha:g}, l1_ratio = {rho:.4g}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The ball: corners of L1, edges of L2
#
# In the direction $u = (\cos\theta, \sin\theta)$ the boundary point $r u$ solves
# $a\,s\,r + (1 - a)\,r^2 = 1$, with $s = |\cos\theta| + |\sin\theta|$, so
#
# $$r(\theta) = \frac{2}{a s + \sqrt{a^2 s^2 + 4(1-a)}} .$$
#
# Three facts to read off the picture and check below:
#
# - **Corners on the axes, for every $a > 0$.** On an axis $s = 1$ and $r = 1$: every ball
#   passes through $(\pm1, 0)$ and $(0, \pm1)$. Differentiating
#   $a(|w_1| + w_2) + (1-a)(w_1^2 + w_2^2) = 1$ at $w_1 = 0^\pm$, $w_2 = 1$ gives
#   $w_2' = \mp\, a / (2 - a)$: two different one-sided slopes, a kink (the grey tangents). Only
#   $a = 0$, pure L2, is smooth there. (The slope $a/(2-a)$ is scikit-learn's `l1_ratio`.)
# - **Bulging edges, for every $a < 1$.** In the first quadrant, completing the square,
#   $(w_1 + c)^2 + (w_2 + c)^2 = R^2$ with $c = \frac{a}{2(1-a)}$ and
#   $R^2 = \frac{1}{1-a} + 2c^2$: each edge is an arc of a circle, curvature $1/R > 0$. The ball
#   is strictly convex; the L1 ball ($a = 1$, $R = \infty$) is not.
# - **Nested.** $\|w\|_1 \le 1$ implies $\|w\|_2^2 \le \|w\|_1^2 \le 1$, and $\|w\|_2 > 1$
#   implies $\|w\|_1 > 1$: L1 ball $\subset$ elastic-net ball $\subset$ L2 ball.
#
# Move the mix (the orange dot is where the ball crosses the diagonal: L1 at 0.707, L2 at 1).
# **Before you move it, predict:** at $a = 0.5$, is the point on the axis $(0, 1)$ still a
# corner, or has it rounded off?

# %%
ball = ElasticNetBallPanel(mix=0.5)
ball

# %%
plot_elastic_net_ball((0.25, 0.5, 0.75));

# %% [markdown]
# The corner's one-sided slopes and the edge circle, for a few mixes (the tests check the drawn
# boundary against each fact above: on the boundary, corners, circle arcs, nesting):

# %%
for a in (0.1, 0.25, 0.5, 0.75, 0.9):
    c, R = en.edge_circle(a)
    print(f"a = {a:4}: corner slopes ±{en.corner_slope(a):.3f}, edge radius R = {R:.3f}, "
          f"diagonal point at r = {en.ball_radius(np.pi / 4, a):.4f}")
assert en.corner_slope(0.0) == 0.0 and en.edge_circle(1.0)[1] == np.inf  # L2: no corner; L1: flat

# %% [markdown]
# Why the corner matters: a smooth loss whose level set touches the ball at a corner, say
# $(0, 1)$, has its minimiser on the axis, $w_1 = 0$ *exactly*. At a smooth point that happens
# for only one direction of the loss's gradient; at a corner for a whole cone of directions, of
# half-angle $\arctan\frac{a}{2-a}$ around the axis. So any $a > 0$ still gives exact zeros, and
# the more L1 in the mix, the wider the cone. The bulge is what L2 adds: on an edge, the ball
# is round, and two correlated weights can share the budget instead of sliding to a corner. The
# proximal map and the paths below show both effects.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The proximal map, in two lines
#
# For one weight and $t = \text{step}\cdot\lambda$ we want
# $\arg\min_x \tfrac12(x - z)^2 + t\,(a|x| + (1-a)x^2)$. The objective is strictly convex; for
# $x > 0$ its derivative vanishes at
#
# $$x - z + t a + 2t(1-a)\,x = 0 \quad\Longrightarrow\quad x = \frac{z - ta}{1 + 2t(1-a)},$$
#
# which is positive exactly when $z > ta$ (and symmetrically for $z < -ta$); otherwise
# $0 \in -z + [-ta, ta]$, the subdifferential at 0, and $x = 0$. Together:
#
# $$\operatorname{prox}(z) = \frac{\operatorname{soft}(z,\; t a)}{1 + 2t(1-a)} :$$
#
# L1's soft threshold at $ta$ (exact zeros for $|z| \le ta$), then L2's shrinkage. The
# threshold comes from the L1 part alone: the L2 part has slope 0 at 0 and cannot hold a weight
# there. The slope above the threshold is $1/(1 + 2t(1-a))$, between L1's 1 and L2's
# $1/(1+2t)$. Move $t$ and $a$ (middle: the elastic net, with the L1 and L2 maps thin behind;
# the tests check the map against a brute-force minimisation). **Before you move $a$, predict:**
# from $a = 0.5$ to $a = 1$, does the flat part at 0 get wider, and the slope above it steeper?

# %%
prox_panel = ElasticNetProxPanel(step_lam=0.8, mix=0.5)
prox_panel

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Two correlated features: the lasso picks one, the elastic net shares
#
# A seeded regression with $n = 100$ samples: $x_1 \sim N(0, 1)$, $x_2 = x_1 + 0.05\,\varepsilon$
# (correlation 0.999), and $y = x_1 + x_2 + \eta$, so both features matter *equally*. Columns are
# standardized, $y$ centred (no intercept). We solve
#
# $$\min_w \frac{1}{2n}\|y - Xw\|^2 + \lambda\sum_j \left(a|w_j| + (1-a)w_j^2\right)$$
#
# over a grid of $\lambda$ with regviz's own solver: `regularization_path` runs ISTA (FISTA
# with restarts) from the largest $\lambda$ down, each solve warm-started from the last.

# %%
X, y = en.correlated_regression(seed=2)
print("correlation of x1 and x2:", np.corrcoef(X.T)[0, 1].round(5))
paths = en.compute_paths(X, y, mixes=en.MIXES)  # mixes 1, 0.75, 0.5, 0.25; 41 lambdas
lams, lasso, enet = paths.lams, paths.coefs[1.0], paths.coefs[0.5]
print(f"lambda from {lams[0]:.3g} down to {lams[-1]:.3g}; lam_max (lasso) = "
      f"{en.lam_max(X, y, 1.0):.3g}")

# %% [markdown]
# The lasso gives all the weight to $x_1$ and none to $x_2$, at every $\lambda$ of the grid,
# down to a hundredth of $\lambda_{\max}$; the elastic net with $a = 1/2$ keeps both, with
# nearly equal weights. Move $\lambda$ (the vertical line) and the mix of the right panel; the
# paths for the four mixes were computed once, above.

# %%
path_panel = ElasticNetPathPanel(mix=0.5, lam=0.5, paths=paths)
path_panel

# %%
assert not (lasso[:, 1] != 0).any()  # the lasso never lets w2 in: it picked x1
assert np.all((enet[:, 0] != 0) == (enet[:, 1] != 0))  # the elastic net: both or neither
i = paths.index(0.5)
print(f"at lambda = {lams[i]:.3g}: lasso w = {lasso[i].round(3)}, elastic net (a = 0.5) "
      f"w = {enet[i].round(3)}; grouping bound {en.grouping_bound(X, y, lams[i], 0.5):.3f}")

# %% [markdown]
# **Why the elastic net shares: the grouping effect** (Zou and Hastie, 2005). Where $w_1$ and
# $w_2$ are nonzero with the same sign, the optimality conditions are
# $\frac1n x_j^\top r = \lambda a\operatorname{sign}(w_j) + 2\lambda(1-a)w_j$ with the residual
# $r = y - Xw$. Subtracting the two,
#
# $$2\lambda(1-a)\,(w_1 - w_2) = \tfrac1n (x_1 - x_2)^\top r
# \quad\Longrightarrow\quad |w_1 - w_2| \le \frac{\|x_1 - x_2\|\,\|y\|}{2n\lambda(1-a)}
# = \frac{\|y\|}{\sqrt n}\,\frac{\sqrt{2(1-\rho_{12})}}{2\lambda(1-a)},$$
#
# using $\|r\| \le \|y\|$ at the optimum and, for standardized columns,
# $\|x_1 - x_2\|^2 = 2n(1 - \rho_{12})$. As the correlation $\rho_{12} \to 1$ the two weights
# are forced together. The lasso has $a = 1$: the bound is infinite, nothing ties the weights,
# and the L1 penalty $|w_1| + |w_2|$ is the *same* for every split of a fixed sum between two
# positive weights. So the data alone decide, by their noise.
#
# **The same paths from scikit-learn.** With $\alpha = \lambda(2-a)$ and
# `l1_ratio` $= a/(2-a)$, `enet_path` (coordinate descent, a different algorithm) gives the same
# coefficients (the tests compare every mix):

# %%
scale, rho = en.to_sklearn(1.0, 0.5)  # alpha = lam * (2 - a), l1_ratio = a / (2 - a)
_, sk, _ = enet_path(X, y, l1_ratio=rho, alphas=scale * lams, tol=1e-12, max_iter=100_000)
print(f"a = 0.5: l1_ratio = {rho:.4f}, largest difference to scikit-learn "
      f"{np.abs(sk.T - enet).max():.1e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Resample the data: the lasso flips, the elastic net stays
#
# If the choice between $x_1$ and $x_2$ is made by the noise, another sample of the same
# process may choose the other one. We refit on 100 bootstrap resamples (rows drawn with
# replacement, seeded, the same resamples for both methods) at $\lambda = 1$, about half of
# $\lambda_{\max}$:

# %%
lasso_fits = en.bootstrap_fits(X, y, 1.0, 1.0, n_boot=100, seed=0)
enet_fits = en.bootstrap_fits(X, y, 1.0, 0.5, n_boot=100, seed=0)
counts_lasso, counts_enet = en.selection_counts(lasso_fits), en.selection_counts(enet_fits)
share = enet_fits[:, 0] / enet_fits.sum(axis=1)
print("lasso keeps:       ", counts_lasso)
print("elastic net keeps: ", counts_enet)
print(f"elastic net's share of w1 in w1 + w2: {share.min():.3f} to {share.max():.3f}")
plot_bootstrap({"lasso": lasso_fits, "elastic net, a = 0.5": enet_fits});

# %%
assert counts_lasso["w1 only"] > 0 and counts_lasso["w2 only"] > 0  # the lasso flips
assert counts_enet["both"] == 100  # the elastic net keeps both, every time

# %% [markdown]
# The lasso's points sit on the axes, the corners of the L1 ball: in some resamples it keeps
# $x_1$, in others $x_2$ (the counts above). The elastic net's points
# sit on the diagonal, each weight about half of the total. That is the article's claim, with
# numbers: among correlated features the lasso picks one arbitrarily, the elastic net spreads
# the weight evenly. The elastic net still gives exact
# zeros (its paths are exactly 0 above $\lambda_{\max}(a)$, its prox has a threshold $ta$);
# what it drops is the arbitrariness, not the sparsity.

# %% [markdown]
# ## Summary
#
# - Elastic net: $\lambda\,(a\|w\|_1 + (1-a)\|w\|_2^2)$; scikit-learn's $\alpha = \lambda(2-a)$,
#   `l1_ratio` $= a/(2-a)$.
# - Its ball keeps corners on the axes for every $a > 0$ (slopes $\pm a/(2-a)$: exact zeros
#   remain possible) and has edges that are circle arcs for every $a < 1$ (strictly convex).
# - Its prox soft-thresholds at $ta$, then divides by $1 + 2t(1-a)$.
# - On two nearly identical features the lasso keeps one, chosen by the noise, and flips under
#   resampling; the elastic net keeps both with nearly equal weights, the grouping effect
#   $|w_1 - w_2| \le \|y\|\sqrt{2(1-\rho)}/(2\sqrt n\,\lambda(1-a))$.
# - The price: one more hyperparameter, $a$, to choose.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace each `None` by your answer (a number, a letter, or the body of a function) and run the
# cell; the check tells you whether it is right. A wrong answer gets a hint, a second wrong
# answer a narrower one, and `hint(check_...)` asks for the next hint without answering. No
# hint contains code or the answer.
#
# **Exercise 1 (code).** glmnet and scikit-learn halve the L2 part of the elastic net. Write
# `enet_prox_half(z, t, a)`: the minimiser of $\tfrac12(x - z)^2 + t\,(a|x| + \tfrac{1-a}{2}x^2)$,
# for a number or a NumPy array `z`. (Redo the derivation above with the halved L2 part.)

# %%
from regviz.exercises import hint  # noqa: E402, F401  (hint(check_...) gives the next hint)
from regviz.exercises.elastic_net import (  # noqa: E402
    check_enet_prox_half,
    check_lasso_survivor,
    check_mix_for_shrinkage,
    check_why_share,
)


def enet_prox_half(z, t, a):
    return None  # your code here


check_enet_prox_half(enet_prox_half)

# %% [markdown]
# **Exercise 2 (number).** With step $0.4$ and $\lambda = 2$ (the notebook's scaling), which mix
# $a$ makes the elastic-net prox send $z = 3$ to exactly $1.5$?

# %%
check_mix_for_shrinkage(None, step=0.4, lam=2.0, z=3.0, target=1.5)

# %% [markdown]
# **Exercise 3 (number).** On `en.correlated_regression(seed=3)`, the lasso at $\lambda = 1$
# keeps one of the two coefficients. What is its value, to three decimals? Use
# `regviz.solvers.ista`.

# %%
check_lasso_survivor(None, seed=3, lam=1.0)

# %% [markdown]
# **Exercise 4 (concept).** Why does the elastic net share between correlated features where
# the lasso picks one? Run the cell to see the options, then answer with one letter.

# %%
check_why_share(None)
