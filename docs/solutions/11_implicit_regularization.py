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
# # 11 · Implicit regularization: worked solutions
#
# For instructors: the answers to the exercises of `notebooks/11_implicit_regularization.py`,
# each checked by the same call as in the notebook. Not for the students' copy.

# %%
import numpy as np

from regviz.exercises.implicit import check_gd_factor, check_min_norm, check_peak_reason

# %% [markdown]
# ## Exercise 1: the minimum-norm interpolant
#
# Gradient descent from 0 stays in the row space, so the solution is $w = X^\top a$ for some
# $a \in \mathbb{R}^n$. Interpolation, $Xw = y$, becomes $XX^\top a = y$: an $n \times n$
# system, invertible when $X$ has full row rank. Solve it (never form the inverse) and map
# back with $X^\top$. Any other interpolant is $w + z$ with $Xz = 0$, and $z \perp w$ (it is
# orthogonal to the row space), so $\|w + z\|^2 = \|w\|^2 + \|z\|^2$: this one has the least
# norm.

# %%
def min_norm_solution(X, y):
    return X.T @ np.linalg.solve(X @ X.T, y)


assert check_min_norm(min_norm_solution)

# %% [markdown]
# ## Exercise 2: early stopping's exact factor
#
# Each step multiplies the coordinate's distance to its least-squares value by
# $1 - \eta s^2/n = 1 - 0.1 \cdot 0.5 = 0.95$. From 0 the distance starts at the whole value,
# so after 30 steps the factor is $1 - 0.95^{30}$. (The exponential approximation
# $1 - e^{-1.5}$ gives 0.7769, ridge at the matched $\lambda$ gives $1.5/2.5 = 0.6$.)

# %%
factor = 1 - (1 - 0.1 * 0.5) ** 30
print(f"{factor:.4f}")
assert check_gd_factor(factor, s2_over_n=0.5, lr=0.1, t=30)

# %% [markdown]
# ## Exercise 3: why the peak sits at width = n_train
#
# (a), the square feature matrix. The min-norm fit is $\sum_j (u_j^\top y / s_j)\, v_j$; a random $n \times N$ matrix
# with $N = n$ is square, its smallest singular value is near 0, and the noise along that
# direction is divided by it. The others: (b) the widest models have more parameters and a
# lower error; (c) the training error is 0 there; (d) the peak is at the same width for every
# seed and moves with $n$; (e) nothing is trained, the fit is in closed form.

# %%
assert check_peak_reason("a")
