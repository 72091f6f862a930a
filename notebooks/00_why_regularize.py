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
# # 00 · Why regularize? Overfitting, choosing λ, and what a penalty really does
#
# The other notebooks show *how* each penalty acts on a weight. This one asks *why* anyone adds
# a penalty at all. We fit models that can memorise their training data, watch them fail on new
# data, and watch a penalty $\lambda$ fix it; then we choose $\lambda$ from the data, look
# inside ridge regression, and meet early stopping, the regularizer hidden in every training
# loop. Everything here is a linear model, solved exactly in a fraction of a second (NumPy and
# scikit-learn, no torch).
#
# **You will learn**
#
# - to see overfitting: training error near 0, test error huge, and a U-shaped test error as
#   $\lambda$ grows;
# - why more features than samples (d2l's 200 features, 20 samples) needs a penalty;
# - to choose $\lambda$ by K-fold cross-validation, and the one-standard-error rule;
# - ridge through the SVD: shrinkage factors, the effective number of parameters, bias and
#   variance;
# - why stopping gradient descent early is (almost) ridge.
#
# **Convention** (the same in every regviz notebook): $\lambda$ multiplies the *sum* of the
# penalty over the weights and is added to the data term, the *mean* over the samples of a
# per-sample loss; for regression, as here, that loss is half the squared error (so the data
# term is half the mean squared error), for a network the cross-entropy. The intercept $b$ is
# never penalized. Every table that converts $\lambda$ to a library's parameter names its data
# term (notebook 07 converts for both):
#
# $$\min_{w,b}\ \frac{1}{2n}\sum_{i=1}^n (y_i - x_i^\top w - b)^2 + \lambda\sum_j
# \mathrm{pen}(w_j), \qquad \mathrm{pen}(w) = w^2\ (L_2),\ |w|\ (L_1),\
# \tfrac12|w| + \tfrac12 w^2\ (\text{elastic net}).$$
#
# (The elastic net here is notebook 08's $a|w| + (1-a)w^2$ with the mix $a = \tfrac12$.) The
# errors we report are plain mean squared errors (MSE), not halved.

# %%
import numpy as np

from regviz import generalization as gen
from regviz.experiments import reproduce
from regviz.plots import generalization as plots
from regviz.widgets.controls import setup_notebook
from regviz.widgets.generalization import OverfitPanel, ShrinkagePanel

setup_notebook()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Overfitting you can see
#
# Fifteen noisy samples $y = \sin(\pi x) + \varepsilon$, $\varepsilon \sim N(0, 0.3^2)$,
# $x$ uniform on $[-1, 1]$, and a polynomial of degree 12:
# $\hat y(x) = b + \sum_{j=1}^{12} w_j P_j(x)$ (Legendre polynomials $P_j$: the same curves as
# $x, x^2, \dots, x^{12}$, better scaled). Thirteen parameters for fifteen points: the fit can
# nearly thread every point. Fifteen more samples form a **validation** set (to choose
# $\lambda$) and 400 a **test** set (to judge the choice, never to make it).
#
# L2 is solved in closed form; L1 and the elastic net by regviz's own proximal solver
# (`regviz.solvers.ista`: ISTA, the iterative soft-thresholding algorithm, alternates a gradient
# step on the data term with a step that shrinks every coefficient towards 0 and sets the small
# ones to exactly 0; notebook 04 derives it). Every $\lambda$ of the slider's grid was solved once
# when the panel was built, for all three penalties.
#
# **Before you move it, predict:** at $\lambda = 0$, is the training error large or small? The
# test error? As $\lambda$ grows to 10, which of the two errors can only go up? Then switch the
# penalty to L1 at $\lambda \approx 0.01$: what happens to the coefficients?

# %%
data = gen.polynomial_data()
overfit = OverfitPanel(lam=0.0, penalty="L2")
overfit

# %% [markdown]
# At $\lambda = 0$ the curve passes near every training point and swings wildly between them.
# The bottom panel shows the U: the training error (blue) rises with $\lambda$, while the
# validation and test errors first fall, by about three decades, then rise again once the
# penalty flattens the fit. Thirteen parameters for fifteen points put this fit just below its
# interpolation threshold, where the λ = 0 test error peaks; with far more parameters than
# points it falls again (double descent, [notebook 11](11_implicit_regularization.py)). The
# same numbers:

