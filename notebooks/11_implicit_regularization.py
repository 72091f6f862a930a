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
# # 11 · Implicit regularization: what gradient descent does when nobody adds a penalty
#
# Every notebook so far added a penalty on purpose. This one looks at the regularization that
# comes with the training itself: where gradient descent starts, and when it stops, decide
# which of many possible solutions it returns. Then it looks at **double descent**, the
# curve that seems to contradict notebook 00's U: past the point where a model can fit every
# training point, its test error can fall again. Everything is a linear model on fixed
# features, solved exactly in NumPy (no torch).
#
# **You will learn**
#
# - why gradient descent from $w_0 = 0$ on a problem with more unknowns than equations lands
#   on the **minimum-norm** solution, ridge's $\lambda \to 0$ limit;
# - why stopping gradient descent early is (almost) ridge with $\lambda \approx 1/(2\eta t)$,
#   and exactly how the two differ;
# - **double descent**: the test error of the minimum-norm fit peaks where the number of
#   features equals the number of training points, and a ridge penalty tuned on validation
#   data removes the peak (Nakkiran et al. 2021);
# - what this means for notebook 00's U-curve.
#
# **Convention** (as in notebook 00): the data term is half the mean squared error,
# $\frac{1}{2n}\|y - Xw\|^2$, ridge adds $\lambda\|w\|^2$, and the errors we report are plain
# mean squared errors (MSE).

# %%
import numpy as np

from regviz import generalization as gen
from regviz import implicit
from regviz.experiments import claims_summary, reproduce
from regviz.experiments.linear import d2l_data
from regviz.plots.implicit import plot_double_descent, plot_filters, plot_gd_to_min_norm
from regviz.widgets.controls import setup_notebook
from regviz.widgets.generalization import EarlyStoppingPanel
from regviz.widgets.implicit import DoubleDescentPanel

setup_notebook()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Gradient descent from 0 finds the minimum-norm solution
#
# Notebook 00's section 2 had d2l's regression: $n = 20$ samples, $d = 200$ features. Twenty
# equations $Xw = y$ for 200 unknowns have infinitely many exact solutions (any one of them
# plus any vector of the 180-dimensional null space of $X$). Which one does gradient descent
# pick? Its step on $\frac{1}{2n}\|y - Xw\|^2$ is
#
# $$w_{t+1} = w_t - \frac{\eta}{n} X^\top (Xw_t - y),$$
#
# always a combination of the rows of $X$. So the part of $w_0$ outside the row space never
# moves, and from $w_0 = 0$ every iterate stays *in* the row space. The only solution of
# $Xw = y$ there is the one of least norm,
#
# $$X^+ y = X^\top (XX^\top)^{-1} y = \lim_{\lambda \to 0}\,(X^\top X + 2n\lambda I)^{-1}
# X^\top y ,$$
#
# the pseudo-inverse's answer and the limit of ridge as $\lambda \to 0$. Nobody asked for a
# small norm: the start and the algorithm chose it.
#
# **Before you run it, predict:** started instead from a random $w_0$ (as d2l's older edition
# initialises its weights), does gradient descent still reach $X^+y$? If not, how far from it
# does it stop?

# %%
X, y, _, _ = d2l_data()
lr = 0.9 * len(y) / np.linalg.norm(X, 2) ** 2  # below 2n / s_max², the largest stable step
w_gd = implicit.gradient_descent(X, y, lr=lr, n_steps=3000)
w_pinv = np.linalg.pinv(X) @ y
print(f"||w_gd - pinv(X) y|| = {np.linalg.norm(w_gd - w_pinv):.2e}, "
      f"||X w_gd - y|| = {np.linalg.norm(X @ w_gd - y):.2e}")
assert np.allclose(w_gd, w_pinv, atol=1e-8)  # from 0: the minimum-norm interpolant
assert np.allclose(implicit.ridge_path(X, y, [1e-10])[0], w_pinv, atol=1e-6)  # ridge, λ → 0

