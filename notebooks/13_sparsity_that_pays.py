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
# # 13 · Sparsity that pays
#
# Every notebook so far has shown exact zeros: L1's soft threshold, the proximal step, the
# greyed-out units of the playground. None has measured what they save. The primer (seed 002)
# motivates L1 by memory:
#
# > Sparse vectors often contain many dimensions. Creating a feature cross results in even more
# > dimensions. Given such highdimensional feature vectors, model size may become huge and
# > require huge amounts of RAM.
#
# Here we build its feature cross at a size this machine handles and count the bytes; then we
# ask the same of a network, where the answer is less simple: scattered zeros rarely make a
# dense network smaller or faster, removing whole units does.
#
# **You will learn**
#
# - how many bytes a model takes stored as a deployment would store it: dense (4 bytes per
#   float32 weight) or sparse (CSR: the value *and* its position, 8 bytes per nonzero), and
#   that sparse storage pays only below about half the weights nonzero;
# - on a feature cross of 28,800 dimensions, L1 keeps about 5 % of the weights at the test
#   error of L2, which keeps all of them;
# - that exact zeros come from the proximal step, not from L1 in the loss;
# - the group lasso $\lambda\sum_g\|w_g\|_2$ and its block soft threshold, which removes whole
#   units: the pruned network is rebuilt smaller and runs faster, while scattered zeros run at
#   the dense speed (or slower, with sparse kernels).
#
# The numbers come from the reproduction `sparsity-pays`, shipped with the package (retrain:
# `python -m regviz reproduce sparsity-pays --no-cache`, about three minutes); this notebook
# trains nothing heavier than a 2D toy network.

# %%
import numpy as np

from regviz.experiments import reproduce, show_claims
from regviz.penalties import GroupLasso
from regviz.playground import make_dataset, train
from regviz.plots import sparsity as figs
from regviz.sparsity import csr_bytes, dense_bytes, make_globe
from regviz.widgets.controls import setup_notebook
from regviz.widgets.playground import PlaygroundPanel

setup_notebook()
result = reproduce("sparsity-pays")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · The primer's globe, made smaller
#
# The primer buckets latitude and longitude at the minute level and crosses them: "roughly
# $200{,}000{,}000$ dimensions", most of them "the middle of the ocean" (primer). We bucket at 1.5
# degrees instead: $120 \times 240 = 28{,}800$ cells, one one-hot feature each. The label
# (think: "a house is here") is 1 with probability 0.9 on a few islands and 0.02 in the ocean;
# 400,000 training points are drawn uniformly, so every cell is seen about 14 times.

# %%
s = result.config
globe = make_globe(s["lat_buckets"], s["lon_buckets"], islands=s["islands"],
                   p_signal=s["p_signal"], p_background=s["p_background"],
                   seed=s["globe_seed"])
figs.plot_globe(globe);
cross = s["feature_cross"]
print(f"{cross['dimensions']:,} dimensions, {cross['island_cells']} island cells; best "
      f"possible test error {cross['bayes_error']:.4f}, always answering 0: "
      f"{cross['ocean_error']:.4f}")

# %% [markdown]
# **Predict** before the next cell: a logistic regression needs one weight per cell. Stored
# densely in float32, how many kilobytes is that? And if L1 sets all but the island cells'
# weights to exactly 0, and each kept weight costs 8 bytes (value and position), how many?

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · L1 against L2 on the cross
#
# Logistic regression with L2 and with L1 (scikit-learn's liblinear), four strengths each,
# the strength chosen on a validation set by the one-standard-error rule (the strongest penalty
# whose validation error is within one standard error of the best). L2 is stored densely, L1 as
# a CSR row: float32 values, int32 column indices, two int32 row pointers.

# %%
figs.plot_cross_tradeoff(result);
print(figs.cross_summary(result))