# %%
paths = overfit.paths
for name, p in paths.items():
    i = int(np.argmin(p.val))  # chosen on the validation set
    print(f"{name:12s} lambda=0: train {p.train[0]:.3g}, test {p.test[0]:.3g} | best on "
          f"validation: lambda={p.lams[i]:.2g}, test {p.test[i]:.3g}, zeros {p.zeros[i]}")
    assert p.test[0] > 100 * p.train[0]  # lambda = 0 memorises: the test error is far above
    assert p.test[i] < p.test[0] / 50  # the chosen lambda cuts it by a large factor

# %% [markdown]
# With L1 (and the elastic net) some coefficients are **exactly 0** (the × marks): the
# penalty selects a few polynomial degrees and drops the rest. Ridge keeps every coefficient,
# only smaller. Which to prefer depends on the problem; what all three share is that *some*
# $\lambda > 0$ does far better on new data than $\lambda = 0$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. More features than samples: d2l's weight-decay experiment
#
# *Dive into Deep Learning* (d2l) makes the same point with a linear model of $d = 200$
# features trained on $n = 20$ samples: $y = 0.05 + \sum_{i=1}^{200} 0.01\,x_i + \varepsilon$,
# $x \sim N(0, I)$, $\varepsilon \sim N(0, 0.01^2)$, 100 test samples. We follow the older
# edition's section 4.5, "Weight Decay" (d2l 0.17): minibatch SGD with batch 5, learning rate
# 0.003, 100 epochs, $w$ initialised from $N(0, 1)$. The current edition (section 3.7)
# initialises $w$ with standard deviation 0.01 instead.
#
# **Converting d2l's $\lambda$.** d2l minimises the batch mean of
# $\tfrac12(\hat y - y)^2 + \tfrac{\lambda_{\text{d2l}}}{2}\|w\|^2$. Our objective is the same
# half squared error plus $\lambda\sum_j w_j^2$, so $\lambda = \lambda_{\text{d2l}}/2$: d2l's
# $\lambda_{\text{d2l}} = 3$ is our $\lambda = 1.5$, and the SGD steps are identical
# ($w \leftarrow w - \eta(\nabla + 2\lambda w)$, i.e. `weight_decay` $= 3$). The run is
# `python -m regviz reproduce d2l-weight-decay` (here in NumPy, in a few milliseconds).

# %%
d2l = reproduce("d2l-weight-decay")
print(d2l.config["lambda_convention"])
for row in d2l.rows:
    print(f"lambda = {row.lam:g} (d2l's {row.d2l_lambda:g}): train MSE "
          f"{row.train_error:.3g}, test MSE {row.test_error:.3g}, "
          f"||w|| = {row.weight_norm:.3g}")
plots.plot_d2l_curves(d2l);

# %%
no_pen, wd = d2l.rows
assert no_pen.test_error > 1000 * no_pen.train_error  # lambda = 0 memorises 20 points
assert wd.test_error < no_pen.test_error / 20  # d2l's lambda: test error far lower
assert all(c.reproduced for c in d2l.claims)  # d2l's statements, one by one

# %% [markdown]
# Why does SGD without a penalty fail so badly? With 20 equations for 200 unknowns, the
# gradient $\frac1n X^\top(Xw - y)$ lies in the 20-dimensional row space of $X$: SGD can only
# move $w$ there, and the 180 other directions keep their random initial values forever. With
# the older edition's $N(0, 1)$ initialisation that leftover is large: it is what the weight norm
# (right panel) shows, and it is pure noise on test inputs. (With the current edition's
# standard deviation 0.01 the leftover is a hundred times smaller, and the test error it adds,
# which grows with its square, ten thousand times smaller.)
# The penalty adds $-2\eta\lambda w$ to every step, which shrinks *every* direction, those
# included, by a factor $1 - 2\eta\lambda$ per step.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Choosing λ: K-fold cross-validation
#
# A single validation set of 15 points is a noisy judge, and it costs 15 training points.
# **K-fold cross-validation** uses every point for both: split the data into $K$ folds; for
# each fold $k$, fit on the other $K - 1$ folds and measure the error $E_k(\lambda)$ on fold
# $k$; average:
#
# $$\mathrm{CV}(\lambda) = \frac1K\sum_{k=1}^K E_k(\lambda), \qquad
# \mathrm{se}(\lambda) = \frac{\mathrm{std}_k\,E_k(\lambda)}{\sqrt K}.$$
#
# Take the $\lambda$ with the lowest $\mathrm{CV}$, or, by the **one-standard-error rule**,
# the largest $\lambda$ (the simplest model) whose $\mathrm{CV}$ is within one standard error
# of the lowest. `gen.cross_validate` is a loop over scikit-learn's `KFold`. Here on the
# training and validation points together (30 points, 5 folds), ridge:

