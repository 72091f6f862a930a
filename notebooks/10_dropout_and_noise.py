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
# # 10 · Dropout and noise: regularizers that act on the data
#
# Every notebook so far added a penalty to the loss. Two regularizers that every deep-learning
# course teaches add no penalty at all: they corrupt the training data instead, by adding noise
# to the inputs or by dropping units at random. For a linear model both turn out to be a penalty
# after all, **exactly**, in closed form, and you can check that to machine precision before
# watching them in a network.
#
# **You will learn**
#
# - that least squares on inputs with Gaussian noise of standard deviation $\sigma$ is ridge
#   regression, with a λ you can compute from $\sigma$ (Bishop 1995);
# - that dropout on the inputs is a ridge whose weight on each feature is that feature's
#   *energy*, so rare features are penalized less than plain ridge would penalize them
#   (Wager, Wang and Liang 2013), and what survives of this for logistic regression;
# - what the forum's dropout (0.3 / 0.4) did to its L2 and L1 results, from a reproduction;
# - how dropout and input noise compare with L2 in a small network that you train yourself.

# %%
import matplotlib.pyplot as plt
import numpy as np

from regviz import generalization, noise
from regviz.experiments import reproduce, show_claims
from regviz.experiments.dropout import effects
from regviz.penalties import L2
from regviz.playground import Trainer, make_dataset
from regviz.plots.noise import plot_dropout_table, plot_kept_share, plot_logistic_penalty
from regviz.widgets.controls import setup_notebook
from regviz.widgets.noise import InputNoisePanel
from regviz.widgets.playground import PlaygroundPanel

setup_notebook()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Input noise is ridge, exactly
#
# Take least squares without intercept, $L(w) = \|y - Xw\|^2$ with $X$ of shape $n \times d$,
# and train it on a noisy copy $\tilde X = X + E$ of the inputs, every entry of $E$ independent
# $N(0, \sigma^2)$, with fresh noise at every step. What the training minimises on average is
#
# $$E\,\|y - (X + E)w\|^2 = \|y - Xw\|^2 - 2\,E[(y - Xw)^\top E w] + E\,\|Ew\|^2
#   = \|y - Xw\|^2 + n\sigma^2\|w\|^2 ,$$
#
# because $E$ has mean 0 (the middle term vanishes) and each of the $n$ entries of $Ew$ has
# variance $\sigma^2\|w\|^2$. That is ridge regression with $n\sigma^2$ on $\|w\|^2$: its
# minimiser is
#
# $$w = (X^\top X + n\sigma^2 I)^{-1} X^\top y \qquad (\texttt{noise.input\_noise\_ridge}).$$
#
# Notebook 00's `ridge` minimises $\frac{1}{2n}\|y - Xw\|^2 + \lambda\|w\|^2$: divide the
# line above by $2n$ and the matched λ is $\sigma^2 / 2$ (`noise.noise_lam`). The noise does
# not need to be Gaussian: any noise with mean 0 and variance $\sigma^2$, independent across
# entries, gives the same expected loss.

# %% [markdown]
# Here is notebook 00's overfitting example: 15 noisy points of $\sin(\pi x)$ and twelve
# polynomial features, the columns of $X$; the noise goes on every entry of $X$, the feature
# values (not on $x$ itself). The panel trains with input noise $\sigma$ (the thick blue curve and the
# bars, from the closed form) and draws ridge with $\lambda = \sigma^2/2$ over it (the dashed
# red curve and dashes). The green crosses are the honest experiment: the least-squares weights
# of 200 noisy copies of the data, with their standard errors.
#
# **Before you move the slider:** as $\sigma$ grows, will the fit follow the points more closely
# or less? Which weights shrink first, the low-degree ones that carry the sine, or the
# high-degree ones that make the wiggles?

# %%
noise_panel = InputNoisePanel(sigma=0.25)
noise_panel

