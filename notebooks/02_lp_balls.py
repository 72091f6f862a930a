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
# # 02 · Lp balls: why the L1 corner gives exact zeros
#
# A penalty $\lambda\|w\|_p^p$ can also be read as a *budget*: keep the weights inside the ball
# $\|w\|_p^p \le t$ and minimise the loss there. The shape of that ball decides where the
# solution lands, and whether some weights are exactly 0.
#
# **You will learn**
#
# - what the Lp unit balls look like for $p$ from 0.1 to $\infty$, in 2D and 3D;
# - for which $p$ the ball is convex, and how one chord shows it;
# - the constrained view: the loss's level sets grow until they first touch the ball, and that
#   contact point lands *on an axis* (an exact zero) for $p \le 1$ and off the axes for
#   $p = 2$, 3, 4;
# - why: corners sit on the axes, and a corner catches the level sets for a whole range of
#   losses.

# %%
import math

import numpy as np

from regviz import geometry
from regviz.penalties import L1
from regviz.plots import geometry as geometry_plots
from regviz.widgets.controls import setup_notebook
from regviz.widgets.geometry import BALL_P_VALUES, Ball2DPanel, Ball3DPanel, ConstrainedViewPanel

setup_notebook()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The Lp ball
#
# For $p > 0$ the Lp (quasi-)norm of $w = (w_1, \dots, w_d)$ and its ball of radius $r$ are
#
# $$\|w\|_p = \Bigl(\sum_{i=1}^d |w_i|^p\Bigr)^{1/p}, \qquad
# B_p(r) = \{w : \|w\|_p \le r\} = \Bigl\{w : \sum_i |w_i|^p \le r^p\Bigr\},$$
#
# and for $p = \infty$ the max norm $\|w\|_\infty = \max_i |w_i|$, whose ball is the square (the
# cube in 3D). $p = 2$ is the disc, $p = 1$ the diamond $|w_1| + |w_2| \le 1$; as $p$ grows
# the ball swells towards the square (the article likens $p = 3$ to a square with rounded
# corners), and below 1
# it pinches into a star whose arms lie along the axes. Every one of them passes through the
# four axis points $(\pm1, 0)$, $(0, \pm1)$.

# %%
geometry_plots.plot_balls_2d(geometry_plots.BALL_PS);

# %%
for p in (0.5, 1.0, 2.0, 3.0, math.inf):
    print(f"p = {p:g}: area {geometry.ball_volume(p, 2):.4f}")
assert math.isclose(geometry.ball_volume(1, 2), 2.0)  # the diamond: four triangles of area 1/2

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Convex or not: one chord tells
#
# A set is *convex* when the segment (chord) between any two of its points stays in the set.
# Take the two tips $a = (1, 0)$ and $b = (0, 1)$, which are in every unit ball. The chord's
# midpoint $(\tfrac12, \tfrac12)$ has norm
#
# $$\bigl\|(\tfrac12, \tfrac12)\bigr\|_p = \bigl(2 \cdot 2^{-p}\bigr)^{1/p} = 2^{1/p - 1},$$
#
# which is larger than 1 exactly when $p < 1$: for $p < 1$ the chord leaves the ball (red,
# dashed), so the ball is not convex. For $p \ge 1$ Minkowski's inequality
# $\|a + b\|_p \le \|a\|_p + \|b\|_p$ keeps *every* chord inside: the ball is convex. The right
# panel follows the norm along the chord. Before you move it, predict: at which $p$ does the
# chord's midpoint sit exactly on the boundary? Then slide $p$ through 1.

# %%
Ball2DPanel(p=0.5)

# %%
for p in (0.5, 0.9, 1.0, 2.0):
    ch = geometry.chord(p)
    print(f"p = {p:g}: largest norm on the chord {ch.max_norm:.4f}, leaves the ball: {ch.leaves}")
    assert ch.leaves == (p < 1)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## In 3D
