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
# # 00 · Why regularize? Worked solutions
#
# For instructors. Each answer is computed, then passed to the notebook's check with the same
# arguments as the notebook's call.

# %%
import numpy as np

from regviz import generalization as gen
from regviz.exercises.generalization import (
    check_cv_error,
    check_df_meaning,
    check_effective_df,
    check_lasso_1se,
    check_weighted_ridge,
)

# %% [markdown]
# ## Exercise 1: ridge with a price per coefficient
#
# The gradient of $\frac{1}{2n}\|y - Xw\|^2 + \lambda\sum_j c_j w_j^2$ is
# $\frac1n X^\top(Xw - y) + 2\lambda\,\mathrm{diag}(c)\,w$; setting it to 0 gives
# $(X^\top X + 2n\lambda\,\mathrm{diag}(c))\,w = X^\top y$. With every $c_j = 1$ it is plain
# ridge.

# %%
def weighted_ridge(X, y, lam, c):
    n = X.shape[0]
    return np.linalg.solve(X.T @ X + 2 * n * lam * np.diag(c), X.T @ y)


def ridge(X, y, lam):
    return weighted_ridge(X, y, lam, np.ones(X.shape[1]))


assert check_weighted_ridge(weighted_ridge)

# %% [markdown]
# ## Exercise 2: the effective number of parameters at λ = 0.0137
#
# $\mathrm{df}(\lambda) = \sum_j s_j^2/(s_j^2 + 2n\lambda)$ over the singular values of the
# centred training features ($n = 15$).

# %%
data = gen.polynomial_data()
Xc = data.X_train - data.X_train.mean(axis=0)
s = np.linalg.svd(Xc, compute_uv=False)
df = float(np.sum(s**2 / (s**2 + 2 * len(Xc) * 0.0137)))
print(f"df(0.0137) = {df:.3f}")
assert check_effective_df(df, lam=0.0137)

# %% [markdown]
# ## Exercise 3: K-fold cross-validation by hand
#
# On each fold: centre the training part with its own means (the intercept is not penalized),
# solve ridge, predict the held-out part with $b = \bar y - \bar x^\top w$, take the MSE.

# %%
def cv_error(X, y, lam, folds):
    errors = []
    for train, test in folds:
        x_mean, y_mean = X[train].mean(axis=0), y[train].mean()
        w = ridge(X[train] - x_mean, y[train] - y_mean, lam)
        errors.append(np.mean((y[test] - (X[test] @ w + y_mean - x_mean @ w)) ** 2))
    return float(np.mean(errors))


assert check_cv_error(cv_error)

# %% [markdown]
# ## Exercise 4: the λ of the one-standard-error rule (diabetes, seed 1)

# %%
Xtr, ytr, *_ = gen.diabetes_data(seed=1)
lams = np.geomspace(*gen.DIABETES["lams"]["L1"])
cv = gen.cross_validate(Xtr, ytr, lams, penalty="L1", folds=gen.kfold(300, 5, seed=1))
w = gen.fit_linear(Xtr, ytr, penalty="L1", lam=cv.lam_1se).w
print(f"lambda_1se = {cv.lam_1se:.4g}: {int(np.sum(w == 0))} exact zeros (at the lowest CV "
      f"error, lambda = {cv.lam_best:.3g}: "
      f"{int(np.sum(gen.fit_linear(Xtr, ytr, penalty='L1', lam=cv.lam_best).w == 0))})")
assert check_lasso_1se(cv.lam_1se, seed=1)

# %% [markdown]
# ## Exercise 5: what df(λ) measures
#
# Each term $s_j^2/(s_j^2 + 2n\lambda)$ is the fraction of direction $v_j$ that ridge keeps, and
# df is their sum: a direction the data pin down counts fully, one they barely see counts almost
# nothing. Ridge has no exact zeros, and df falls as λ grows.

# %%
assert check_df_meaning("e")
