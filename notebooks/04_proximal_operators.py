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
# # 04 · Proximal operators: landing on zero instead of jumping over it
#
# A gradient step on $\lambda|w|$ moves every weight by $\eta\lambda$ towards 0, whatever its
# size, so a small weight jumps *over* 0. The proximal step moves it by at most its own size: it
# stops *at* 0.
#
# **You will learn**
#
# - the proximal operator and its closed forms: shrinkage (L2), soft threshold (L1), hard
#   threshold (L0), half threshold ($L_{1/2}$), elastic net, with their thresholds;
# - the lecture's step $w' - \min(\lambda, |w'|)\operatorname{sign}(w')$, and why it is the soft
#   threshold;
# - the primer's plateau: under subgradient steps, weights with a weak data gradient spread
#   uniformly over $[-\eta\lambda, \eta\lambda]$, width $2\eta\lambda$, measured here;
# - ISTA (proximal gradient) vs subgradient descent on a sparse regression: a lower objective,
#   and exact zeros only with the prox.

# %%
import numpy as np
from sklearn.linear_model import Lasso

from regviz import dynamics, solvers
from regviz.penalties import L1
from regviz.plots.prox import plot_plateau_widths, plot_solver_comparison
from regviz.solvers import lipschitz_step, subgradient_descent
from regviz.widgets.controls import setup_notebook
from regviz.widgets.prox import PlateauPanel, ProxMapPanel, SolverPanel, SubgradProxPanel

setup_notebook()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The proximal operator
#
# For a penalty $\mathrm{pen}$ and a step $t$ (learning rate times $\lambda$ when the penalty has
# weight $\lambda$), the proximal operator is the exact minimiser
#
# $$\operatorname{prox}_{t\,\mathrm{pen}}(z) = \arg\min_x\;\tfrac12 (x - z)^2 + t\,\mathrm{pen}(x):$$
#
# stay close to $z$, but pay the penalty. Each of our penalties has a closed form:
#
# | penalty | $\operatorname{prox}_{t\,\mathrm{pen}}(z)$ | 0 when |
# |---|---|---|
# | $L_2$: $w^2$ | $z / (1 + 2t)$ | only $z = 0$ |
# | $L_1$: $\lvert w\rvert$ | $\operatorname{sign}(z)\max(\lvert z\rvert - t, 0)$ (soft) | $\lvert z\rvert \le t$ |
# | $L_0$: $[w \ne 0]$ | $z$ if $\lvert z\rvert > \sqrt{2t}$, else 0 (hard) | $\lvert z\rvert \le \sqrt{2t}$ |
# | $L_{1/2}$: $\sqrt{\lvert w\rvert}$ | $\tfrac23 z\,(1 + \cos(\tfrac{2\pi}{3} - \tfrac23\varphi))$, $\varphi = \arccos(\tfrac t4 (\lvert z\rvert/3)^{-3/2})$ (half) | $\lvert z\rvert \le \tfrac32 t^{2/3}$ |
# | elastic net: $\lvert w\rvert + \tfrac12 w^2$ | $\operatorname{soft}(z, t) / (1 + t)$ | $\lvert z\rvert \le t$ |
#
# (The elastic-net row is notebook 08's $\lambda(a|w| + (1-a)w^2)$ with $\lambda = \tfrac32$,
# $a = \tfrac23$.)
#
# L2 only shrinks; L1 shrinks and sets a whole interval to 0; L0 and $L_{1/2}$ *jump*: below the
# threshold 0 wins, above it the answer is a clearly nonzero value. The dashed lines are
# `penalty.threshold(t)`. **Before you move $t$, predict:** from $t = 0.5$ to $t = 1$, which
# thresholds double, and which grow by less? Then move it (the tests check every closed form
# against a brute-force minimisation).

