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
# # 09 · Playground: train a network while you watch the penalty work
#
# A small network learns to separate two classes of points in the plane. You press Play and
# watch its decision boundary, its weights and its curves change step by step, with every kind
# of regularization this course teaches, applied in every way it can be applied. The network is
# written in NumPy (no torch), and its steps match torch's to 10 decimals (the package's tests
# check it), so what you see is what `torch.optim` would do.
#
# **You will learn**
#
# - what overfitting looks like on a boundary, and how λ smooths it;
# - that L1 as a **proximal step** prunes edges of the network to *exactly* zero, while L1 **in
#   the loss** only makes them small (TensorFlow Playground, which this notebook imitates, prunes
#   with L1 in the loss too: its update sets a weight that crosses 0 to exactly 0, a clip our
#   mode `loss` does not do and mode `prox` does exactly);
# - why $p < 1$ with gradient steps kicks weights back and forth around 0, while its proximal
#   step prunes cleanly;
# - that Adam with L2 in the loss is **not** AdamW, and what the difference is.

# %%
import matplotlib.pyplot as plt
import numpy as np

from regviz.penalties import L1, L2, Lp
from regviz.playground import Trainer, largest_moves, make_dataset, train
from regviz.plots.playground import plot_snapshot
from regviz.widgets.controls import setup_notebook
from regviz.widgets.playground import PlaygroundPanel

setup_notebook()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The model and three ways to apply a penalty
#
# The network maps a point $x \in \mathbb{R}^2$ through 1 to 3 hidden layers,
# $a_k = \sigma(W_k a_{k-1} + b_k)$ with $\sigma = \tanh$ or ReLU, to a logit $z$; the
# probability of class 1 is $1/(1 + e^{-z})$ and the data loss $L$ is the mean cross-entropy over
# the training points. A penalty $R(W) = \lambda \sum_{ij} r(w_{ij})$ acts on the weights (not the
# biases). With learning rate $\eta$ and an optimizer that turns a gradient $g$ into a direction
# $d(g)$ (for SGD $d(g) = g$, with momentum a running sum; for Adam a rescaled average), one step
# is, in each `mode`:
#
# | `mode` | one step | what it does near 0 |
# |---|---|---|
# | `"loss"` | $w \leftarrow w - \eta\, d(\nabla L + \nabla R)$ | crosses 0 back and forth |
# | `"prox"` | $w \leftarrow \operatorname{prox}_{\eta R}\big(w - \eta\, d(\nabla L)\big)$ | lands on exactly 0 |
# | `"decoupled"` | $w \leftarrow w - \eta\,\nabla R(w) - \eta\, d(\nabla L)$ (AdamW) | shrinks every weight alike |
#
# For L1 the prox is the soft threshold of notebook 04, $\operatorname{sign}(z)\max(|z| - \eta\lambda,
# 0)$; for $p = 1/2$ the half threshold. `"decoupled"` goes with the optimizer `"adamw"`: it is
# AdamW's weight decay, which for $R = \lambda w^2$ is torch's `AdamW(weight_decay=2λ)`.

# %% [markdown]
# The five data sets, each split into training points (filled) and test points (hollow):

# %%
fig, axes = plt.subplots(1, 5, figsize=(9, 2.1))
for ax, name in zip(axes, ["moons", "circles", "xor", "spiral", "gaussians"], strict=True):
    data = make_dataset(name, n=200, noise=0.2)
    for x, y, face in ((data.x_train, data.y_train, None), (data.x_test, data.y_test, "none")):
        colors = np.where(y[:, None] > 0.5, [[0.02, 0.19, 0.38]], [[0.7, 0.09, 0.17]])
        ax.scatter(*x.T, s=6, c=None if face else colors, edgecolors=colors,
                   facecolors=face, linewidths=0.8)
    ax.set(title=name, xticks=[], yticks=[], xlim=(-2, 2), ylim=(-2, 2), aspect="equal")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The playground
