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
# # 01 · Penalty landscapes: where does the minimum go?
#
# A penalty $\lambda |x|^p$ added to a loss $f$ pulls the minimiser of $f(x) + \lambda|x|^p$
# towards 0. How far, and whether it ever *reaches* 0, depends on $p$.
#
# **You will learn**
#
# - why the L2 penalty ($p = 2$) moves the minimum towards 0 but never onto it;
# - why the L1 penalty ($p = 1$) puts it at *exactly* 0 once $\lambda \ge |f'(0)|$;
# - why a penalty with $p < 1$ makes the minimum *jump* to 0;
# - where these penalties come from (a prior on the weights), in two sentences.
#
# The sliders below move $\lambda$ and $p$; the curve, its global minimiser and the path of the
# minimiser against $\lambda$ follow.

# %%
import numpy as np

from regviz import landscape
from regviz.plots import plot_lambda_sequence
from regviz.widgets import LandscapePanel, setup_notebook

setup_notebook()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The loss of the lecture notes
#
# We use the one-dimensional loss of the EE-559 lecture notes,
#
# $$f(x) = (x - 1)^2 + \tfrac16 (x - 1)^3, \qquad f'(x) = 2(x-1) + \tfrac12 (x-1)^2,
# \qquad f''(x) = x + 1 .$$
#
# Its minimum without penalty is at $x = 1$, and its slope at 0 is $f'(0) = -2 + \tfrac12 =
# -\tfrac32$. It is a cubic, so it has a local maximum at $x = -3$ and falls to $-\infty$ far to
# the left: a *global* minimiser only makes sense on a window. Every minimiser in this notebook
# is the global minimiser on $x \in [-2, 3]$, the plotted window, found by a grid search over the
# window refined to machine precision (`regviz.landscape.minimizer`).

# %%
f = landscape.LECTURE_LOSS
print("window:", landscape.WINDOW, "  f'(0) =", f.df(0.0), "  minimiser without penalty:",
      landscape.minimizer(0.0, p=2))
assert f.df(0.0) == -1.5
assert abs(landscape.minimizer(0.0, p=2) - 1.0) < 1e-12

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Move λ and p
#
# Left: the loss (dashed), the penalty (dotted), their sum and its global minimiser $x^\star$.
# Right: $x^\star$ against $\lambda$ for the current $p$, with the current $\lambda$ marked.
# Try $p = 2$, then $p = 1$, then $p = 0.5$, and sweep $\lambda$ each time.
#
# **Before you move it, predict:** with $p = 1$, where is the minimiser at $\lambda = 2$? And with
# $p = 2$ at $\lambda = 2$: at 0, or not? Write your guesses down, then set the sliders (λ moves in
# steps of 0.05: the arrow keys take it from 1 to 2 in 20 presses, or drag it).

# %%
panel = LandscapePanel(lam=1.0, p=1.0)
panel

# %% [markdown] slideshow={"slide_type": "slide"}
# ## L2: closer and closer, never there
#
# With $p = 2$ the minimiser solves $f'(x) + 2\lambda x = 0$. Writing $u = x - 1$, that is the
# quadratic $u^2 + 4(1+\lambda)u + 4\lambda = 0$, whose root in the window is, written without
# cancellation (so it stays exact for large $\lambda$),
#
# $$x^\star(\lambda) = \frac{3\lambda}{\left(\lambda + \sqrt{\lambda^2 + \lambda + 1}\right)^2 - 1}
# \quad (\lambda > 0).$$
#
# The penalty's slope $2\lambda x$ *vanishes at 0*: near 0 it cannot balance the loss's pull
# $|f'(0)| = 1.5$, so the minimiser stays strictly positive for every $\lambda$, only shrinking
# like $3 / (4\lambda)$ for large $\lambda$. These are the lecture's frames
# $\lambda = 0, 1, 2, 3, 4$:

# %%
plot_lambda_sequence([0, 1, 2, 3, 4], p=2);

# %%
lams = np.array([0.5, 1, 2, 3, 4, 10, 100, 1e4])
x_l2 = landscape.minimizer_path(lams, p=2)
print(np.c_[lams, x_l2])
assert np.all(x_l2 > 0) and np.all(np.diff(x_l2) < 0)  # approaches 0, never reaches it

# %% [markdown] slideshow={"slide_type": "slide"}
# ## L1: exactly zero once λ ≥ |f′(0)|
#
# With $p = 1$ the penalty has a kink at 0 whose one-sided slopes are $\pm\lambda$. For a convex
# loss (a linear model's squared error, say), the lecture notes put it this way:
#
# $$\left|\frac{\partial \mathcal L}{\partial w_d}(w^\star)\right| < \lambda \;\Rightarrow\;
# w^\star_d = 0 .$$
#
# Here $f$ is convex on the part of the window that matters ($f'' = x + 1 > 0$ for $x > -1$),
# $f'(0) = -1.5$, so the minimiser is $x^\star = -1 + \sqrt{4 - 2\lambda}$ for
# $\lambda < 1.5$ and **exactly 0** from $\lambda = 1.5$ on. The lecture's frames
# $\lambda = 1, 1.5, 2$ straddle the threshold:
#
# (The convexity matters: for a convex loss plus a convex penalty, the one local minimum is the
# global one. A network's loss is already non-convex in its weights, so there the rule describes
# each stationary point, not "the" minimum; what still speaks against $p < 1$ for networks is the
# gradient blow-up near 0 of notebook 03.)