# %%
w0 = np.random.default_rng(42).standard_normal(X.shape[1])  # (seed 0 drew X itself)
steps = np.arange(3001)
dist = {"from w0 = 0": implicit.distance_to_min_norm(X, y, lr=lr, n_steps=3000),
        "from a random w0": implicit.distance_to_min_norm(X, y, lr=lr, n_steps=3000, w0=w0)}
outside = np.linalg.norm(w0 - np.linalg.pinv(X) @ (X @ w0))  # w0's part off the row space
print(f"from a random start it levels off at {dist['from a random w0'][-1]:.3f}; the part of "
      f"w0 outside the row space has norm {outside:.3f}")
plot_gd_to_min_norm(steps, dist, floor={"from a random w0": outside});

# %% [markdown]
# From 0 the distance falls geometrically until rounding; from a random start it levels off
# at exactly the norm of the start's part outside the row space: gradient descent never
# touches those 180 directions. That is notebook 00's explanation of why d2l's unpenalized run
# fails, now as a measurement, and it is why initialising at (or near) 0 is itself a
# regularizer for least squares.

# %% [markdown]
# **What about SGD's step size and batch size?** Textbooks list them as implicit regularizers
# too (Understanding Deep Learning, section 9.2). **Predict first:** on this problem, do SGD runs
# with batches of 1, 5 and 20 rows and different steps end at different solutions? Each of their
# steps is again a combination of rows of $X$, so we measure:

# %%
for batch, step in ((1, 0.002), (5, 0.004), (20, lr)):
    w_sgd = implicit.sgd(X, y, lr=step, batch_size=batch, epochs=1000, seed=0)
    print(f"batch {batch:2d}, step {step:.4f}: ||w_sgd - pinv(X) y|| = "
          f"{np.linalg.norm(w_sgd - w_pinv):.1e}")

# %% [markdown]
# All three land on the same minimum-norm solution: on a linear least-squares problem started
# at 0, the step and the batch size change the path, not the end point. In a network the loss
# is not convex and its gradients are not confined to one fixed subspace, so the step and the
# batch size can change which solution training reaches; this notebook does not measure that.
# What they do change here is where the path is when you stop, which is the next section.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Early stopping is (almost) ridge
#
# Now stop before the end. In the SVD basis $X = USV^\top$ each direction evolves on its own:
# from $w_0 = 0$, after $t$ steps,
#
# $$w_t = \sum_j \big(1 - (1 - \eta s_j^2/n)^t\big)\,\frac{u_j^\top y}{s_j}\,v_j ,$$
#
# against ridge's $w = \sum_j \frac{s_j^2/n}{s_j^2/n + 2\lambda}\,\frac{u_j^\top y}{s_j}\,v_j$.
# Both factors are close to 1 for directions with $s_j^2/n$ large against their scale and
# close to 0 for the others; the scales match when $\eta t \approx 1/(2\lambda)$, so
#
# $$\text{stopping after } t \text{ steps} \;\approx\; \text{ridge with } \lambda \approx
# \frac{1}{2\eta t}$$
#
# ($1/(\eta t)$ in texts that write the penalty $\frac\lambda2\|w\|^2$). Below, the diabetes
# data of notebook 00: gradient descent's coefficients against $t$ (left), ridge's against
# $1/(2\eta\lambda)$ (right), on the same axis.
#
# **Before you move it, predict:** at small $t$, are the coefficients of gradient descent
# large or small? Which one grows first?

# %%
early = EarlyStoppingPanel(t=30)
early

# %% [markdown]
# The two panels tell the same story: the coefficients grow from 0, the strongest directions
# first. They are not equal (the readout gives their gap). How they differ is exact: with
# small steps $(1 - \eta s^2/n)^t \approx e^{-x}$, where $x = \eta t\,s_j^2/n$ measures a
# direction's strength times the time spent, and ridge's factor at the matched
# $\lambda = 1/(2\eta t)$ is $x/(1 + x)$. For every $x \ge 0$
#
# $$1 - e^{-x} \;\ge\; \frac{x}{1 + x}:$$
#
# - stopping shrinks **every** direction **less** than the matched ridge (it keeps more of
#   each);
# - on weak directions ($x \ll 1$) both are $x + O(x^2)$: they agree to first order;
# - what is sharper is the **knee**: stopping rises from 10 % to 90 % of a direction over a
#   narrower range of $x$ than ridge, so it is closer to keeping the strong directions whole
#   and dropping the weak ones than ridge's gentle shrinkage.