#
# **Play** runs 10 optimizer steps per frame, **Pause** stops, **Step** takes a single step,
# **Reset** goes back to step 0: the same seed replays exactly the same run. Changing the data or
# the network starts a new run; changing the penalty, $p$, λ, the mode or the learning rate keeps
# training from where the run is, so you can switch a penalty on halfway.
#
# In the drawing of the network an edge's width is $|w|$, blue for positive and orange for
# negative; a weight that is *exactly* 0 has no edge, and a unit whose incoming or outgoing
# weights are all 0 is grey (it could be removed). The red bar in the histogram and the dotted red
# curve are the fraction of exact zeros.
#
# **Before you press Play:** the default run is moons, a 2-8-8-1 tanh network, no penalty. Which
# will be higher after a few hundred steps, train or test accuracy? Then choose penalty L1,
# mode `prox`, λ = 0.03 while it runs: predict what happens to the edges before you look.

# %%
panel = PlaygroundPanel()
panel

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Experiment 1: overfitting, and λ smoothing it
#
# Few noisy points and a big network: 40 moons points with noise 0.35 (20 for training), three
# hidden layers of 16 units, 3,000 steps.
#
# **Predict first:** without a penalty, will the boundary be smooth or wrap around single
# points? With L2, λ = 0.03, which accuracy goes down and which goes up?

# %%
small = make_dataset("moons", n=40, noise=0.35)
runs = {}
for lam in (0.0, 0.03):
    runs[lam] = Trainer(small, hidden=(16, 16, 16), penalty=L2(lam) if lam else None)
    runs[lam].step(3000)
    h = runs[lam].history
    print(f"λ = {lam:<5g} train accuracy {h['train_accuracy'][-1]:.0%}, test accuracy "
          f"{h['test_accuracy'][-1]:.0%}, test loss {h['test_loss'][-1]:.2f}")

# %%
fig, axes = plt.subplots(2, 2, figsize=(8.5, 6), gridspec_kw={"width_ratios": [1, 1.4]})
for row, lam in zip(axes, runs, strict=True):
    plot_snapshot(runs[lam], ax_boundary=row[0], ax_network=row[1],
                  title="no penalty" if lam == 0 else f"L2, λ = {lam:g}")
plt.show()


# %% [markdown]
# Without a penalty the boundary bends around single training points: the train accuracy is
# at or near 100 % while the test loss is high (the network is confidently wrong on some test
# points; watch it climb in the playground's loss curve). L2 keeps the weights small, and small weights in a tanh network make a smooth
# function. A check that holds for any seed: the penalty made the weights smaller.

# %%
def weight_norm(trainer):
    return np.sqrt(sum((w**2).sum() for w in trainer.weights))


print(f"weight norm: {weight_norm(runs[0.0]):.2f} without, {weight_norm(runs[0.03]):.2f} with L2")
assert weight_norm(runs[0.03]) < 0.8 * weight_norm(runs[0.0])

# %% [markdown]
# In the playground: set *points* to 40, *noise* to 0.35, 3 hidden layers of 16 units, and Play;
# then switch L2 on while it runs and watch the boundary straighten.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Experiment 2: L1 as a proximal step prunes, L1 in the loss does not
#
# Same penalty, $\lambda\sum|w|$, same λ = 0.003, same data (circles) and network (2-16-16-1);
# only the mode differs.
#
# **Predict first:** in which mode will some weights be *exactly* 0 after 1,500 steps? In the
# other mode, will the weights be large, small, or zero?

# %%
rings = make_dataset("circles", n=100, noise=0.15)
l1 = {mode: Trainer(rings, hidden=(16, 16), penalty=L1(0.003), mode=mode)
      for mode in ("loss", "prox")}
for mode, trainer in l1.items():
    trainer.step(1500)
    w = np.concatenate([w.ravel() for w in trainer.weights])
    print(f"L1 in mode {mode!r}: exact zeros {np.mean(w == 0):.1%}, weights below 0.01 in size "
          f"{np.mean(np.abs(w) < 0.01):.1%}, test accuracy {trainer.history['test_accuracy'][-1]:.0%}")