# %%
prox_panel = ProxMapPanel(step_lam=0.5)
prox_panel

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Subgradient step vs proximal step
#
# The lecture notes write the L1 update in two ways. The subgradient step (a *subgradient* is
# the slope of a line that touches the function at a point and stays below it, a stand-in for
# the derivative: at the kink of $|w|$ every slope in $[-1, 1]$, elsewhere the derivative;
# $\operatorname{sign}(w)$ is one)
#
# $$w_{t+1} = w_t - \eta g_t - \lambda\operatorname{sign}(w_t)$$
#
# is "almost identical to" (lecture) the same step split in two lines, first the data step to
# an intermediate $w'_t$, then the penalty:
#
# $$w'_t = w_t - \eta g_t, \qquad w_{t+1} = w'_t - \lambda\operatorname{sign}(w'_t).$$
#
# Of this split the lecture says: "This update may overshoot, and result in a component of
# $w'_t$ strictly on one side of 0, while the same component in $w_{t+1}$ is strictly on the
# other" (lecture). The proximal step clips the move:
#
# $$w'_t = w_t - \eta g_t, \qquad w_{t+1} = w'_t - \min(\lambda, |w'_t|)\odot\operatorname{sign}
# (w'_t).$$
#
# (The notes' $\lambda$ is the product $\eta\lambda$ here.) If $|w'| \le \lambda$ the second line
# gives $w' - |w'|\operatorname{sign}(w') = 0$; otherwise $w' - \lambda\operatorname{sign}(w')$:
# that is exactly the soft threshold, $\operatorname{prox}_{\lambda|\cdot|}(w')$.

# %%
w_prime = np.array([-1.0, -0.2, 0.0, 0.25, 0.5, 2.0])
print("w':               ", w_prime)
print("lecture's step:   ", dynamics.lecture_prox_step(w_prime, 0.3))
assert np.array_equal(dynamics.lecture_prox_step(w_prime, 0.3), L1(1.0).prox(w_prime, step=0.3))  # the soft threshold

# %% [markdown]
# On the 1D problem $\tfrac12(w - 0.3)^2 + \lambda|w|$ the minimiser is $\max(0.3 - \lambda, 0)$:
# exactly 0 once $\lambda \ge 0.3$. Starting from $w_0 = 1$, the proximal iterate reaches 0 and
# stays; the subgradient iterate hops across 0 at every step, within about $\eta\lambda$ of it.
# **Before you move it, predict:** at $\lambda = 0.2$, where does each iterate end up?

# %%
sub_panel = SubgradProxPanel(lr=0.1, lam=0.5)
sub_panel

# %%
kw = {"lr": 0.1, "n_steps": 60, "curvature": 1.0, "target": 0.3}
sub = dynamics.gd_trajectory(L1(0.5), 1.0, **kw)
prox = dynamics.prox_trajectory(L1(0.5), 1.0, **kw)
first = int(np.argmax(prox == 0))
print("prox from step", first, ": exactly 0;  subgradient, last 6 steps:", sub[-6:].round(4))
assert first > 0 and np.all(prox[first:] == 0.0)  # lands on 0 and stays
assert np.all(sub[first:] != 0)  # the subgradient iterate never does

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The plateau of width 2ηλ
#
# The primer: with "too large" $\lambda$, "the weights uniformly take values around zero ... if
# $w$ is around zero, but slightly positive, then it will be pushed towards $-\alpha\lambda$ when
# the penalty is applied. Hence, the plateau's width should be $2\times\alpha\lambda$" (primer).
#
# We measure it: 2,000 weights in the panel (4,000 in the check below), each with a weak data term (its pull near 0 a few percent of
# $\lambda$), start uniform in $[-0.5, 0.5]$ and take subgradient steps until all have arrived.
# A weight walks to 0 in steps of $\approx\eta\lambda$; where it first crosses depends on where it
# started, so the population ends spread evenly over $[-\eta\lambda, \eta\lambda]$. The
# histogram is in units of $\eta\lambda$; the readout compares the width $2\sqrt3\,\mathrm{std}$
# (the width of the uniform law with the same spread) to $2\eta\lambda$:

# %%
plateau = PlateauPanel(lr=0.1, lam=0.5)
plateau

# %%
products, widths = [], []
for lr in (0.01, 0.03, 0.1, 0.3):
    for lam in (0.1, 0.3, 1.0):
        w_final = dynamics.plateau_simulation(lr, lam, n_weights=4000, seed=1)
        products.append(lr * lam)
        widths.append(dynamics.plateau_width(w_final))
        assert abs(widths[-1] / (2 * lr * lam) - 1) < 0.03, (lr, lam, widths[-1])
