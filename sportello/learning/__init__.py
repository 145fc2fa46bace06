"""Learned models shipped with Sportello and their per-municipality adapters.

At run time `features` and `adapter` are pure Python and `linear` scores with numpy; `trainer` and `build` only
rebuild the shipped weights from the project's own training batches. The Django side (`models`, `services`) keeps each
municipality's adapter state and updates it from moderators' and operators' confirmed decisions.
"""