# %% [markdown]
# The red dashes sit exactly on the bars for every $\sigma$: the readout gives the largest
# difference, which is rounding error. The noisy copies land within a few standard errors of
# the closed form, and closer as you add copies. Like every ridge, input noise shrinks most the
# directions that the 15 points pin down least (the small singular values of notebook 00), and
# those are the wiggles between the points: that is how it smooths the fit. A check that holds
# for any data:

# %%
data = generalization.polynomial_data()
X, y = data.X_train, data.y_train
for sigma in (0.05, 0.25, 1.0):
    gap = np.abs(noise.input_noise_ridge(X, y, sigma)
                 - generalization.ridge(X, y, noise.noise_lam(sigma))).max()
    print(f"σ = {sigma:<4g}: input noise vs ridge(λ = σ²/2), largest difference {gap:.1e}")
    assert gap < 1e-9

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Dropout is ridge with a weight per feature: the feature's energy
#
# Inverted dropout of the inputs keeps each entry with probability $1 - p$ and scales the kept
# ones by $1/(1-p)$: $\tilde x_{ij} = x_{ij} m_{ij}/(1-p)$ with $m_{ij} \sim$ Bernoulli$(1-p)$.
# Again $E[\tilde X] = X$, and the variance of an entry is now
# $\frac{p}{1-p}\,x_{ij}^2$: it depends on the entry. The same computation gives
#
# $$E\,\|y - \tilde X w\|^2 = \|y - Xw\|^2 + \frac{p}{1-p}\sum_j \Big(\sum_i x_{ij}^2\Big) w_j^2 ,
# \qquad w = \Big(X^\top X + \tfrac{p}{1-p}\operatorname{diag}(X^\top X)\Big)^{-1} X^\top y .$$
#
# A ridge, but each weight $w_j$ pays in proportion to its feature's **energy**
# $\sum_i x_{ij}^2$ (`noise.dropout_ridge`; per point, `noise.dropout_feature_weights`). A
# feature that is zero on most points, a rare word in a text, has little energy: its weight is
# cheap. Plain ridge charges every weight the same λ, and hits rare features hardest, because
# their few points give little evidence to resist the shrinking.
#
# **Predict first:** six features that are each as useful (true weight 1), nonzero on 100 % down
# to 2 % of 400 points. Dropout with $p = 0.5$, and ridge with one λ of the same total strength:
# which keeps more of a rare feature's weight?

# %%
frequencies = (1.0, 0.5, 0.2, 0.1, 0.05, 0.02)
Xr, yr = noise.rare_features(n=400, frequencies=frequencies)
kept = noise.kept_share(Xr, yr, 0.5)
plot_kept_share(frequencies, kept, p=0.5)
plt.show()
print("share kept by dropout:", np.round(kept["dropout"], 2))
print("share kept by ridge:  ", np.round(kept["ridge"], 2))

# %% [markdown]
# Dropout keeps about the same share of every weight, common or rare; ridge keeps most of the
# common features' weights and almost nothing of the rarest. One way to see it: dropout's
# penalty is ridge on *standardized* features (each column divided by its root energy), so it
# shrinks every direction alike in units of the feature's own scale.
#
# ### Logistic regression: the quadratic approximation
#
# For the logistic loss $A(z) - yz$, $A(z) = \log(1 + e^z)$, the expectation over the masks
# has no closed form. Wager, Wang and Liang (2013) expand $A$ to second order around the clean
# logit $z_i = x_i^\top w$; the dropped-out logit has mean $z_i$ and variance
# $\frac{p}{1-p}\sum_j x_{ij}^2 w_j^2$, so the mean loss grows by about
#
# $$R(w) \approx \frac{1}{2n}\,\frac{p}{1-p}\sum_i \pi_i(1 - \pi_i)\sum_j x_{ij}^2 w_j^2,
# \qquad \pi_i = \frac{1}{1 + e^{-z_i}} \quad (\texttt{noise.logistic\_dropout\_penalty}).$$
#
# Still a ridge weighted by the features' energy, but each point now counts with
# $\pi_i(1-\pi_i)$: points the model is sure about ($\pi_i$ near 0 or 1) hardly count, so a rare
# feature that is active on confidently classified points costs almost nothing. Below, the exact
# added loss (Monte Carlo over 1,000 masks) along a line of weights $s \cdot w$, against the
# approximation.

