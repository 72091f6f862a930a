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
# checked by the same call as in the notebook. Not for the students' copy.

# %%
import numpy as np

from regviz.exercises.prox import check_half_threshold, check_ista, check_soft_threshold

# %% [markdown]
# ## Exercise 1: the soft threshold
#
# For $x > 0$ the objective's derivative $x - z + t$ vanishes at $x = z - t$, valid when
# $z > t$; symmetrically $x = z + t$ when $z < -t$; otherwise $0 \in -z + [-t, t]$ and $x = 0$.
# In one line: $\operatorname{sign}(z)\max(|z| - t, 0)$.

# %%
def soft_threshold(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


assert check_soft_threshold(soft_threshold)

# %% [markdown]
# ## Exercise 2: ISTA
#
# A gradient step on the data term $\frac{1}{2n}\|y - Xw\|^2$ (gradient
# $\frac1n X^\top(Xw - y)$), then the soft threshold at step times $\lambda$.

# %%
def ista(X, y, lam, lr, n_iter):
    w = np.zeros(X.shape[1])
    for _ in range(n_iter):
        grad = X.T @ (X @ w - y) / len(y)
        w = soft_threshold(w - lr * grad, lr * lam)
    return w


assert check_ista(ista)

# %% [markdown]
# ## Exercise 3: the half threshold
#
# From the table, $\tfrac32 t^{2/3}$ with $t = 0.1 \cdot 1$: about $0.3232$.

# %%
tau = 1.5 * (0.1 * 1.0) ** (2 / 3)
print(tau)
assert check_half_threshold(tau, step=0.1, lam=1.0)