# %%
X30 = np.vstack([data.X_train, data.X_val])
y30 = np.concatenate([data.y_train, data.y_val])
lams = gen.lam_grid()
cv = gen.cross_validate(X30, y30, lams, penalty="L2", n_splits=5, seed=0)
fits = [gen.fit_linear(X30, y30, lam=lam) for lam in lams]
test = np.array([gen.mse(data.y_test, f.predict(data.X_test)) for f in fits])
print(f"lowest CV error at lambda = {cv.lam_best:.2g} (test MSE of the refit "
      f"{test[cv.best]:.3g}); one-s.e. rule: lambda = {cv.lam_1se:.2g} (test {test[cv.one_se]:.3g})")
plots.plot_cv_curve(cv, test=test);

# %% [markdown]
# **The same choice from scikit-learn.** `RidgeCV` minimises $\|y - Xw\|^2 + \alpha\|w\|^2$
# (sums, not means), so on folds of $m = 24$ training rows $\alpha = 2m\lambda$; we hand it the
# same folds and the converted grid, and convert its choice back:

# %%
sk = gen.sklearn_cv_lambda(X30, y30, lams, cv.folds, penalty="L2")
print(f"RidgeCV picks lambda = {sk:.4g}; ours: {cv.lam_best:.4g}")
assert np.isclose(sk, cv.lam_best)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Real data: the diabetes regression
#
# scikit-learn ships a small medical data set (442 patients, 10 standardized measurements such
# as age, BMI, blood pressure and six blood serum values `s1`–`s6`; the target is disease
# progression after a year). We hold out 142 patients for testing, choose $\lambda$ by 5-fold CV
# on the other 300 for ridge, the lasso and the elastic net, and compare each choice with
# scikit-learn's `RidgeCV`, `LassoCV` and `ElasticNetCV` on the same folds
# (`python -m regviz reproduce diabetes-cv`).

# %%
diabetes = reproduce("diabetes-cv")
for row in diabetes.rows:
    print(f"{row.method:12s} lambda = {row.lam:.3g} (scikit-learn: "
          f"{row.sklearn_lambda:.3g}), CV MSE {row.cv_error:.0f} ± {row.cv_se:.0f}, "
          f"test MSE {row.test_error:.0f}, exact zeros {row.zero_fraction:.0%}")
    assert np.isclose(row.lam, row.sklearn_lambda)  # same folds, same choice
pen = {"lasso": "L1", "ridge": "L2", "elastic net": "elastic net"}
curves = {m: gen.diabetes_paths(pen[m]) for m in pen}
plots.plot_path_panels(curves, chosen={m: diabetes.rows_of(m)[0].lam for m in pen},
                 names=diabetes.config["features"]);

# %% [markdown]
# Read the paths from left (large $\lambda$, every coefficient 0) to right (small $\lambda$,
# least squares). The lasso lets the features in one at a time, BMI and `s5` first; ridge
# shrinks all ten smoothly and sets none to 0; the elastic net sits in between. At the
# cross-validated $\lambda$ (dashed) the three test errors are within a few percent of each
# other: on this data, with 300 patients for 10 features, regularization buys little accuracy.
# The lasso's zeros buy a simpler model. Compare with section 1, where 15 points for 12
# coefficients made the penalty decisive.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Ridge, seen through the SVD
#
# Setting the gradient of $\frac{1}{2n}\|y - Xw\|^2 + \lambda\|w\|^2$ to zero (on centred
# data) gives the closed form $w = (X^\top X + 2n\lambda I)^{-1}X^\top y$. With the singular
# value decomposition $X = USV^\top$ it reads
#
# $$w = \sum_j \underbrace{\frac{s_j^2}{s_j^2 + 2n\lambda}}_{\text{shrinkage factor}}\;
# \frac{u_j^\top y}{s_j}\, v_j .$$
#
# Least squares is the sum without the factors. Ridge multiplies the coefficient along each
# singular direction $v_j$ by a factor between 0 and 1: close to 1 where $s_j^2 \gg 2n\lambda$
# (directions the data pin down well), close to 0 where $s_j^2 \ll 2n\lambda$ (directions the
# data barely see, where the noise would be amplified by $1/s_j$). The fitted values are
# $\hat y = Hy$ with the *hat matrix* $H = X(X^\top X + 2n\lambda I)^{-1}X^\top$, and the
# **effective number of parameters** is
#
# $$\mathrm{df}(\lambda) = \operatorname{tr} H = \sum_j \frac{s_j^2}{s_j^2 + 2n\lambda},$$
#
# from the number of columns at $\lambda = 0$ down to 0.