# %%
x = np.geomspace(1e-4, 1e4, 801)
assert np.all(implicit.stopping_factor(x) >= implicit.ridge_factor(x))  # less shrinkage
for kind in ("stopping", "ridge"):
    lo, hi = implicit.filter_knee(kind)
    print(f"{kind:8s}: 10 % at x = {lo:.3f}, 90 % at x = {hi:.3f} (a factor {hi / lo:.0f})")
plot_filters();

# %% [markdown]
# The correspondence needs a start at $w_0 = 0$ and plain gradient descent on a squared loss.
# SGD's noise, momentum, Adam's per-weight steps and the non-convex loss of a network all
# change it: for a network, stopping early is a regularizer, but no longer a known $\lambda$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Double descent
#
# Notebook 00 drew a U: as a model gets more freedom its test error first falls, then rises
# once it can memorise its training points. What happens if we keep adding freedom, far past
# that point? Take a two-layer network whose first layer is frozen at its random start: $N$
# **random ReLU features** $\phi_k(x) = \max(0, w_k^\top x)$ of inputs $x \in \mathbb{R}^{10}$,
# and fit only the output weights, by least squares, on $n = 100$ training points of a smooth
# target plus noise (standard deviation 0.5). For $N < 100$ the fit is ordinary least squares;
# for $N \ge 100$ there are many interpolants and we take the one gradient descent from 0
# would find, the minimum-norm one (section 1). Beside it, ridge with $\lambda$ chosen on 100
# separate validation points. Everything is averaged over 5 draws of data and features
# (`python -m regviz reproduce double-descent`, about two seconds).
#
# **Before you move the slider, predict:** at which width is the minimum-norm test error
# largest? What happens to the training error there? And far to the right, with 1,000
# features for 100 points, is the test error higher or lower than at the peak?

# %%
dd = reproduce("double-descent")
print(claims_summary(dd))
panel = DoubleDescentPanel(width=50, result=dd)
panel

# %% [markdown]
# Why the peak sits at $N = n$: the minimum-norm fit is
# $w = \sum_j \frac{u_j^\top y}{s_j} v_j$ over the singular values $s_j$ of the $n \times N$
# feature matrix (right panel). When the matrix is nearly square, its smallest singular value
# is close to 0, and the noise in $y$ along that direction is divided by it: the weights (and
# the test error) explode. Past the threshold, every extra feature adds a way to interpolate,
# the smallest singular value grows again, and the least-norm interpolant becomes smoother:
# the **second descent**. Ridge never divides by less than $s_j^2 + 2n\lambda$, and the
# validation set raises $\lambda$ with the width, so its curve has no peak at all.

# %%
curves = panel.curves
for width in (25, 46, 86, 100, 117, 251, 1000):
    i = int(np.argmin(np.abs(curves["widths"] - width)))  # the grid's nearest width
    print(f"width {curves['widths'][i]:4d}: min-norm test MSE {curves['min-norm'][i]:8.3g} (train "
          f"{curves['train'][i]:.2g}) | tuned ridge {curves['tuned-ridge'][i]:.3g} "
          f"at λ = {curves['lams'][i]:.2g}")
print(panel.describe())

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. What this means for notebook 00's U-curve
#
# Notebook 00 fitted a polynomial of degree 12 (13 parameters with the intercept) to 15
# points, and its $\lambda = 0$ fit had a huge test error. That fit sits two parameters below
# its own interpolation threshold: part of what 00 called memorising is the peak of a double
# descent. Sweep the degree on the same 15 points, with the minimum-norm fit and with ridge
# tuned on 00's 15 validation points:

