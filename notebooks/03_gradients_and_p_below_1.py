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
# # 03 · The penalty's pull, and why p < 1 misbehaves under gradient descent
#
# A penalty $\lambda|w|^p$ acts on a weight through its slope: every gradient step moves the
# weight by the learning rate times that slope. How big is the pull at each weight, and what
# does it do to a weight near 0?
#
# **You will learn**
#
# - how the pull $|\tfrac{d}{dw}\lambda|w|^p| = p\lambda|w|^{p-1}$ behaves near 0 for
#   $p = 2$, $1$ and $1/2$ (it vanishes, stays constant, explodes);
# - what plain gradient descent does with each: L2 shrinks by a factor forever (Zeno), L1 steps
#   by $\eta\lambda$ and hops across 0, the square root overshoots and never settles;
# - the amplitude of the square root's 2-cycle, $a = (\eta\lambda/4)^{2/3}$, derived and checked,
#   its (in)stability, and what it says about the Q&A's report that the *sum of square roots*
#   stays near 50 whatever $\lambda$ (so the penalty itself grows with $\lambda$: 5, 50, 5000);
# - why autograd returns NaN for `torch.sqrt(w.abs())` at exactly $w = 0$, and what regviz does
#   instead (the least-magnitude subgradient, and the proximal step that lands on exact zeros).

# %%
import numpy as np

from regviz import dynamics
from regviz.penalties import L1, L2, Lp
from regviz.plots.dynamics import plot_penalty_level, plot_sqrt_orbits
from regviz.widgets.controls import setup_notebook
from regviz.widgets.dynamics import SlopePanel, TrajectoryPanel

setup_notebook()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How hard does the penalty pull?
#
# The penalty $\lambda|w|^p$ has the derivative
#
# $$\frac{d}{dw}\,\lambda|w|^p = p\,\lambda\,\operatorname{sign}(w)\,|w|^{p-1}.$$
#
# On log-log axes its magnitude is a straight line of slope $p - 1$:
#
# - **square** ($p = 2$): $2\lambda|w|$, the pull *vanishes* as $w \to 0$;
# - **absolute** ($p = 1$): $\lambda$, the same pull at every weight;
# - **root** ($p = 1/2$): $\lambda / (2\sqrt{|w|})$, the pull *explodes* as $w \to 0$.
#
# The Q&A answer's point: a regulariser should pull *less* (or at most as hard) as a weight
# approaches 0. For $p < 1$ it pulls *harder*, and an update proportional to the pull throws the
# weight across 0. Move $p$ (dashed line) and $\lambda$ (all curves move up and down together):

# %%
slopes = SlopePanel(p=0.5, lam=1.0)
slopes

# %% [markdown]
# `Lp(p, lam).grad` is that derivative (the tests check it against autograd). The root's pull,
# as the weight comes closer to 0:

# %%
root = Lp(0.5, 1.0)
print("pull of the root at |w| = 1, 1e-2, 1e-4, 1e-8:", root.grad(np.array([1, 1e-2, 1e-4, 1e-8])))
assert root.grad(1e-8) == 5000.0  # 1 / (2 sqrt(1e-8)): the closer to 0, the harder the push

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Gradient descent on the penalty alone
#
# The Q&A writes the 1D update for $L(\theta) = l(\theta) + \lambda\sqrt{|\theta|}$ as
# $\theta_{n+1} = \theta_n + \alpha\bigl(l'(\theta_n) \pm \lambda/\sqrt{|\theta_n|}\bigr)$. Its
# formula has a sign slip (with $+\alpha$ it would climb the loss: gradient *ascent*) and drops the $\tfrac12$
# of $\frac{d}{dw}\sqrt{|w|} = \frac{\operatorname{sign}(w)}{2\sqrt{|w|}}$. Corrected, with our
# names ($w$, learning rate $\eta$), the descent step is
#
# $$w_{t+1} = w_t - \eta\left(l'(w_t) \pm \frac{\lambda}{2\sqrt{|w_t|}}\right).$$
#
# To see what the penalty does by itself, take $l = 0$ and start at $w_0 = 1$:
#
# | penalty | update | what happens |
# |---|---|---|
# | $\lambda w^2$ | $w_{t+1} = (1 - 2\eta\lambda)\,w_t$ | shrinks by a fixed factor: $w_t = (1-2\eta\lambda)^t$, never 0 if $2\eta\lambda < 1$ |
# | $\lambda\lvert w\rvert$ | $w_{t+1} = w_t - \eta\lambda\operatorname{sign}(w_t)$ | walks down in steps of $\eta\lambda$, then hops across 0 forever |
# | $\lambda\sqrt{\lvert w\rvert}$ | $w_{t+1} = w_t - \dfrac{\eta\lambda\operatorname{sign}(w_t)}{2\sqrt{\lvert w_t\rvert}}$ | the closer it gets to 0, the harder it is thrown away |
#
# The primer's Zeno: "even if you remove $x\%$ of a number billions of times, the diminished
# number will still never quite reach zero" (primer). That holds while the factor $1 - 2\eta\lambda$ is in
# $(0, 1)$, i.e. $2\eta\lambda < 1$. At $2\eta\lambda = 1$ the weight is exactly 0 after one step;
# for $1 < 2\eta\lambda < 2$ the factor is negative, and the weight changes sign at every step
# while it shrinks; for $2\eta\lambda > 2$ it grows: gradient descent diverges.
#
# Move the learning rate and $\lambda$; the dotted lines are the L1 band $\pm\eta\lambda$ and the
# root's cycle amplitude $\pm a$ (next section). **Before you move them, predict:** if you double
# $\lambda$, does the L1 band get wider or narrower? Does the root's weight settle closer to 0?