#
# With three weights the ball is $|w_1|^p + |w_2|^p + |w_3|^p \le 1$: the octahedron for
# $p = 1$, the sphere for $p = 2$, the cube for $p = \infty$, and for $p < 1$ a spiky star
# whose concave faces curve inwards between the axes. The article's 3D picture shows this
# for $p = 0.5$, and its point: as a constraint set, such a ball has many local minima along
# its boundary (every spike can trap a descent method), which is why $p < 1$ is usually
# avoided. That argument is about convexity, so it holds for linear models; a network's loss is
# already non-convex, and there the case against $p < 1$ is the gradient that blows up near 0
# (notebook 03). Drag to turn the figure (with the interactive backend).

# %%
Ball3DPanel(p=0.5)

# %%
geometry_plots.plot_balls_3d(geometry_plots.BALL_PS);

# %%
vols = {p: geometry.ball_volume(p, 3) for p in geometry_plots.BALL_PS}
print({("inf" if math.isinf(p) else p): round(v, 4) for p, v in vols.items()})
assert vols[0.5] < vols[1.0] < vols[2.0] < vols[math.inf] == 8.0  # the star is the smallest

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The constrained view
#
# Regularised training minimises $\mathcal L(w) + \lambda\|w\|_p^p$. The same solutions come
# from the constrained problem
#
# $$\min_w \mathcal L(w) \quad \text{subject to} \quad \|w\|_p^p \le t \quad (t = r^p),$$
#
# by Lagrange duality (a constraint can be moved into the objective as a penalty times a
# *multiplier*, here $\lambda$: the price of the budget): for $p \ge 1$ (a convex problem) each budget $t$ that binds has a
# multiplier $\lambda \ge 0$ such that the minimiser of $\mathcal L + \lambda\|w\|_p^p$ is the
# constrained minimiser, and a larger $\lambda$ corresponds to a smaller $t$. (For $p < 1$
# the correspondence can fail: some constrained solutions solve no penalised problem.) So the
# ball *is* the constraint set, and we can watch the solution geometrically.
#
# Near its unregularised minimum $c$ a data loss is, to second order, an elliptical bowl
# $\mathcal L(w) = \tfrac12 (w - c)^\top A (w - c)$; its level sets are ellipses around $c$.
# Let them grow from $c$: the first one to touch the ball touches it at the constrained
# minimiser $w^\star$. Here $c = (1.6, 2.2)$ and the ellipses are tilted by $-30°$, with axes
# in ratio 1.4 : 0.5. The contact point is computed exactly (every stationary point of the
# loss along the boundary, refined to adjacent floating-point numbers, and the corners
# checked on their own), so it is the *global* minimiser also when the ball is not convex.
#
# **Before you move it, predict:** with $p = 1$ and $r = 1$, where do the ellipses first touch
# the diamond: on an edge or at a corner? And for $p = 2$? Then move $p$, and the radius.

# %%
view = ConstrainedViewPanel(p=1.0, radius=1.0)
view

# %%
loss, r = geometry.DEFAULT_LOSS, geometry.DEFAULT_RADIUS
contacts = {p: geometry.contact_point(p, loss=loss, radius=r) for p in BALL_P_VALUES}
w2 = contacts[2.0].point
print("p = 1:", contacts[1.0].point, "  p = 2:", w2.round(4), "  p = 0.5:", contacts[0.5].point)
assert contacts[1.0].point[0] == 0.0  # exactly on the axis, not nearly
assert all(con.n_zeros == 0 for p, con in contacts.items() if p > 1)  # smooth balls: no zero

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why corners give zeros
#
# At a smooth point of the boundary the ball has one outward normal, and the level set touches
# there only if the loss's gradient is exactly opposite to it. The L1 diamond's corner
# $(0, r)$ has a whole *cone* of outward normals, every direction between $(-1, 1)$ and
# $(1, 1)$. The contact sits at the corner whenever $-\nabla\mathcal L(0, r)$ points into that
# cone:
#
# $$\left|\frac{\partial\mathcal L}{\partial w_1}(0, r)\right| \le
# -\frac{\partial\mathcal L}{\partial w_2}(0, r),$$
#
# an inequality, true for a whole open range of losses. With the multiplier
# $\lambda = -\partial_2\mathcal L$ it is the lecture's rule: if $|\partial\mathcal L /
# \partial w_d| < \lambda$ at the solution, then $w_d = 0$. For a smooth ball ($p > 1$) the
# contact is on the axis only if $\partial_1\mathcal L(0, r) = 0$ *exactly*, which almost no
# loss satisfies: the contact comes close to the axis as $p \downarrow 1$ ($w_1 \approx 0.03$ at
# $p = 1.122$, the slider's first value above 1, and below $10^{-3}$ at $p = 1.059$), but no
# coordinate is ever exactly 0.
#
# For $p < 1$ the ball lies *inside* the diamond and shares its corners; when the diamond's
# best point is the corner $(0, r)$, no point of the smaller ball can do better, so the
# contact stays at the same corner for every $p < 1$.

