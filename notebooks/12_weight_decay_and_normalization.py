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
# # 12 · Weight decay with normalization layers
#
# Notebooks 06 and 07 treated weight decay as what its name says: a pull of every weight
# towards 0 that limits how large the weights, and so the function, can get. In a network where
# a layer is followed by BatchNorm (or LayerNorm) that picture breaks: the layer computes the
# same function whatever the size of its weights. Weight decay still changes training, but in
# another way: it sets how fast the weights *turn*, an effective learning rate.
#
# **You will learn**
#
# - why a layer followed by BatchNorm is scale invariant, and what follows: the gradient is
#   orthogonal to the weights and shrinks like $1/\|W\|$, so without decay the norm only grows
#   and the steps, measured as angles, fade;
# - with torch-style weight decay $\lambda$, learning rate $\eta$ and momentum $\mu$, the norm
#   settles where decay and gradient steps balance, and the angle the weights turn per step
#   settles at $\sqrt{2\eta\lambda/(1+\mu)}$ (Wan et al. 2021), whatever the gradient's size;
#   when that equilibrium is reached and when it is not;
# - which parameters to decay (not the norm layers' gains and biases), with torch parameter
#   groups;
# - why AdamW's decay follows the learning rate and its schedule.
#
# Every training number here comes from the reproduction `normalized-decay`, shipped with the
# package (`python -m regviz reproduce normalized-decay` prints it; `--no-cache` retrains it in
# about two minutes).

# %%
import matplotlib.pyplot as plt
import numpy as np

from regviz.experiments import reproduce, show_claims
from regviz.normalization import adamw_decay, cosine_schedule
from regviz.plots import normalization as figs
from regviz.widgets.controls import setup_notebook
from regviz.widgets.normalization import EquilibriumPanel

setup_notebook()
result = reproduce("normalized-decay")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · Scale invariance
#
# The network of this notebook is `Linear(784, 100, bias=False) → BatchNorm1d → ReLU →
# Linear(100, 10)`, on the 1,000 training digits of notebook 06. BatchNorm subtracts each
# unit's batch mean and divides by its batch standard deviation, so for any $c > 0$
#
# $$\mathrm{BN}(cWx) = \mathrm{BN}(Wx) \qquad\Longrightarrow\qquad L(cW) = L(W).$$
#
# Two consequences, from differentiating this identity:
#
# - in $c$, at $c = 1$: $\langle \nabla L(W), W\rangle = 0$, **the gradient is orthogonal to
#   the weights**;
# - in $W$: $c\,\nabla L(cW) = \nabla L(W)$, **the gradient shrinks like $1/\|W\|$**.
#
# The reproduction checked both on a fresh network in float64, scaling $W$ by 10 (BatchNorm's
# small $\varepsilon$ in the denominator is all that breaks the identities):

# %%
facts = result.config["scale_invariance"]
print(f"loss at W: {facts['loss']:.6f}, at {facts['factor']:g}·W: {facts['loss_scaled']:.6f} "
      f"(relative change {facts['relative_loss_change']:.1e})")