# %%
rng = np.random.default_rng(1)
Xl = rng.standard_normal((200, 4))
w_true = np.array([1.5, -1.0, 0.5, 2.0])
yl = (rng.random(200) < 1 / (1 + np.exp(-Xl @ w_true))).astype(float)
curve = noise.logistic_penalty_curve(Xl, yl, w_true, 0.5, np.linspace(0, 2, 9))
plot_logistic_penalty(curve, p=0.5)
plt.show()
print("largest gap, exact - quadratic:", f"{np.abs(curve['exact'] - curve['quadratic']).max():.3f}")

# %% [markdown]
# Near $w = 0$ the two agree (the quadratic is the first term of the expansion); for larger
# weights the quadratic falls a little short of the exact added loss (the largest gap is
# printed above), because it drops the higher-order terms of $A$'s expansion. The approximation is the tool of the paper: it makes the data-dependent ridge
# visible, and it is what you would fit if you wanted dropout's regularization without the
# sampling.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Dropout in the forum's network
#
# The forum's MLP (notebook 07) has `Dropout(0.3)` after its first layer and `Dropout(0.4)` after
# its second, and every number in the thread (94 % without penalty, 96 % with L2, 11 % with L1
# at λ = 0.01) was measured with that dropout on. Nobody in the thread says what it did. The
# reproduction `dropout-vs-l2` trains the same network on the same 4,000 digits for the same 20
# epochs as notebook 07, with dropout off and on, crossed with no penalty, L2 (SGD's
# `weight_decay` 0.01) and L1 in the loss at 0.01 and 0.001. Its result ships with the package:
# this cell loads it and trains nothing.
#
# **Predict first:** dropout is a regularizer. Will it lower the test error without a penalty?
# Will it add to L2's effect? Can it save the network from L1 at λ = 0.01?

# %%
result = reproduce("dropout-vs-l2")
plot_dropout_table(result.rows)
plt.show()
for sentence in effects(result.rows):
    print("•", sentence)

# %%
from IPython.display import Markdown, display

from regviz.experiments import to_markdown

display(Markdown(to_markdown(result, claims=False)))
show_claims(result)

# %% [markdown]
# Read the sentences above with one run per setting in mind (one seed each: differences of a
# few thousandths are within what another seed could change). Dropout narrows the gap between training and test error, with or
# without L2: that is its regularization. L2's `weight_decay` of 0.01 barely changes the test
# error in either case, so the forum's 96 % with L2 is not reproduced on our data (notebook 07
# says why the data differ). And dropout does not rescue L1 at λ = 0.01: the collapse is L1's
# (each weight is pulled towards 0 by $\eta\lambda$ per step, whatever dropout does), and with
# dropout on it is complete, at chance, as the forum reports.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Dropout and input noise in the playground
#
# The playground of notebook 09 has two more controls: **dropout** (on the hidden units, during
# training only) and **input noise σ** (on the training points' coordinates, new at every step).
# Both draw their randomness from the seed, so Reset replays the same run.
#
# **Predict first**, for notebook 09's overfitting setup (40 noisy moons points, three hidden
# layers of 16 units, 3,000 steps), and write your guesses down before you run the next cell:
#
# 1. Which of L2 (λ = 0.03), dropout 0.4 and input noise 0.4 makes the weights *smaller* than
#    no regularization?
# 2. Which gives the smoothest boundary?

# %%
def weight_norm(trainer):
    return np.sqrt(sum((w**2).sum() for w in trainer.weights))


# %%
small = make_dataset("moons", n=40, noise=0.35)
settings = {"none": {}, "L2, λ = 0.03": {"penalty": L2(0.03)},
            "dropout 0.4": {"dropout": 0.4}, "input noise 0.4": {"input_noise": 0.4}}