# %%
grad = loss.grad(np.array([0.0, r]))
print("gradient of the loss at the corner (0, 1):", grad.round(4))
assert abs(grad[0]) < -grad[1]  # -grad points into the corner's cone of normals
print("p = 1.122:", contacts[1.122].point, "  p = 1.059:",
      geometry.contact_point(1.059, loss=loss, radius=r).point)
ps = list(BALL_P_VALUES)
path = geometry.contact_path(ps, loss=loss, radius=r)
geometry_plots.plot_contact_path(ps, path);

# %% [markdown]
# The same minimiser from the penalised problem, with the multiplier $\lambda$ read off the
# contact point. For $p = 1$, proximal gradient steps (ISTA, the iterative soft-thresholding
# algorithm: a gradient step on $\mathcal L$, then L1's soft threshold, which sets small
# coordinates to exactly 0; notebook 04 derives it) on
# $\mathcal L(w) + \lambda\|w\|_1$ land on $w_1 = 0$ exactly; for $p = 2$ the penalised
# minimiser solves $(A + 2\lambda I)w = Ac$.

# %%
lam1 = geometry.penalty_multiplier(contacts[1.0], loss=loss)
step = 1 / np.linalg.eigvalsh(loss.A).max()
w = np.array([1.0, 1.0])
for _ in range(500):
    w = L1(lam1).prox(w - step * loss.grad(w), step=step)
print(f"p = 1: lambda = {lam1:.4f}, |dL/dw1| = {abs(grad[0]):.4f} < lambda; ISTA gives {w}")
assert w[0] == 0.0 and abs(w[1] - 1.0) < 1e-9
lam2 = geometry.penalty_multiplier(contacts[2.0], loss=loss)
w_pen = np.linalg.solve(loss.A + 2 * lam2 * np.eye(2), loss.A @ np.array(loss.center))
print(f"p = 2: lambda = {lam2:.4f}; penalised minimiser {w_pen.round(6)} = contact {w2.round(6)}")
assert np.allclose(w_pen, w2, atol=1e-10)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Higher norms: p = 3, 4
#
# The article asks about $L_3$ and $L_4$: their balls are rounded squares, smooth everywhere,
# so, like L2, they make weights small but never exactly 0. The article says they are
# "computationally heavier than L2" (article); that is not the reason (a cube costs about what a
# square does). The reasons are in their shape: their pull $p\lambda|w|^{p-1}$ near 0 is even
# weaker than L2's, so they give no sparsity at all, and they act mostly on the largest weights,
# pushing towards the max norm. Taken to the limit $p = \infty$, the contact moves to the
# square's corner $(1, 1)$, where the two weights are *equal* in size: the max norm evens
# weights out instead of sparsifying them.

# %%
for p in (2.0, 3.0, 4.0, math.inf):
    print(f"p = {p:g}: w* = {contacts[p].point.round(4)}, zeros = {contacts[p].n_zeros}")
assert np.array_equal(contacts[math.inf].point, [1.0, 1.0])  # equal weights: the square's corner
geometry_plots.plot_constrained_view(4.0);

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The budget matters
#
# Sparsity depends on $t$ (equivalently on $\lambda$) too. On the constrained view, set
# $p = 1$ and grow the radius: the contact stays on the corner while the corner condition
# $|\partial_1\mathcal L(0, r)| \le -\partial_2\mathcal L(0, r)$ holds. The gradient
# $A\bigl((0, r) - c\bigr)$ is linear in $r$, so the condition fails past one radius,
# $r^\dagger = \frac{(Ac)_2 - (Ac)_1}{A_{22} - A_{12}} \approx 2.33$; beyond it the contact
# slides along the diamond's edge and $w_1$ becomes nonzero: a weak penalty (large budget)
# keeps both weights. Once the ball contains $c$, the constraint does nothing at all.