# %%
Xc = data.X_train - data.X_train.mean(axis=0)  # the intercept is not penalized: centre
yc = data.y_train - data.y_train.mean()
for lam in (1e-4, 1e-2, 1.0):
    assert np.allclose(gen.ridge(Xc, yc, lam), gen.ridge_svd(Xc, yc, lam))  # two ways, one w
    df = gen.effective_df(Xc, lam)
    assert np.isclose(df, np.trace(gen.hat_matrix(Xc, lam)))  # sum of factors = trace of H
    print(f"lambda = {lam:g}: df = {df:.2f} of {Xc.shape[1]}")
s = np.linalg.svd(Xc, compute_uv=False)
span = np.log10(s.max() / s.min())
print(f"singular values from {s.max():.3g} down to {s.min():.2g}: {span:.2f} decades; "
      f"their squares span {2 * span:.2f}")

# %% [markdown]
# **Before you move it, predict:** which directions lose their weight first as $\lambda$
# grows, those with large or small singular values? At which $\lambda$ is
# $\mathrm{df} \approx 6$, half the columns?

# %%
shrink = ShrinkagePanel(lam=1e-3)
shrink

# %% [markdown]
# The singular values of the polynomial features span two and a half decades, their squares
# (which the factors compare with $2n\lambda$) five (both printed above), so the factors switch
# off one direction after another as $\lambda$ sweeps the grid: the last directions (the wiggles
# between the training points) go first.
#
# **Bias and variance.** Why does cutting directions *help*? Draw many training sets of 15
# points from the same function, fit ridge to each, and look at the predictions at fixed test
# inputs $x$. Their average misses $f(x)$ by the **bias**; they scatter around their average
# with the **variance**; and a test target adds its own noise $\sigma^2$:
#
# $$E\big[(y - \hat f(x))^2\big] = \big(E\hat f(x) - f(x)\big)^2 + \mathrm{Var}\,\hat f(x)
# + \sigma^2 .$$
#
# A small $\lambda$ gives a small bias and a huge variance; a large $\lambda$ the reverse.

# %%
bv = gen.bias_variance(gen.lam_grid(1e-5, 10.0, 19, zero=False), n_draws=200, seed=0)
plots.plot_bias_variance(bv)
k = int(np.argmin(bv.total))
print(f"lowest expected test error at lambda = {bv.lams[k]:.2g}: bias² {bv.bias2[k]:.3f} + "
      f"variance {bv.variance[k]:.3f} + noise {bv.noise:.3f} = {bv.total[k]:.3f}")
# the three terms add up to the test error measured directly, within its Monte Carlo error
assert np.all(np.abs(bv.total - bv.test_error) < 4 * bv.test_error_se + 1e-12)

# %% [markdown]
# ## 6. Early stopping
#
# Stopping gradient descent early is (almost) ridge: [notebook 11](11_implicit_regularization.py).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. Back to the networks
#
# The lecture notes that our notebooks 03 to 06 follow end their section on penalties with a
# take-home: penalties "may be useful when dealing with small models and small data-sets and
# are still standard when data is scarce" (lecture), with "a limited impact for large-scale deep
# learning" (lecture). Their own L2 table on 1,000 MNIST digits shows it: the test error is 0.064
# without a penalty, 0.063 at $\lambda = 0.001$, 0.064 at 0.002 and 0.065 at 0.004, flat
# within the noise of one run, then 0.075 at 0.01 and 0.101 at 0.02 (notebook 06 reruns that
# table). A convnet with 1,000 training images and plenty of structure in its architecture is
# not the polynomial of section 1.
#
# This notebook is the small-data case where penalties matter most: 15 points for 13
# parameters, 20 for 201. The rest of the series looks inside the penalties:
#
# - [01](01_penalty_landscapes.py): how $\lambda$ and $p$ move the minimum of
#   $f(x) + \lambda|x|^p$, and why L1 lands on exactly 0;
# - [02](02_lp_balls.py): the Lp balls and the constrained view of the same question;
# - [03](03_gradients_and_p_below_1.py): the penalty's pull, and what goes wrong for $p < 1$;
# - [04](04_proximal_operators.py): proximal steps, the solver used for L1 above;
# - [05](05_bayesian_view.py): penalties as priors;
# - [06](06_mnist_l2_l1.py) and [07](07_questions_from_practice.py): the lecture's convnet
#   and questions from practice;
# - [08](08_elastic_net.py): the elastic net in detail.