# %%
traj = TrajectoryPanel(lr=0.1, lam=0.3)
traj

# %%
lr, lam, n = 0.1, 0.3, 200
w_l2 = dynamics.gd_trajectory(L2(lam), 1.0, lr=lr, n_steps=n)
w_l1 = dynamics.gd_trajectory(L1(lam), 1.0, lr=lr, n_steps=n)
w_sq = dynamics.gd_trajectory(Lp(0.5, lam), 1.0, lr=lr, n_steps=n)
print("last L2 weights:", w_l2[-2:], " last L1 weights:", w_l1[-2:].round(4))
assert np.all(w_l2 > 0)  # Zeno: never 0
assert np.all(w_l1 != 0)  # L1's gradient steps hop across 0 but never land on it
late = w_sq[50:]
print(f"root, steps 50-200: {np.sum(np.diff(np.sign(late)) != 0)} sign changes, "
      f"|w| from {np.abs(late).min():.2g} to {np.abs(late).max():.2g}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The square root's 2-cycle
#
# With $l = 0$ the root's update is the odd map $g(w) = w - \eta\lambda\operatorname{sign}(w) /
# (2\sqrt{|w|})$. Is there a weight $a > 0$ that jumps to exactly $-a$, and then (by symmetry)
# back to $a$? We need the step to be $2a$:
#
# $$a - \frac{\eta\lambda}{2\sqrt a} = -a \iff 2a = \frac{\eta\lambda}{2\sqrt a}
# \iff a^{3/2} = \frac{\eta\lambda}{4} \iff \boxed{a = \left(\frac{\eta\lambda}{4}\right)^{2/3}}.$$
#
# **Is it stable?** For $w > 0$, $g'(w) = 1 + \eta\lambda / (4w^{3/2})$; at $w = a$ the fraction
# is $\eta\lambda / (4 a^{3/2}) = 1$, so $g'(a) = 2$, and $g'(-a) = 2$ by symmetry. Two steps
# multiply a small deviation from the cycle by $g'(-a)\,g'(a) = 4$: **the cycle repels**. A
# weight near it does not stay; it wanders, chaotically, without converging anywhere.
#
# **But it sets the scale.** Write $w = a\,u$: the map becomes $u \mapsto u - 2\operatorname{sign}
# (u)/\sqrt{|u|}$, with no $\eta$ and no $\lambda$ left. So whatever $\eta\lambda$, the weight
# fluctuates around 0 on the scale $a$: "The more we get close to zero, the less we get close to
# zero!" (Q&A)

# %%
for lr_lam in (1e-4, 1e-2, 0.3):
    a = dynamics.sqrt_cycle_amplitude(lr_lam, 1.0)
    g = lambda w, c=lr_lam: dynamics.sqrt_step(w, lr=c, lam=1.0)  # noqa: E731
    eps = 1e-7 * a
    multiplier = (g(g(a + eps)) - a) / eps  # two steps, measured by finite difference
    print(f"lr*lam = {lr_lam:g}: a = {a:.5g}, g(a) = {g(a):.5g}, two-step multiplier {multiplier:.4f}")
    assert abs(g(a) + a) <= 1e-14 * a  # a lands on -a

# %% [markdown]
# Three values of $\eta\lambda$, a factor 100 apart, 20,000 steps from $w_0 = 1$. Left: the last
# 150 steps; each orbit rattles around its own $a$ (dotted), never settling. Right: how often
# $|w_t|/a$ takes each value after the first 5,000 steps (per decade): nearly the same
# distribution for all three, peaked near $|w| \approx 3a$, with a long right tail of rare large
# excursions (a weight that lands very close to 0 is thrown very far, and walks back slowly; at
# the largest $\eta\lambda$ one such excursion shows as a bump a few hundred $a$ out).

# %%
plot_sqrt_orbits((1e-3, 1e-2, 1e-1), n_steps=20000, burn_in=5000);

# %%
for lr_lam in (1e-3, 1e-2, 1e-1):
    a = dynamics.sqrt_cycle_amplitude(lr_lam, 1.0)
    orbit = dynamics.gd_trajectory(Lp(0.5, 1.0), 1.0, lr=lr_lam, n_steps=20000)[5000:]
    median = np.median(np.abs(orbit)) / a
    print(f"lr*lam = {lr_lam:g}: median |w|/a = {median:.2f}, never exactly 0: {np.all(orbit != 0)}")
    assert 1 < median < 10 and np.all(orbit != 0)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What the cycle says about the Q&A's plateau
#
# The Q&A reports that with the root penalty the loss settles at about $5$ for $\lambda = 0.1$,
# $50$ for $\lambda = 1$, $5000$ for $\lambda = 100$: "apparently the weights settle down at a
# point where the sum of their square roots equals ~50, regardless of lambda" (Q&A).
#
# The cycle model: if $N$ weights have a weak data gradient, each ends up fluctuating on the scale
# $a$, so
#
# $$\sum_i \sqrt{|w_i|} \approx C\,N\sqrt a = C\,N\left(\frac{\eta\lambda}{4}\right)^{1/3},
# \qquad \text{penalty} = \lambda\sum_i\sqrt{|w_i|} \approx C\,N\,\frac{\eta^{1/3}}{4^{1/3}}
# \lambda^{4/3},$$
#
# with $C$ a number of order 1 fixed by the orbit. We simulate $N = 2000$ weights, each with a
# weak quadratic data term $\tfrac12(w - m_i)^2$, $m_i \sim N(0, 0.1^2)$, $\eta = 0.01$, and
# measure $\sum_i\sqrt{|w_i|}$ averaged over the last 1000 of 3000 steps:

# %%
lams = np.array([0.01, 0.1, 1.0, 10.0, 100.0])
level = dynamics.sqrt_penalty_level(lams, lr=0.01, n_weights=2000)
cycle = 2000 * np.sqrt([dynamics.sqrt_cycle_amplitude(0.01, lam) for lam in lams])
C = level / cycle
print("lambda:                ", lams)
print("sum sqrt|w| simulated: ", level.round(1))
print("C = simulated / N sqrt(a):", C.round(3))
assert np.all(np.abs(C[2:] / C[2] - 1) < 0.05)  # penalty-dominated: a fixed multiple of N sqrt(a)
slope = np.polyfit(np.log(lams[2:]), np.log(level[2:]), 1)[0]
print(f"log-log slope of sum sqrt|w| against lambda, lambda >= 1: {slope:.3f} (cycle: 1/3)")
assert abs(slope - 1 / 3) < 0.02

# %%
plot_penalty_level(lams, level, cycle, qa={0.1: 5.0, 1.0: 50.0, 100.0: 5000.0});

# %% [markdown]
# **What the cycle explains.** The penalty does not go to 0: the weights cannot come closer to 0
# than about $a$, so the penalty term stays large and grows with $\lambda$ (here like
# $\lambda^{4/3}$), while the weights with a strong data gradient keep values close to their
# unpenalised ones and the others only rattle around 0. Whether that keeps a network's accuracy
# the model cannot say: the Q&A reports accuracies as without penalty, but in notebook 07 every
# setup we tried lost its accuracy once the penalty dominated (test error at chance, about 0.9,
# in its reference runs from $\lambda = 0.1$ on). It also explains why the sum of square roots
# moves much less than $\lambda$: a
# factor 1000 in $\lambda$ changes it by $1000^{1/3} = 10$, a slow growth, not a constant. For small $\lambda$ the data term wins and sets the sum, which
# leaves the cycle's line (left of the plot).
#
# **Where it stops explaining.** The Q&A's sums are *flat* ($\approx 50$ at $\lambda = 0.1, 1,
# 100$: squares on the plot), not growing by 10. And the level is far off: an MNIST-sized
# network has $N \sim 10^5$ weights (the Q&A does not say how many), and with $\eta = 0.01$, $\lambda = 1$ the model predicts $C N\sqrt a
# \approx 2 \cdot 10^5 \cdot 0.14 \approx 27{,}000$, not 50. We do not know the Q&A's $N$,
# learning rate, momentum, batch noise or which parameters were penalised, and a network's
# weights are coupled through the loss, not independent 1D problems; the simple model gives the
# mechanism (weights trapped on a $\lambda$-dependent scale around 0), not their numbers.

# %%
N_net, lr_net = 1e5, 0.01
predicted_at_1 = C[2] * N_net * np.sqrt(dynamics.sqrt_cycle_amplitude(lr_net, 1.0))
print(f"cycle model, N = 1e5, lr = 0.01, lambda = 1: sum sqrt|w| ~ {predicted_at_1:,.0f} (Q&A: ~50)")
assert predicted_at_1 > 100 * 50  # honest: the simple model is far off the Q&A's level

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Autograd at exactly zero: NaN
#
# The Q&A's code adds `lambda * torch.sqrt(p.abs()).sum()` to the loss. Autograd differentiates it
# by the chain rule: $\frac{d}{dw}\sqrt{|w|} = \frac{1}{2\sqrt{|w|}}\cdot\operatorname{sign}(w)$.
# At exactly $w = 0$ torch uses $\operatorname{sign}(0) = 0$ for `abs` and $\frac{1}{2\sqrt 0} =
# \infty$ for `sqrt`, and $\infty \cdot 0$ is **NaN** in floating point. One NaN weight makes the
# next loss NaN, a plausible cause of the Q&A's "becomes nan around epoch 70" (Q&A) with small
# $\lambda$ (we cannot rerun their network to be sure). Torch is imported only in this cell, and
# only if it is installed (the browser-only edition of these notebooks has no torch).

# %%
try:
    import torch
except ImportError:
    torch = None
    print("torch is not installed here: autograd's NaN at 0 shows where torch is available.")
if torch is not None:
    w = torch.tensor([0.0, 1e-8, -0.25], requires_grad=True)
    torch.sqrt(w.abs()).sum().backward()
    print("autograd of torch.sqrt(w.abs()) at w = 0, 1e-8, -0.25:", w.grad.tolist())
    v = torch.tensor([0.0, 1e-8, -0.25], requires_grad=True)
    Lp(0.5, 1.0).value(v).sum().backward()  # regviz's value: its backward uses Lp.grad
    print("autograd of Lp(0.5).value(w)        at w = 0, 1e-8, -0.25:", v.grad.tolist())

# %% [markdown]
# **What regviz does instead.**
#
# 1. `Lp(0.5, lam).grad(w)` returns $0$ at exactly $w = 0$: the subgradient of least magnitude.
#    (A *subgradient* at a kink is the slope of a line through that point that stays below the
#    function nearby, a stand-in for the missing derivative; at the cusp of $\sqrt{|w|}$, which
#    rises faster than any line next to 0, every slope in $(-\infty, \infty)$ qualifies, and 0
#    is the smallest. Notebook 04 uses them.)
#    Near 0 it returns the true, huge slope, never a silent NaN.
# 2. `Lp(0.5, lam).value(w)` on a tensor that requires grad uses that `grad` in its backward
#    pass, so a weight at exactly 0 gets gradient 0, not NaN.
# 3. That removes the NaN but not the explosion next to 0. The cure is the **proximal step**
#    (notebook 04 defines it): take the gradient step on the data term only, giving $z$, then,
#    instead of following the penalty's slope, solve
#    $\min_x \tfrac12(x - z)^2 + \eta\lambda\sqrt{|x|}$ exactly (`Lp(0.5, lam).prox`; for
#    $p = \tfrac12$ this minimiser has a closed form, the *half thresholding* operator). It
#    sends every $|z| \le \tfrac32(\eta\lambda)^{2/3}$ to exactly 0 (notebook 04 draws it): no
#    division by $\sqrt{|w|}$, no overshoot.

# %%
lr, lam = 0.01, 1.0
w_prox = dynamics.prox_trajectory(Lp(0.5, lam), 1.0, lr=lr, n_steps=300)
w_grad = dynamics.gd_trajectory(Lp(0.5, lam), 1.0, lr=lr, n_steps=300)
first_zero = int(np.argmax(w_prox == 0))
print(f"proximal steps: exactly 0 from step {first_zero} on; gradient steps at the end: "
      f"{w_grad[-3:].round(4)}")
assert first_zero > 0 and np.all(w_prox[first_zero:] == 0.0)  # lands on 0 and stays
assert Lp(0.5, lam).grad(0.0) == 0.0  # and at exactly 0: the subgradient of least magnitude

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# | penalty | pull near 0 | gradient descent | at exactly 0 |
# |---|---|---|---|
# | $\lambda w^2$ | $2\lambda\lvert w\rvert \to 0$ | $w_t = (1-2\eta\lambda)^t w_0$: never 0 (Zeno) while $2\eta\lambda < 1$ | gradient 0 |
# | $\lambda\lvert w\rvert$ | $\lambda$ | steps of $\eta\lambda$, then hops in $[-\eta\lambda, \eta\lambda]$ | subgradient 0 (regviz), prox: exact 0 |
# | $\lambda\sqrt{\lvert w\rvert}$ | $\lambda / (2\sqrt{\lvert w\rvert}) \to \infty$ | thrown around 0 on the scale $a = (\eta\lambda/4)^{2/3}$ (unstable 2-cycle, multiplier 4) | autograd: NaN; regviz: 0; prox: exact 0 |
#
# Under gradient descent the root penalty cannot bring weights closer to 0 than about $a$: the
# sum $\sum\sqrt{|w_i|}$ stalls at about $C N \sqrt a \propto (\eta\lambda)^{1/3}$, which *grows*
# with $\lambda$ (slowly: a factor 10 for a factor 1000 in $\lambda$), and the penalty term
# $\lambda\sum\sqrt{|w_i|}$ like $\lambda^{4/3}$. The Q&A's flat sums and its level (the model
# predicts one hundreds of times larger, printed above) are not explained by this model; what
# the Q&A's runs themselves show is reproduced and discussed in notebook 07. Use the proximal
# step (notebook 04) for $p \le 1$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace each `None` by your answer (a number, a letter, or the body of a function) and run the
# cell; the check tells you whether it is right. A wrong answer gets a hint, a second wrong
# answer a narrower one, and `hint(check_...)` asks for the next hint without answering. No
# hint contains code or the answer.
#
# **Exercise 1 (code).** Write `descend(grad, w0, lr, n_steps)`: plain gradient descent
# $w_{t+1} = w_t - \eta\,\mathrm{grad}(w_t)$ from $w_0$, returning all $n + 1$ iterates
# $w_0, \dots, w_n$. The check runs it with `L2(lam).grad`, `L1(lam).grad` and
# `Lp(0.5, lam).grad`.

# %%
from regviz.exercises import hint  # noqa: F401  (hint(check_...) gives the next hint)
from regviz.exercises.gradients import (
    check_cycle_amplitude,
    check_descend,
    check_l2_steps,
    check_why_no_settle,
)


def descend(grad, w0, lr, n_steps):
    return None  # your code here


check_descend(descend)

# %% [markdown]
# **Exercise 2 (number).** With L2, $\eta = 0.1$, $\lambda = 9.6$ and no data term, how many
# gradient steps does it take to shrink $|w|$ by a factor $10^{-6}$ (the smallest integer)?
# Mind the sign of the factor.

# %%
check_l2_steps(None, lr=0.1, lam=9.6, factor=1e-6)

# %% [markdown]
# **Exercise 3 (number).** The square root's 2-cycle has a cousin for every $p < 1$. For the
# penalty $\lambda|w|^{0.3}$ with $\eta = 0.04$ and $\lambda = 0.3$, what is the amplitude $a$ of
# the 2-cycle, the weight that one gradient step sends exactly to $-a$?

# %%
check_cycle_amplitude(None, lr=0.04, lam=0.3, p=0.3)

# %% [markdown]
# **Exercise 4 (concept).** Why does gradient descent on the square root never settle? Run the
# cell to see the options, then answer with one letter.

# %%
check_why_no_settle(None)
