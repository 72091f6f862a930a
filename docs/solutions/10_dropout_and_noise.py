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

# %% [markdown]
# # Worked solutions · 10 Dropout and noise

# %%
import numpy as np

from regviz.exercises.noise import (
    check_dropout_least_squares,
    check_kept_share,
    check_why_rare,
)

# %% [markdown]
# ## Exercise 1: the least-squares weights under input dropout
#
# The expected loss is $\|y - Xw\|^2 + \frac{p}{1-p}\sum_j (\sum_i x_{ij}^2) w_j^2$. Its
# gradient, $2X^\top(Xw - y) + 2\frac{p}{1-p}\operatorname{diag}(X^\top X)\,w$, is zero at
# $w = (X^\top X + \frac{p}{1-p}\operatorname{diag}(X^\top X))^{-1}X^\top y$.

# %%
def dropout_least_squares(X, y, p):
    gram = X.T @ X
    return np.linalg.solve(gram + p / (1 - p) * np.diag(np.diag(gram)), X.T @ y)


assert check_dropout_least_squares(dropout_least_squares)

# %% [markdown]
# ## Exercise 2: the share dropout keeps when the features are orthogonal
#
# With $X^\top X$ diagonal, weight $j$ alone: least squares gives $w_j^{LS} = x_j^\top y / e_j$
# with the energy $e_j = \sum_i x_{ij}^2$; dropout gives $x_j^\top y / (e_j + \frac{p}{1-p}e_j)$.
# The ratio is $1/(1 + \frac{p}{1-p}) = 1 - p$: the keep probability, for every feature. With
# $p = 0.35$ that is 0.65. (Check it numerically: orthogonal columns from a QR factorisation.)

# %%
from regviz.noise import dropout_ridge

rng = np.random.default_rng(0)
Q, _ = np.linalg.qr(rng.standard_normal((50, 4)))
X = Q * np.array([0.5, 1.0, 2.0, 4.0])  # orthogonal columns of different scales
y = rng.standard_normal(50)
share = dropout_ridge(X, y, 0.35) / np.linalg.lstsq(X, y, rcond=None)[0]
print(share)
assert check_kept_share(float(share.mean()), p=0.35)

# %% [markdown]
# ## Exercise 3: why rare features pay less
#
# Dropout adds to each entry the variance $\frac{p}{1-p}x_{ij}^2$; summed over the points that
# is $\frac{p}{1-p}$ times the feature's energy, multiplying $w_j^2$. A feature that is zero on
# most points has little energy. Every entry is dropped with the same probability, the rescaling
# keeps every entry's mean, and a rare useful feature needs a weight as large as a common one.

# %%
assert check_why_rare("c")