# %% [markdown]
# ## Summary
#
# - A model with about as many parameters as data points memorises its training data: training
#   error near 0, test error huge. A penalty trades a little training error for a large drop in
#   test error; too much penalty underfits. The test error against $\lambda$ is U-shaped.
# - d2l's 200 features and 20 samples: SGD without a penalty leaves the 180 directions it
#   cannot see at their random start; $\lambda\sum w^2$ (d2l's $\lambda/2\cdot\|w\|^2$,
#   $\lambda_{\text{ours}} = \lambda_{\text{d2l}}/2$) shrinks them too.
# - Choose $\lambda$ by K-fold cross-validation, never on the test set; the one-standard-error
#   rule picks a simpler model that is as good within the noise. Our CV agrees with
#   scikit-learn's `RidgeCV` / `LassoCV` / `ElasticNetCV` once $\lambda$ is converted.
# - Ridge multiplies each singular direction by $s_j^2/(s_j^2 + 2n\lambda)$;
#   $\mathrm{df}(\lambda)$ is the sum of these factors; it trades variance for bias.
# - Gradient descent stopped after $t$ steps behaves like ridge with
#   $\lambda \approx 1/(2\eta t)$, approximately and only for linear least squares.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace each `None` by your answer (a number, a letter, or the body of a function) and run the
# cell; the check tells you whether it is right. A wrong answer gets a hint, a second wrong
# answer a narrower one, and `hint(check_...)` asks for the next hint without answering. No
# hint contains code or the answer.
#
# **Exercise 1 (code).** Write `weighted_ridge(X, y, lam, c)`: the minimiser of
# $\frac{1}{2n}\|y - Xw\|^2 + \lambda\sum_j c_j w_j^2$ (no intercept), where the array `c` gives
# each coefficient its own price $c_j > 0$. With every $c_j = 1$ it is the ridge of section 5.

# %%
from regviz.exercises import hint  # noqa: E402, F401  (hint(check_...) gives the next hint)
from regviz.exercises.generalization import (  # noqa: E402
    check_cv_error,
    check_df_meaning,
    check_effective_df,
    check_lasso_1se,
    check_weighted_ridge,
)


def weighted_ridge(X, y, lam, c):
    return None  # your code here


check_weighted_ridge(weighted_ridge)

# %% [markdown]
# **Exercise 2 (number).** The effective number of parameters $\mathrm{df}(\lambda)$ of ridge on
# the 15 centred training features of section 1 (`Xc` above) at $\lambda = 0.0137$, to three
# decimals.

# %%
check_effective_df(None, lam=0.0137)

# %% [markdown]
# **Exercise 3 (code).** Write `cv_error(X, y, lam, folds)`: the K-fold CV error of ridge *with
# an unpenalized intercept* at one $\lambda$, for `folds` a list of `(train_index, test_index)`
# pairs (as `gen.kfold` returns). Use your `weighted_ridge` with every $c_j = 1$.

# %%
def cv_error(X, y, lam, folds):
    return None  # your code here


check_cv_error(cv_error)

# %% [markdown]
# **Exercise 4 (number).** On the diabetes data with `seed=1` (`gen.diabetes_data(seed=1)`,
# folds `gen.kfold(300, 5, seed=1)`, the lasso's grid `np.geomspace(*gen.DIABETES["lams"]["L1"])`):
# which $\lambda$ does the one-standard-error rule choose, to three significant digits? The check
# then tells you how many coefficients are exactly 0 there.

# %%
check_lasso_1se(None, seed=1)

# %% [markdown]
# **Exercise 5 (concept).** What does $\mathrm{df}(\lambda)$ measure? Run the cell to see the
# options, then answer with one letter.

# %%
check_df_meaning(None)