# %%
poly = gen.polynomial_data()
sweep = implicit.degree_sweep(poly, [*range(1, 31), 40, 60, 100, 200])
k = int(np.argmax(sweep.min_norm_test))
i12 = int(np.flatnonzero(sweep.degrees == 12)[0])
print(f"min-norm peak at degree {sweep.degrees[k]} ({sweep.n_params[k]} parameters for "
      f"{sweep.n_train} points): test MSE {sweep.min_norm_test[k]:.3g}")
print(f"degree 12 (notebook 00): test MSE {sweep.min_norm_test[i12]:.3g}; degree 200: "
      f"{sweep.min_norm_test[-1]:.3g}; tuned ridge at most {sweep.ridge_test.max():.3g}")
plot_double_descent(sweep.n_params, {"min-norm": sweep.min_norm_test,
                                     "tuned-ridge": sweep.ridge_test},
                    n_train=sweep.n_train, train=sweep.min_norm_train,
                    xlabel="number of parameters (degree + 1)");

# %% [markdown]
# So 00's story (a model with about as many parameters as points memorises, and a penalty
# fixes it) is right about the parameters it looked at, and incomplete: with far more
# parameters than points, the minimum-norm interpolant's test error falls again (here by two
# orders of magnitude from 00's degree 12), and a well-tuned penalty makes the whole curve flat
# and low. What a model's size does to its test error depends on how the fit chooses among the
# solutions, not only on how many parameters it has. The networks of notebooks 06 and 07 have
# far more weights than training digits: they sit far past their own threshold, where a count
# of parameters says little about the test error.

# %% [markdown]
# ## Summary
#
# - Gradient descent from 0 on an underdetermined least-squares problem converges to the
#   minimum-norm solution $X^+y$, ridge's $\lambda \to 0$ limit; a start $w_0$ keeps its part
#   outside the row space forever. SGD with any batch size and any stable step ends there too
#   (measured): on linear least squares they change the path, not the end point.
# - Stopping after $t$ steps of size $\eta$ is close to ridge with $\lambda = 1/(2\eta t)$: per
#   direction $1 - e^{-x}$ against $x/(1 + x)$, $x = \eta t s^2/n$. Stopping shrinks every
#   direction less, agrees with ridge to first order on weak directions, and has the sharper
#   knee.
# - Double descent: with $n$ fixed, the minimum-norm fit's test error peaks at $N = n$ features,
#   where the smallest singular value of the features is near 0, and falls again beyond; ridge
#   tuned on validation data has no peak (Nakkiran et al. 2021).
# - Notebook 00's 13-parameter, 15-point polynomial sits near its interpolation threshold;
#   the same data show the second descent.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace each `None` by your answer (a number, a letter, or the body of a function) and run the
# cell; the check tells you whether it is right. A wrong answer gets a hint, a second wrong
# answer a narrower one, and `hint(check_...)` asks for the next hint without answering. No
# hint contains code or the answer.
#
# **Exercise 1 (code).** Write `min_norm_solution(X, y)` for $X$ with fewer rows than columns
# (and full row rank) without `pinv` or `lstsq`: the interpolant of least norm. The check
# compares it with the pseudo-inverse on random problems.

# %%
from regviz.exercises import hint  # noqa: E402, F401  (hint(check_...) gives the next hint)
from regviz.exercises.implicit import (  # noqa: E402
    check_gd_factor,
    check_min_norm,
    check_peak_reason,
)


def min_norm_solution(X, y):
    return None  # your code here


check_min_norm(min_norm_solution)

# %% [markdown]
# **Exercise 2 (number).** A direction with $s^2/n = 0.5$, step $\eta = 0.1$, gradient descent
# from 0 stopped after $t = 30$ steps: what exact factor of its least-squares value does it
# carry (four decimals)? Compare it with ridge's factor at the matched $\lambda$.

# %%
check_gd_factor(None, s2_over_n=0.5, lr=0.1, t=30)

# %% [markdown]
# **Exercise 3 (concept).** Why does the minimum-norm test error peak at width
# $= n_{\text{train}}$? Run the cell to see the options, then answer with one letter.

# %%
check_peak_reason(None)