# %% [markdown]
# The primer's two sentences, against these rows:
#
# > L2 regularization encourages weights to be small, but doesn’t force them to exactly
# > $0.0$.
#
# > So we can use L1 regularization to encourage many of the uninformative coefficients in our
# > model to be exactly $0$, and thus reap RAM savings at inference time.
#
# L2 has no exact zero at any strength (every cell is seen, so every weight gets a gradient);
# the selected L1 model keeps about one weight in twenty, stores about a tenth of L2's bytes,
# and has the same test error, near the best possible. The weakest L1 penalty (C = 10) keeps a
# quarter of the weights and already needs half of L2's bytes: at 8 bytes per nonzero, CSR is
# smaller than dense only below 50 % nonzeros.

# %%
w = np.zeros(1000)
w[:40] = 1.0  # 4 % nonzero
assert csr_bytes(w) == 8 * 40 + 4 * 2 and dense_bytes(w) == 4 * 1000  # value+index, 2 pointers
print(f"4 % nonzero: CSR {csr_bytes(w):,} bytes, dense {dense_bytes(w):,} bytes")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · Exact zeros come from the proximal step
#
# The lecture notes (seed 003) say of L1 applied by gradient steps:
#
# > While this is not a problem in principle, since  $w_t$  will fluctuate around zero, it can be
# > an issue if the zeroed weights are handled in a specific manner (e.g. sparse coding to reduce
# > memory footprint or computation).
#
# The forum's MLP (784-200-200-10, notebook 07), trained with the same $\lambda = 0.003$ in the
# loss and as a proximal step (soft threshold after each SGD step):

# %%
nets = {(r.method, r.lam): r for r in result.rows if r.model == "forum-mlp"}
for method in ("l1-loss", "l1-prox"):
    r = nets[(method, s["l1_lam"])]
    print(f"{method:8}: exact zeros {r.zero_fraction:6.1%}, stored as CSR "
          f"{r.stored_bytes / 1000:7.1f} kB (dense: {r.dense_bytes / 1000:.1f} kB), "
          f"test error {r.test_error:.3f}")

# %% [markdown]
# Same penalty, same test error; in the loss it leaves weights hovering near 0 and no exact
# zero, so sparse storage would *double* the bytes. The proximal step lands them on 0.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · Scattered zeros against whole units: the group lasso
#
# A zero weight inside a dense matrix still costs a multiplication: the matrix product does not
# look at the values. To be faster with the same kernels, the matrices must get *smaller*: whole
# units must go. The group lasso penalizes each unit's incoming weights as one group, a row
# $w_g$ of the layer's $(\text{out}, \text{in})$ matrix:
#
# $$\lambda\sum_g \|w_g\|_2 .$$
#
# Its proximal map works row by row. For a row $z$ and $t = \text{step}\cdot\lambda$, the
# minimiser of $\tfrac12\|x - z\|^2 + t\|x\|_2$ points along $z$ (any other direction is
# farther from $z$ at the same norm), so only its length $r$ is to be found: minimise
# $\tfrac12(r - \|z\|)^2 + t r$ over $r \ge 0$, a soft threshold of $\|z\|$:
#
# $$\operatorname{prox}(z) = z\,\max\Big(0,\; 1 - \frac{t}{\|z\|_2}\Big).$$
#
# A row shorter than $t$ becomes exactly 0, all of it at once: the **block soft threshold**.
# `regviz.penalties.GroupLasso(lam)` has it:

# %%
Z = np.array([[3.0, 4.0], [0.3, 0.4], [-1.0, 1.0]])  # row norms 5, 0.5, 1.41
print(GroupLasso(1.0).prox(Z, step=1.0))
assert np.all(GroupLasso(1.0).prox(Z, step=1.0)[1] == 0)  # the short row is removed whole

# %% [markdown]
# A hidden unit whose incoming row is 0 outputs a constant, $\phi(b_i)$; that constant, times
# the next layer's column $i$, is folded into the next layer's bias, and the unit is deleted:
# the network is rebuilt as a smaller dense one that computes the same function
# (`regviz.experiments.sparsity.prune_units`, checked against the full network in the tests).
# The forum's MLP, trained with the group-lasso prox on its two hidden layers, against L1 and
# no penalty; times are the fastest of 30 forward passes on 1,000 test digits, one thread:

