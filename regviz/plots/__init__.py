"""Plotting functions: each takes ``ax=None`` (a new figure when None) and returns its artists.

One module per kind of figure; every ``plot_*`` function is re-exported here (constants and
small helpers stay in their modules).

Text alternatives: every ``plot_*`` function stores a description of what it drew, computed
from its data, on its axes (each has a ``describe_*`` twin, also reachable as
``plot_x.describe``). Read it with :func:`alt_text` ``(fig)``; :func:`show` ``(fig)`` displays a
static figure in a notebook with that text as the image's ``alt``.
"""

from ._alt import alt_text, png_bundle, set_alt_text, show
from .dynamics import (
    plot_penalty_level,
    plot_penalty_slopes,
    plot_sqrt_orbits,
    plot_trajectories,
)
from .elastic_net import (
    plot_ball,
    plot_bootstrap,
    plot_elastic_net_ball,
    plot_elastic_net_prox,
    plot_paths,
)
from .geometry import (
    plot_ball_2d,
    plot_ball_3d,
    plot_balls_2d,
    plot_balls_3d,
    plot_chord,
    plot_constrained_view,
    plot_contact_path,
)
from .landscape import (
    plot_lambda_sequence,
    plot_minimizer_path,
    plot_objective,
)
from .playground import (
    plot_decision_boundary,
    plot_network,
    plot_playground,
    plot_playground_curves,
    plot_snapshot,
    plot_weight_fractions,
)
from .priors import (
    plot_map_vs_scale,
    plot_map_vs_ybar,
    plot_neg_log_prior,
    plot_posterior,
    plot_priors,
)
from .prox import (
    plot_plateau,
    plot_plateau_widths,
    plot_prox_maps,
    plot_solver_comparison,
    plot_subgrad_vs_prox,
)
from .training import (
    plot_error_vs_lambda,
    plot_lecture_comparison,
    plot_training_curves,
    plot_weight_histogram,
)

__all__ = [
    "alt_text",
    "set_alt_text",
    "show",
    "png_bundle",
    "plot_objective",
    "plot_minimizer_path",
    "plot_lambda_sequence",
    "plot_penalty_slopes",
    "plot_trajectories",
    "plot_sqrt_orbits",
    "plot_penalty_level",
    "plot_prox_maps",
    "plot_subgrad_vs_prox",
    "plot_plateau",
    "plot_plateau_widths",
    "plot_solver_comparison",
    "plot_error_vs_lambda",
    "plot_weight_histogram",
    "plot_lecture_comparison",
    "plot_training_curves",
    "plot_ball_2d",
    "plot_balls_2d",
    "plot_chord",
    "plot_ball_3d",
    "plot_balls_3d",
    "plot_constrained_view",
    "plot_contact_path",
    "plot_priors",
    "plot_neg_log_prior",
    "plot_posterior",
    "plot_map_vs_ybar",
    "plot_map_vs_scale",
    "plot_ball",
    "plot_elastic_net_ball",
    "plot_elastic_net_prox",
    "plot_paths",
    "plot_bootstrap",
    "plot_decision_boundary",
    "plot_network",
    "plot_weight_fractions",
    "plot_playground_curves",
    "plot_playground",
    "plot_snapshot",
]

# notebook 11 (its own module; appended so that the lists above stay as they are)
from .implicit import (  # noqa: E402
    plot_double_descent,
    plot_filters,
    plot_gd_to_min_norm,
    plot_spectrum,
)

__all__ += ["plot_gd_to_min_norm", "plot_filters", "plot_double_descent", "plot_spectrum"]