# %%
fig, axes = plt.subplots(2, 2, figsize=(8.5, 6), gridspec_kw={"width_ratios": [1, 1.4]})
for row, (mode, trainer) in zip(axes, l1.items(), strict=True):
    plot_snapshot(trainer, ax_boundary=row[0], ax_network=row[1], title=f"L1, mode {mode!r}")
plt.show()

# %% [markdown]
# In the loss, L1's subgradient $\lambda\operatorname{sign}(w)$ pushes a small weight across 0 at
# every step, by $\eta\lambda$: the weight hops around 0 and never lands on it (the plateau of
# notebook 04). The proximal step sets a weight to exactly 0 whenever the optimizer's step leaves
# it within $\eta\lambda$ of 0. With this SGD (momentum 0.9) that step is the *momentum* step, a
# running sum of past gradients, not the current data gradient: a weight stays at 0 while the
# momentum step is smaller than $\eta\lambda$, so whole edges, and then whole units, disappear
# from the drawing.

# %%
assert np.mean(np.concatenate([w.ravel() for w in l1["loss"].weights]) == 0) == 0
assert np.mean(np.concatenate([w.ravel() for w in l1["prox"].weights]) == 0) > 0.2

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Experiment 3: p < 1, gradient steps against the proximal step
#
# The penalty $\lambda|w|^{1/2}$ pulls a weight towards 0 with the force $\lambda/(2\sqrt{|w|})$,
# which grows without bound as $w \to 0$ (notebook 03). A gradient step therefore throws a small
# weight *far* across 0; the proximal step (half thresholding) sets it to 0 instead.
#
# **Predict first:** after 600 steps on moons (λ = 0.03, SGD with lr 0.1), how large is the
# largest change of a single weight in one step, in each mode: about 0.001, 0.01, or 1?

# %%
moons = make_dataset("moons")
moves = {mode: largest_moves(Trainer(moons, penalty=Lp(0.5, 0.03), mode=mode), 600)
         for mode in ("loss", "prox")}
for mode, m in moves.items():
    print(f"Lp(1/2) in mode {mode!r}: largest one-step change of a weight over the last 200 "
          f"steps {m[-200:].max():.3g}, median {np.median(m[-200:]):.3g}")

# %%
fig, ax = plt.subplots(figsize=(7, 3))
for mode, m in moves.items():
    ax.semilogy(m, lw=1, label=f"mode {mode!r}")
ax.set(xlabel="step", ylabel="largest |Δw| in one step", title=r"$\lambda\sqrt{|w|}$, λ = 0.03")
ax.legend()
plt.show()

# %% [markdown]
# With gradient steps the largest move stays large until the end: some weight is always near 0,
# where the penalty's slope is huge, and is kicked across. With a larger learning rate or λ the
# kicks get bigger than the weights the network needs, and the loss jumps (try it in the
# playground: penalty Lp, p = 0.5, mode `loss`, λ = 0.1, then mode `prox`). The proximal step
# settles: a weight that falls below the half threshold becomes 0 and stays 0.

# %%
assert np.median(moves["loss"][-200:]) > 5 * np.median(moves["prox"][-200:])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Experiment 4: Adam + L2 is not AdamW
#
# Adam divides each coordinate of the gradient by the root of its running mean square. With L2
# in the loss, the decay $2\lambda w$ is part of that gradient, so it is rescaled too: a weight
# whose data gradient is small is pulled towards 0 by steps of about $\eta$, almost whatever λ
# is, and a weight whose data gradient is large hardly feels the penalty. AdamW subtracts
# $\eta\cdot 2\lambda w$ outside Adam's rescaling: every weight loses the same fraction
# $2\eta\lambda$ per step.
#
# **Predict first:** same λ = 0.003, same lr 0.01, 1,000 steps on circles: which run ends with
# the smaller weights, and by roughly how much?

# %%
adam = {opt: train(rings, penalty=L2(0.003), optimizer=opt, lr=0.01,
                   mode="decoupled" if opt == "adamw" else "loss")
        for opt in ("adam", "adamw")}