# %%
figs.plot_network_costs(result);
print(figs.network_summary(result))

# %% [markdown]
# **Read the figure.** L1 as a prox step zeroes almost two thirds of the weights, scattered: CSR
# saves about a quarter of the bytes, the dense kernels run at the dense speed, and torch's CSR
# kernels are several times *slower*. The group lasso removes units: at the larger $\lambda$ it
# keeps about a third of the first layer's units, and the rebuilt network is a fraction of the
# size and runs a few times faster, with the same dense kernels. The price here is accuracy:
# these networks were trained once with the penalty from the start, at the forum's small
# learning rate; in practice one prunes, then fine-tunes the smaller network. (Times are this
# machine's; the ratios are what carry over.)

# %%
show_claims(result)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · Try it: whole units in the playground
#
# The playground of notebook 09 has the group lasso in its penalty menu. The same experiment,
# small enough to run here (NumPy, a second or so): a 2-8-8-1 network on the circles, with the
# group lasso as a prox step.

# %%
data = make_dataset("circles", seed=0)
for pen in (None, GroupLasso(0.03), GroupLasso(0.06)):
    run = train(data, hidden=(8, 8), penalty=pen, mode="prox", lr=0.1, steps=1500, seed=0)
    dead = [int(np.all(w == 0, axis=1).sum()) for w in run.weights[:-1]]
    print(f"{pen!s:24}: units removed per hidden layer {dead}, test accuracy "
          f"{run.history['test_accuracy'][-1]:.2f}")

# %% [markdown]
# **Guided experiment** (the playground of notebook 09, set to the circles, penalty *group
# lasso*, mode *prox*, λ = 0.03): press Play. Predict first: do the units die one weight at
# a time or all at once? Watch the network drawing: a unit's incoming lines vanish together and
# the unit greys out. Then switch to L1 at the same λ: the lines vanish one by one, scattered
# over all units, and few units die. Last, raise the group lasso's λ until the boundary breaks:
# how many units does the circle need?

# %%
playground = PlaygroundPanel(dataset="circles", penalty="group lasso", lam=0.03, mode="prox")
playground

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - Dense float32 costs 4 bytes per weight; CSR costs 8 per nonzero (value and column), plus
#   the row pointers: sparse storage pays below about 50 % nonzeros.
# - On the feature cross (28,800 dimensions) L2 keeps every weight, L1 keeps about 5 % at the
#   same test error: a tenth of the bytes. The primer's two sentences hold.
# - Exact zeros need the proximal step: L1 in the loss leaves none.
# - Scattered zeros do not make a dense network faster, and sparse kernels are slower at these
#   densities. The group lasso $\lambda\sum_g\|w_g\|_2$, with its block soft threshold, removes
#   whole units: the rebuilt network is smaller and faster with ordinary kernels.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace each `None` by your answer and run the cell; the check says whether it is right, and
# gives a hint when it is not (`hint(check_...)` asks for the next one).
#
# 1. **Code.** Write `group_prox(Z, t)`: the block soft threshold of the rows of a 2-D NumPy
#    array `Z` at `t` (the minimiser of $\tfrac12\|X - Z\|^2 + t\sum_g\|x_g\|_2$).
# 2. A $300 \times 1000$ weight matrix has 4 % nonzeros. How many bytes does it take stored as
#    CSR with float32 values and int32 indices?
# 3. Why does the L1-pruned MLP run no faster than the dense one with dense kernels?

# %%
from regviz.exercises import hint  # noqa: E402, F401
from regviz.exercises.sparsity import (  # noqa: E402
    check_csr_bytes,
    check_group_prox,
    check_why_not_faster,
)


def group_prox(Z, t):
    return None  # your code here


check_group_prox(group_prox)

# %%
check_csr_bytes(None, rows=300, cols=1000, density=0.04)

# %%
check_why_not_faster(None)
