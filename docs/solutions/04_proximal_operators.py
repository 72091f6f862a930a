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
# # 04 · Proximal operators: worked solutions
#
# For instructors: the answers to the exercises of `notebooks/04_proximal_operators.py`, each
# checked by the same call as in the notebook.

# %%
import numpy as np

from regviz.exercises.prox import (
    check_half_threshold_lam,
    check_ista,
    check_nonneg_prox,
    check_why_prox_zeros,
)

# %% [markdown]
# ## Exercise 1: the prox of the nonnegative L1 penalty
#
# On $x \ge 0$ the objective $\tfrac12(x - z)^2 + t x$ is a parabola with vertex $z - t$;
# if the vertex is negative, the best allowed point is 0. So $\max(z - t, 0)$: every
# $z \le t$, negative ones included, goes to 0.

# %%
def nonneg_prox(z, t):
    return np.maximum(np.asarray(z, dtype=float) - t, 0.0)


assert check_nonneg_prox(nonneg_prox)

# %% [markdown]
# ## Exercise 2: ISTA

# %%
def soft_threshold(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def ista(X, y, lam, lr, n_iter):
    w = np.zeros(X.shape[1])
    for _ in range(n_iter):
        grad = X.T @ (X @ w - y) / len(y)
        w = soft_threshold(w - lr * grad, lr * lam)
    return w


assert check_ista(ista)

# %% [markdown]
# ## Exercise 3: the λ that puts L1/2's threshold at 0.8
#
# The table's threshold is $\tau = \tfrac32 t^{2/3}$ with $t = \mathrm{step}\cdot\lambda$, so
# $t = (2\tau/3)^{3/2}$ and $\lambda = t/\mathrm{step}$.

# %%
step, tau = 0.2, 0.8
lam = (2 * tau / 3) ** 1.5 / step
print(lam)
assert check_half_threshold_lam(lam, step=0.2, tau=0.8)

# %% [markdown]
# ## Exercise 4: why the prox gives exact zeros
#
# The prox solves the one-weight problem exactly, and the kink of $|x|$ at 0 makes 0 the
# minimiser for a whole interval of inputs; a subgradient step moves by a fixed amount.

# %%
assert check_why_prox_zeros("b")
