"""Learned models shipped inside the package (weights as data files, scored in pure Python).

`socialpolicy.models.offensive` is a linear offensive-language reader; see
docs/model-card.md for its training data, figures and limits.
"""

from __future__ import annotations

from socialpolicy.models.offensive import (
    FeatureConfig,
    ModelError,
    OffensiveModel,
    load_offensive_model,
)

__all__ = ["FeatureConfig", "ModelError", "OffensiveModel", "load_offensive_model"]
