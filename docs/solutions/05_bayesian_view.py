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
# # 05 · The Bayesian view: worked solutions
#
# For instructors: the answers to the exercises of `notebooks/05_bayesian_view.py`, each
# checked by the same call as in the notebook. Not for the students' copy.

# %%
import math

import numpy as np

from regviz.exercises.priors import (
    check_lam,
    check_log_joint,
    check_prior_meaning,
    check_smallest_n,
)

# %% [markdown]
# ## Exercise 1: the log joint density
#
# $\log p(\mathbf y, w) = \sum_i \big(-\tfrac12\log(2\pi\sigma^2) - (y_i - w)^2/(2\sigma^2)\big)
# - |w|^p/b - \log Z$ with $Z = 2\,b^{1/p}\,\Gamma(1 + 1/p)$.

# %%
def log_joint(w, y, sigma, p, b):
    w = np.asarray(w, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    log_lik = (-0.5 * len(y) * math.log(2 * math.pi * sigma**2)
               - np.sum((y[:, None] - w.reshape(1, -1)) ** 2, axis=0).reshape(w.shape)
               / (2 * sigma**2))
    log_z = math.log(2 * b ** (1 / p) * math.gamma(1 + 1 / p))
    return log_lik - np.abs(w) ** p / b - log_z


assert check_log_joint(log_joint)

# %% [markdown]
# ## Exercise 2: λ against a summed squared error
#
# The negative log posterior is $\sum_i (y_i - w)^2/(2\sigma^2) + |w|/b$. Multiplied by
# $2\sigma^2$ its data term is $\sum_i (y_i - w)^2$, and the penalty becomes
# $(2\sigma^2/b)|w|$: $\lambda = 2 \cdot 0.09 / 0.4$, whatever $n$.

# %%
lam = 2 * 0.3**2 / 0.4
print(lam)
assert check_lam(lam, b=0.4, sigma=0.3, n=12)

# %% [markdown]
# ## Exercise 3: how many observations end the zero
#
# The MAP is 0 while $|\bar y| \le \sigma^2/(nb) = 1/(0.09\,n)$. For $\bar y = 0.21$ that holds
# while $n \le 52.9$: from $n = 53$ on the MAP is nonzero.

# %%
n = math.floor(1.0**2 / (0.09 * 0.21)) + 1
print(n)
assert check_smallest_n(n, ybar=0.21, b=0.09, sigma=1.0)

# %% [markdown]
# ## Exercise 4: where the exact zeros come from
#
# The MAP minimises loss plus L1 penalty, a soft threshold, so it is exactly 0 for weak data;
# the posterior mean integrates the whole posterior and is never exactly 0.

# %%
assert check_prior_meaning("b")