order = np.argsort(products)
products, widths = np.array(products)[order], np.array(widths)[order]
print("measured width / (2 lr lam):", (widths / (2 * products)).round(3))
plot_plateau_widths(products, widths);

# %% [markdown]
# Every measured width is within 3 % of $2\eta\lambda$, over a factor 300 in $\eta\lambda$. The
# proximal step has no plateau: the same weights would all sit at exactly 0.

# %%
w_sub = dynamics.plateau_simulation(0.1, 0.5, n_weights=4000, seed=1)
assert np.sum(w_sub == 0) == 0  # subgradient: not a single exact zero
rng = np.random.default_rng(1)
w_prox, m = rng.uniform(-0.5, 0.5, 4000), rng.standard_normal(4000)
for _ in range(200):  # same data term, proximal steps
    w_prox = L1(0.5).prox(w_prox - 0.1 * 0.025 * (w_prox - m), step=0.1)
print("exact zeros: subgradient", np.sum(w_sub == 0), "of 4000, proximal", np.sum(w_prox == 0))
assert np.all(w_prox == 0)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## ISTA vs subgradient descent on a sparse regression
#
# A seeded problem: $n = 100$ samples, $d = 40$ features, only the first 5 true weights nonzero,
# and the lasso objective (scikit-learn's scaling, which is regviz's convention with its data
# term, half the mean squared error: scikit-learn's `alpha` is our $\lambda$)
#
# $$F(w) = \frac{1}{2n}\|y - Xw\|^2 + \lambda\|w\|_1, \qquad \lambda = 0.1 .$$
#
# Both methods take the step $\eta = 1/L$, $L = \sigma_{\max}(X)^2/n$. ISTA does
# $w \leftarrow \operatorname{prox}_{\eta\lambda\|\cdot\|_1}(w - \eta\nabla g(w))$; subgradient
# descent does $w \leftarrow w - \eta(\nabla g(w) + \lambda\operatorname{sign}(w))$.

# %%
X, y, w_true = dynamics.sparse_regression(100, 40, n_nonzero=5, noise=0.1, seed=0)
lam, lr = 0.1, lipschitz_step(X)
res_ista = solvers.ista(X, y, L1(lam), lr=lr, n_iter=300, accelerated=False)  # not FISTA
res_sub = subgradient_descent(X, y, L1(lam), lr=lr, n_iter=300)
sk = Lasso(alpha=lam, fit_intercept=False, tol=1e-12, max_iter=100000).fit(X, y)
print(f"objective: ISTA {res_ista.objective[-1]:.6f}, subgradient {res_sub.objective[-1]:.6f}")
print(f"exact zeros: ISTA {np.sum(res_ista.w == 0)}, subgradient {np.sum(res_sub.w == 0)}, "
      f"true {np.sum(w_true == 0)}")
assert np.allclose(res_ista.w, sk.coef_, atol=1e-7)  # ISTA solves the lasso (scikit-learn agrees)
assert np.sum(res_sub.w == 0) == 0  # subgradient: no exact zero at all

# %%
obj = np.asarray(res_ista.objective)
print(f"ISTA within 1e-14 (relative) of its optimum after "
      f"{int(np.argmax(obj - obj.min() <= 1e-14 * obj.min()))} iterations")
plot_solver_comparison(res_ista, res_sub, w_true);

# %% [markdown]
# ISTA's objective falls geometrically to the optimum (to machine precision within the number
# of iterations printed above); the subgradient method with a fixed step stalls about $10^{-1}$ above it, because
# its iterates keep hopping across 0 by about $\eta\lambda$ in every coordinate that should be 0:
# every one of its 35 "zero" weights is a small nonzero number. Only the proximal step produces
# the sparsity pattern of the truth.
#
# Move $\lambda$: both solvers were run once for 25 values from $0.01$ to $1$ (the slider picks
# the nearest). ISTA's number of exact zeros grows with $\lambda$ (all 35 true zeros from
# $\lambda \approx 0.03$; at $\lambda = 1$ it zeroes true features too); subgradient descent
# never produces one, and its excess objective over ISTA's grows from under $10^{-3}$ at
# $\lambda = 0.01$ to more than $10$ at $\lambda = 1$ (both printed below): its hops across 0 are $\eta\lambda$ wide.