for opt, result in adam.items():
    norm = np.sqrt(sum((w**2).sum() for w in result.weights))
    print(f"{opt:5}: weight norm {norm:.2f}, test accuracy "
          f"{result.history['test_accuracy'][-1]:.0%}")
pairs = zip(adam["adam"].weights, adam["adamw"].weights, strict=True)
gap = max(np.abs(a - b).max() for a, b in pairs)
print(f"largest difference between the two runs' weights: {gap:.3f}")
print(f"AdamW's decay per step: 2 * lr * lam = {2 * 0.01 * 0.003:.0e} of each weight")
assert gap > 0.05

# %% [markdown]
# Same penalty, same λ, different networks: "L2 regularization" and "weight decay" are the same
# thing for SGD (notebook 07), not for Adam. At this λ, AdamW's decay of $2\eta\lambda$ per step
# (printed above) barely shrinks the weights, while Adam + L2 pulls every weight with a weak
# data gradient towards 0 at full speed. In the playground: optimizer `adam`, penalty L2 in the
# loss, λ = 0.01, then `adamw` (the mode switches to `decoupled`): watch the network drawing.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# | what you did | what you saw |
# |---|---|
# | no penalty, few noisy points | a boundary around single points; train accuracy near 100 %, a high test loss |
# | L2 in the loss | smaller weights, a smoother boundary |
# | L1 as a prox step | edges and units pruned to exactly 0 |
# | L1 in the loss | many small weights, none exactly 0 |
# | $p < 1$ by gradient steps | weights kicked across 0 at every step |
# | $p < 1$ as a prox step | clean pruning, weights settle |
# | Adam + L2 vs AdamW | different weights: Adam rescales the decay in the first, not in the second |
#
# The mode matters as much as the penalty: the same $\lambda\sum|w|$ prunes or does not, the
# same $\lambda\sum w^2$ acts differently inside and outside Adam.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace each `None` by your answer (a number, a letter, or the body of a function) and run the
# cell; the check tells you whether it is right. A wrong answer gets a hint, a second wrong
# answer a narrower one, and `hint(check_...)` asks for the next hint without answering. No
# hint contains code or the answer.
#
# **Exercise 1 (code).** Write one proximal gradient step for L1: from the weights `w`, the data
# gradient `grad`, the learning rate `lr` and λ `lam` (arrays or numbers), return the new
# weights. This is the playground's `mode="prox"` with plain SGD.

# %%
from regviz.exercises import hint  # noqa: F401  (hint(check_...) gives the next hint)
from regviz.exercises.playground import (
    check_adam_first_step,
    check_l1_prox_step,
    check_second_weight,
    check_zero_fraction,
)


def l1_prox_step(w, grad, lr, lam):
    return None  # your code here


check_l1_prox_step(l1_prox_step)


# %% [markdown]
# **Exercise 2 (code).** Write Adam's *first* step (t = 1, zero moments, β₁ = 0.9, β₂ = 0.999,
# ε = 1e-8) for weights `w` with data gradient `g` and the penalty $\lambda w^2$: in the loss
# when `decoupled` is False (Adam + L2), decoupled when it is True (AdamW). Then call it on
# `w = np.array([1.0, 1.0])`, `g = np.array([0.0, 5.0])`, `lr = 0.1`, `lam = 0.1` both ways.

# %%
def adam_first_step(w, g, lr, lam, decoupled):
    return None  # your code here


check_adam_first_step(adam_first_step)

# %% [markdown]
# **Exercise 3 (concept).** What happens to the second weight of exercise 2 (the one with the
# large data gradient) under each optimizer? Run the cell to see the options, then answer with
# one letter.

# %%
check_second_weight(None)

# %% [markdown]
# **Exercise 4 (number).** Train the default network on `make_dataset("moons")` (2-8-8-1, SGD,
# lr 0.1, 1,000 steps) with `L1(0.0045)` as a proximal step (`mode="prox"`). What fraction of its
# weights is exactly 0 at the end, to three decimals?

# %%
check_zero_fraction(None, lam=0.0045)