runs = {name: Trainer(small, hidden=(16, 16, 16), **kw) for name, kw in settings.items()}
for name, r in runs.items():
    r.step(3000)
    h = r.history
    print(f"{name:16} train accuracy {h['train_accuracy'][-1]:.0%}, test accuracy "
          f"{h['test_accuracy'][-1]:.0%}, test loss {h['test_loss'][-1]:.2f}, "
          f"weight norm {weight_norm(r):.1f}")
assert weight_norm(runs["L2, λ = 0.03"]) < weight_norm(runs["none"])

# %%
from regviz.plots.playground import plot_snapshot

fig, axes = plt.subplots(2, 4, figsize=(9.5, 5), gridspec_kw={"height_ratios": [1, 0.8]})
for col, (name, r) in zip(axes.T, runs.items(), strict=True):
    plot_snapshot(r, ax_boundary=col[0], ax_network=col[1], title=name)
    col[1].set_title(col[1].get_title().replace(": ", ":\n").replace(", ", ",\n"), fontsize=8)
plt.show()

# %% [markdown]
# In our run, L2 shrinks the weights and straightens the boundary. Dropout does not shrink
# them: the network answers the dropped units by making the surviving weights *larger*, and
# what dropout penalizes is different, a network that depends on any single unit (each hidden
# unit must be useful on its own, since its partners may be gone). Input noise gives a smooth
# boundary without small weights: a point and its noisy neighbours must get the same label, so
# the function must vary slowly around the training points. This is Bishop's result for
# networks: to second order, training with small input noise adds a penalty on the size of the
# network's derivatives with respect to its inputs. Your numbers may differ with another seed;
# the comparison of the weight norms is what to look for.
#
# Try it live: the playground below starts from the same setup. Play without regularization,
# then Reset, set dropout to 0.4 and Play again; then input noise. Watch the weights'
# histogram and the test loss.

# %%
playground = PlaygroundPanel(n=40, noise=0.35, layers=3, width=16)
playground

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# | regularizer | for a linear model it is | in a network |
# |---|---|---|
# | Gaussian input noise σ | ridge with $n\sigma^2$ on $\|w\|^2$ (λ = σ²/2 in notebook 00's convention), exactly | a penalty on how fast the output changes with the input: a smooth boundary |
# | inverted dropout p | ridge with $\frac{p}{1-p}\sum_i x_{ij}^2$ on $w_j^2$: rare features pay less | units that work without their partners; weights need not be small |
# | L2 | ridge with one λ for every weight | small weights |
#
# For logistic regression dropout is, to second order, a ridge weighted by each feature's
# energy on the points the model is unsure about. In the forum's network dropout lowered the
# test error and narrowed the train / test gap with or without L2; it did nothing to save L1
# at λ = 0.01.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace `None` by your answer (or write the function's body) and run the cell; the check says
# whether it is right and gives a hint if not.
#
# **Exercise 1 (code).** Write the least-squares weights under inverted dropout of the inputs
# with rate `p`, in closed form, for a matrix `X` (n × d) and targets `y` (no intercept). Use
# NumPy only (`np.linalg.solve`, `np.diag`...), not `regviz.noise`.

# %%
from regviz.exercises.noise import check_dropout_least_squares, check_kept_share, check_why_rare


def dropout_least_squares(X, y, p):
    return None  # your code here


check_dropout_least_squares(dropout_least_squares)

# %% [markdown]
# **Exercise 2 (number).** The features of a data set are orthogonal: $X^\top X$ is diagonal.
# With inverted dropout of the inputs at $p = 0.35$, what share of each least-squares weight
# does the dropout minimiser keep? (A number between 0 and 1; the same for every feature.)

# %%
check_kept_share(None, p=0.35)

# %% [markdown]
# **Exercise 3 (multiple choice).** Why does dropout penalize the weight of a rare feature less
# than plain ridge does? Answer with the letter of the option.

# %%
check_why_rare(None)