# %%
solver_panel = SolverPanel(lam=0.1)
solver_panel

# %%
zeros_ista = [int(np.sum(r_i.w == 0)) for r_i, _ in solver_panel.results]
print("lambda:           ", solver_panel.lams[::4].round(3))
print("ISTA exact zeros: ", zeros_ista[::4])
assert all(np.sum(r_s.w == 0) == 0 for _, r_s in solver_panel.results)  # subgradient: never
excess = [r_s.objective[-1] - r_i.objective[-1] for r_i, r_s in solver_panel.results]
print("subgradient's excess objective at lambda = 0.01, 0.1, 1:",
      np.round([excess[0], excess[12], excess[-1]], 4))

# %% [markdown]
# ## Summary
#
# - The proximal step solves its own small problem, $\min_x \tfrac12(x - w')^2 + t\,\mathrm{pen}(x)$,
#   exactly, one weight at a time: the proximal subproblem, not the penalised training problem,
#   which ISTA solves by repeating gradient step and prox. For L1 the prox is the soft
#   threshold, i.e. the lecture's $w' - \min(\lambda, |w'|)\operatorname{sign}(w')$.
# - Thresholds: $t$ (L1, elastic net), $\sqrt{2t}$ (L0), $\tfrac32 t^{2/3}$ ($L_{1/2}$); L2 has
#   none, it only shrinks.
# - Subgradient L1 steps leave weights hopping in $[-\eta\lambda, \eta\lambda]$, a plateau of
#   width $2\eta\lambda$ (measured: within 3 %); proximal steps put them at exactly 0.
# - On a lasso problem ISTA reaches the optimum and its exact zeros; subgradient descent with a
#   constant step does neither. With a decreasing step (e.g. $\eta_k \propto 1/\sqrt k$) it does
#   converge in objective, slowly, but its iterates still have no exact zeros.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace each `None` by your answer (a number, a letter, or the body of a function) and run the
# cell; the check tells you whether it is right. A wrong answer gets a hint, a second wrong
# answer a narrower one, and `hint(check_...)` asks for the next hint without answering. No
# hint contains code or the answer.
#
# **Exercise 1 (code).** The nonnegative lasso allows only $w \ge 0$. Write `nonneg_prox(z, t)`,
# its proximal step: the minimiser of $\tfrac12(x - z)^2 + t\,x$ over $x \ge 0$. It should work
# on a number and on a NumPy array. (It is not in the table: derive it.)

# %%
from regviz.exercises import hint  # noqa: F401  (hint(check_...) gives the next hint)
from regviz.exercises.prox import (
    check_half_threshold_lam,
    check_ista,
    check_nonneg_prox,
    check_why_prox_zeros,
)


def nonneg_prox(z, t):
    return None  # your code here


check_nonneg_prox(nonneg_prox)

# %% [markdown]
# **Exercise 2 (code).** Write `ista(X, y, lam, lr, n_iter)`, which starts from $w = 0$ and takes
# `n_iter` proximal gradient steps on $\frac{1}{2n}\|y - Xw\|^2 + \lambda\|w\|_1$ (a gradient
# step on the data term, then the soft threshold of the table), and returns $w$.

# %%
def ista(X, y, lam, lr, n_iter):
    return None  # your code here


check_ista(ista)

# %% [markdown]
# **Exercise 3 (number).** For $L_{1/2}$ with step $0.2$: which $\lambda$ makes the prox send
# every $|z| \le 0.8$ to exactly 0, and nothing larger? (Invert the table's threshold.)

# %%
check_half_threshold_lam(None, step=0.2, tau=0.8)

# %% [markdown]
# **Exercise 4 (concept).** Why does a proximal step give exact zeros when a subgradient step
# does not? Run the cell to see the options, then answer with one letter.

# %%
check_why_prox_zeros(None)