print(f"|cos(gradient, W)| = {facts['grad_cosine']:.1e}")
print(f"{facts['factor']:g} · ||grad at {facts['factor']:g}W|| / ||grad at W|| = "
      f"{facts['grad_norm_ratio']:.5f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · Without decay the norm only grows
#
# Plain SGD adds $-\eta g_t$, orthogonal to $W_t$, so by Pythagoras
#
# $$\|W_{t+1}\|^2 = \|W_t\|^2 + \eta^2\|g_t\|^2 \;\ge\; \|W_t\|^2 .$$
#
# The norm never decreases, and since the function only sees the direction of $W$, what a step
# does is turn it, by an angle of about $\eta\|g_t\|/\|W_t\|$. With $\|g_t\| \propto 1/\|W_t\|$
# that is $\eta/\|W_t\|^2$ times a gradient of fixed size: the **effective learning rate**
# $\eta/\|W\|^2$ falls as the norm grows.
#
# **Predict** before you look: in the runs without decay (dashed), does the norm grow fast at
# first and then slowly, or steadily? And with decay (solid), where does it go?

# %%
fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
figs.plot_norm_histories(result, ax=ax);
print(figs.norm_history_summary(result))

# %% [markdown]
# Without decay the norm jumps while the gradients are large (the first epochs) and then
# creeps: the network fits the 1,000 digits, the gradients fade, and the angle per step falls
# to a few percent of the decayed runs' (the table below). With decay the norm falls and then
# hovers around a level set by $\eta$ and $\lambda$. The swings are the training loss going to
# nearly 0 on 1,000 digits: the gradient noise fades, decay shrinks the norm, the effective
# step grows until it kicks the network out of its minimum, the norm jumps back up. The
# equilibrium is an average over these swings.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · With decay: the equilibrium
#
# Torch's SGD with `weight_decay` $=\lambda$ (regviz's $\lambda$ times 2: see
# [07's table of what $\lambda$ means in each library](07_questions_from_practice.ipynb)) and
# no momentum shrinks the norm by $(1 - \eta\lambda)$ each step, and the gradient step adds
# $\eta^2\|g\|^2$ to its square. The norm settles where the two balance:
#
# $$2\eta\lambda\,\|W\|^2 \approx \eta^2\|g\|^2
# \quad\Longrightarrow\quad \Delta\theta \approx \frac{\eta\|g\|}{\|W\|} = \sqrt{2\eta\lambda}.$$
#
# The gradient's size has cancelled: at equilibrium **the angle per step depends on $\eta\lambda$
# only**. With momentum $\mu$ the same balance gives $\sqrt{2\eta\lambda/(1+\mu)}$ (van Laarhoven
# 2017; Wan et al. 2021). It takes time: decay changes $\|W\|^2$ by about $2\eta\lambda/(1-\mu)$
# per step, so the equilibrium needs a few times $(1-\mu)/(2\eta\lambda)$ steps.
#
# The panel simulates this idealised layer (gradients of random direction, orthogonal to $W$,
# of size $1/\|W\|$; torch's update rule), starting at $\|W\| = 3$. **Predict** before you move
# a slider: if you multiply $\eta$ by 4, by how much does the angle at the end change? And the
# norm?

# %%
panel = EquilibriumPanel(lr=0.1, weight_decay=0.01, momentum=0.0)
panel

# %%
print(panel.summary())

# %% [markdown]
# Try $\lambda = 10^{-4}$: the relaxation time grows to thousands of steps, and the run ends
# long before the angle reaches its prediction. That is the regime where the formula does not
# describe what you measure, not because it is wrong, but because training ended first.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · The measurement
#
# `normalized-decay` trains the network of section 1 for 4,000 steps (batches of 50) with
# several learning rates, weight decays and momenta, and records the angle between the
# BatchNorm layer's weights before and after each step. The **root mean square** of the last
# 1,000 angles is compared with the prediction: the balance above is between *squared* norms,
# so it predicts the RMS. (The plain mean is lower when the gradient's size varies from batch to
# batch; both are in the table.)

# %%
fig, ax = plt.subplots(figsize=(6.2, 4.6), layout="constrained")
figs.plot_angular_updates(result, ax=ax);
print(figs.angular_update_summary(result))

# %% [markdown]
# Every run with enough steps lands within 25 % of the prediction, with and without momentum,
# from 0.015 to 0.06 radians per step. The one far below is the run with $\lambda = 0.0005$:
# its relaxation time $1/(2\eta\lambda) = 10{,}000$ steps is longer than the whole run, so it
# is still on its way. On a network trained for a few epochs with a small decay, that is the
# usual state, and the formula is then an upper bound the run has not reached yet.
#
# The claims, judged on the shipped runs:

# %%
show_claims(result)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · Which parameters to decay
#
# BatchNorm's gain $\gamma$ and bias $\beta$ are not scale invariant: $\gamma$ *is* the scale
# of the layer's output. Decaying it pulls every unit's output towards 0, which the next
# layer must undo, and decaying biases pulls the units' offsets towards 0 for no reason the
# function cares about. The usual practice decays the weight matrices only, with two torch
# parameter groups:
#
# ```python
# decay = [p for p in model.parameters() if p.ndim >= 2]  # weight matrices and kernels
# no_decay = [p for p in model.parameters() if p.ndim < 2]  # biases, norm gains and biases
# opt = torch.optim.SGD([{"params": decay, "weight_decay": 0.01},
#                        {"params": no_decay, "weight_decay": 0.0}], lr=0.05, momentum=0.9)
# ```
#
# The reproduction ran the same setting both ways:

# %%
both = {r.decayed: r for r in result.rows if r.lr == 0.05 and r.lam == 0.01}
for how, r in both.items():
    print(f"decayed = {how:7}: mean BatchNorm gain {r.gain_mean:.3f}, test error "
          f"{r.test_error:.3f}, angle per step {r.angular_update:.4f}")

# %% [markdown]
# Decaying everything leaves the weights' angle per step unchanged (it is set by $\eta\lambda$,
# section 3) but shrinks the gains to about a quarter, and the test error is higher in this
# run. One run is one seed: the direction agrees with common practice, the size is this run's.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6 · AdamW: the decay follows the learning rate
#
# Torch's `AdamW(lr, weight_decay)` multiplies every decayed weight by $1 - \eta_t\lambda$ at
# each step, before its Adam step. So the strength of the decay is the *product* $\eta_t\lambda$:
# halve the learning rate and you halve the decay; use a schedule and the decay follows it. With
# a cosine schedule, over $T$ steps, decay alone leaves
#
# $$\prod_{t<T} (1 - \eta_t\lambda) \approx \exp\Big(-\lambda\sum_t \eta_t\Big)
# = \exp(-\lambda\,\eta\,T/2),$$
#
# half the decay of a constant rate. (The formula is checked against torch's `AdamW` with
# `CosineAnnealingLR` in the tests.)

# %%
steps, lr, wd = 20000, 3e-4, 0.05
for name, lrs in (("constant", np.full(steps, lr)), ("cosine", cosine_schedule(lr, steps))):
    left = adamw_decay(lrs, wd)
    print(f"{name:8}: decay alone leaves {left[steps // 2 - 1]:.4f} of a weight halfway, "
          f"{left[-1]:.4f} at the end")
fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
ax.plot(adamw_decay(np.full(steps, lr), wd), label="constant lr")
ax.plot(adamw_decay(cosine_schedule(lr, steps), wd), label="cosine schedule")
ax.set(xlabel="step", ylabel="what decay alone leaves", title=f"AdamW, lr {lr:g}, wd {wd:g}")
ax.legend();

# %%
cosine_left = adamw_decay(cosine_schedule(lr, steps), wd)[-1]
assert np.isclose(cosine_left, np.exp(-wd * lr * steps / 2), rtol=1e-3)  # half the decay

# %% [markdown]
# Two consequences: tuning the learning rate of AdamW retunes its regularization too (keep
# $\eta\lambda$ fixed if you want the same decay), and with a schedule most of the decay
# happens early, while the rate is high. For a scale-invariant layer, AdamW's equilibrium is
# again set by $\eta\lambda$, not by $\lambda$ alone.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - A layer followed by BatchNorm computes the same function for $W$ and $cW$: its gradient is
#   orthogonal to $W$ and shrinks like $1/\|W\|$.
# - Without decay its norm only grows, and the effective learning rate $\eta/\|W\|^2$ falls.
# - With torch-style decay $\lambda$ and momentum $\mu$ the angle per step settles at
#   $\sqrt{2\eta\lambda/(1+\mu)}$; measured within 25 % on every run long enough to reach it
#   (a few times $(1-\mu)/(2\eta\lambda)$ steps), far below on a run that is not.
# - Decay the weight matrices, not the norm layers' gains and biases (torch parameter groups).
# - AdamW's decay is $\eta_t\lambda$ per step: it follows the learning rate and its schedule.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace each `None` by your answer and run the cell; the check says whether it is right, and
# gives a hint when it is not (`hint(check_...)` asks for the next one).
#
# 1. SGD with learning rate 0.1, torch `weight_decay` 0.0005 and momentum 0.9 (a common
#    ImageNet setting): the angle per step at equilibrium, in radians?
# 2. **Code.** Write `angle(w_before, w_after)`: the angle in radians between two weight
#    arrays of the same shape (any shape), as the reproduction measures it.
# 3. A layer followed by BatchNorm is at equilibrium; you double the learning rate. What
#    happens to the angle per step?
# 4. AdamW with learning rate 0.001, weight decay 0.1 and a cosine schedule over 10,000 steps:
#    what fraction of a weight does the decay alone leave at the end?

# %%
from regviz.exercises import hint  # noqa: E402, F401
from regviz.exercises.normalization import (  # noqa: E402
    check_adamw_left,
    check_angle,
    check_angular_update,
    check_double_lr,
)

check_angular_update(None, lr=0.1, weight_decay=0.0005, momentum=0.9)


# %%
def angle(w_before, w_after):
    return None  # your code here


check_angle(angle)

# %%
check_double_lr(None)

# %%
check_adamw_left(None, lr=0.001, weight_decay=0.1, steps=10000)