# %%
plot_lambda_sequence([0, 1, 1.5, 2], p=1);

# %%
print("L1 minimiser for lambda = 1, 1.4, 1.5, 2:", landscape.minimizer_path([1, 1.4, 1.5, 2], p=1))
at_or_above = np.array([1.5, 1.6, 2.0, 3.0, 4.0])
assert np.all(landscape.minimizer_path(at_or_above, p=1) == 0.0)  # exactly, not approximately

# %% [markdown] slideshow={"slide_type": "slide"}
# ## p < 1: the minimum jumps
#
# For $p < 1$ the penalty $\lambda|x|^p$ is concave on each side of 0 and its slope is infinite
# at 0, so $x = 0$ is *always* a local minimum. A second local minimum sits near the loss's own
# minimum. As $\lambda$ grows, the two trade places: at one value of $\lambda$ their objective
# values are equal and the global minimiser jumps from a clearly nonzero value straight to 0,
# with nothing in between. Compare the paths of $p = 1$ (continuous) and $p = 1/2$ (a jump):

# %%
grid = np.linspace(0, 4, 1601)
path_l1 = landscape.minimizer_path(grid, p=1)
path_half = landscape.minimizer_path(grid, p=0.5)
i = int(np.argmax(np.abs(np.diff(path_half))))
print(f"p = 1/2 jumps from x* = {path_half[i]:.3f} to {path_half[i + 1]:g} "
      f"between lambda = {grid[i]:.4f} and {grid[i + 1]:.4f}")
assert path_half[i] > 0.5 and path_half[i + 1] == 0.0  # a jump, not a slide
assert np.max(np.abs(np.diff(path_l1))) < 0.05  # L1 slides continuously to 0

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Where the penalties come from
#
# Minimising a loss plus a penalty is finding the most probable weights (the MAP estimate) when
# the loss is a negative log-likelihood and the penalty a negative log *prior*:
# $-\log \mu(w) = \lambda\|w\|_2^2 + \text{const}$ for a Gaussian prior,
# $\lambda\|w\|_1 + \text{const}$ for a Laplace prior. The Laplace prior's sharp peak at 0 becomes
# the penalty's kink, and it is the MAP, the minimiser of loss plus penalty, that sits at exactly
# 0; the posterior itself gives the value 0 probability 0 (its mean is not 0). Notebook 05
# develops this view; notebook 02 draws the
# same story as unit balls, notebook 03 shows why $p < 1$ misbehaves under gradient descent, and
# notebook 04 shows the proximal step that lands on 0 instead of jumping around it.
#
# ## Summary
#
# | penalty | slope at $0^+$ | minimiser as $\lambda$ grows |
# |---|---|---|
# | L2, $\lambda x^2$ | 0 | shrinks towards 0, never reaches it |
# | L1, $\lambda \lvert x\rvert$ | $\lambda$ | exactly 0 once $\lambda \ge \lvert f'(0)\rvert$ |
# | $p<1$, $\lambda \lvert x\rvert^p$ | $\infty$ | jumps from a nonzero value to 0 |

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace each `None` by your answer (a number, a letter, or the body of a function) and run the
# cell; the check tells you whether it is right. A wrong answer gets a hint, a second wrong
# answer a narrower one, and `hint(check_...)` asks for the next hint without answering. No
# hint contains code or the answer.
#
# **Exercise 1 (code).** Write `grid_minimizer(lam, p)`: the global minimiser of
# $f(x) + \lambda|x|^p$ on $[-2, 3]$ by a grid search (evaluate the objective on a fine grid and
# take the smallest). The check compares it with `regviz` on L2, L1 and $p = 1/2$.

# %%
from regviz.exercises import hint  # noqa: F401  (hint(check_...) gives the next hint)
from regviz.exercises.landscapes import (
    check_grid_minimizer,
    check_l2_lambda,
    check_minimizer,
    check_why_jump,
)


def grid_minimizer(lam, p):
    return None  # your code here


check_grid_minimizer(grid_minimizer)

# %% [markdown]
# **Exercise 2 (number).** With $p = 2$, which $\lambda$ puts the minimiser at $x^\star = 0.25$?
# (Use the condition that the slopes cancel at the minimiser.)

# %%
check_l2_lambda(None, x=0.25)

# %% [markdown]
# **Exercise 3 (number).** With $p = 0.6$ and $\lambda = 0.87$, where is the global minimiser, to
# three decimals? (Neither value is on the panel's sliders: your `grid_minimizer` answers it.)

# %%
check_minimizer(None, lam=0.87, p=0.6)

# %% [markdown]
# **Exercise 4 (concept).** Why does the minimiser jump for $p < 1$? Run the cell to see the
# options, then answer with one letter.

# %%
check_why_jump(None)