# %%
Ac = loss.A @ np.array(loss.center)
r_dagger = (Ac[1] - Ac[0]) / (loss.A[1, 1] - loss.A[0, 1])
print(f"the corner holds up to r = {r_dagger:.4f}")
for radius in (0.5, 1.0, 2.0, 3.0, 4.0):
    con = geometry.contact_point(1.0, loss=loss, radius=radius)
    print(f"p = 1, r = {radius}: w* = {con.point.round(4)}, zeros = {con.n_zeros}, "
          f"constraint {'inactive' if con.inside else 'binding'}")
assert geometry.contact_point(1.0, loss=loss, radius=r_dagger + 1e-3).n_zeros == 0

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# | $p$ | ball | convex | contact with the level sets | zeros |
# |---|---|---|---|---|
# | $< 1$ | star, arms on the axes | no | usually a tip on an axis; local minima elsewhere | yes |
# | 1 | diamond | yes | a corner, for a whole range of losses | yes |
# | 2 | disc | yes | a smooth point, off the axes | no |
# | 3, 4 | rounded square | yes | like L2 | no |
# | $\infty$ | square | yes | a corner off the axes: $\lvert w_1\rvert = \lvert w_2\rvert$ | no |
#
# The ball is the constraint set of $\min \mathcal L$ s.t. $\|w\|_p^p \le t$, the same problem
# as $\min \mathcal L + \lambda\|w\|_p^p$. Corners on the axes catch the growing level sets,
# and a corner on an axis *is* a zero: that is why L1 (and $p < 1$) give sparse weights and
# L2, L3, L4 do not. For a linear model, L1 is the smallest $p$ that keeps the problem convex;
# a network's loss is non-convex anyway, and there $p < 1$ is avoided for its exploding
# gradient near 0 (notebook 03).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# Replace each `None` by your answer (a number, a pair, a letter, or the body of a function) and
# run the cell; the check tells you whether it is right. A wrong answer gets a hint, a second
# wrong answer a narrower one, and `hint(check_...)` asks for the next hint without answering.
# No hint contains code or the answer.
#
# **Exercise 1 (code).** Write `lp_norm(w, p)` for a 1D array `w`: $(\sum_i |w_i|^p)^{1/p}$, and
# $\max_i |w_i|$ for `p = math.inf`. A point is in the unit ball when its norm is at most 1.

# %%
from regviz.exercises import hint  # noqa: F401  (hint(check_...) gives the next hint)
from regviz.exercises.geometry import (
    check_corner_radius,
    check_line_contact,
    check_lp_norm,
    check_why_corners,
)


def lp_norm(w, p):
    return None  # your code here


check_lp_norm(lp_norm)

# %% [markdown]
# **Exercise 2 (number).** Take another loss: `geometry.QuadraticLoss(center=(2.6, 1.2),
# angle=30.0)` (the notebook's scales). For small radii its L1 contact point is the corner
# $(r, 0)$ on the *other* axis. Up to which radius $r$ does it stay on that corner, to three
# decimals? (Adapt the corner condition of "The budget matters".)

# %%
check_corner_radius(None, center=(2.6, 1.2), angle=30.0)

# %% [markdown]
# **Exercise 3 (pair).** Grow the L2 disc $\|w\|_2 \le t$ until it first touches the line
# $2w_1 + 3w_2 = 2$. At which point $(w_1, w_2)$ does it touch?

# %%
check_line_contact(None, a=(2.0, 3.0), b=2.0, p=2.0)

# %% [markdown]
# **Exercise 4 (concept).** Why does the L1 ball give exact zeros for so many losses? Run the
# cell to see the options, then answer with one letter.

# %%
check_why_corners(None)
