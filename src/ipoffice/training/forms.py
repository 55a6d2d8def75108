from __future__ import annotations

from ipoffice.common.declared import DeclaredForm
from ipoffice.training.inputs import TRAINING_INPUT


class TrainingForm(DeclaredForm):
    declared = TRAINING_INPUT.fields
