"""Learned models shipped with Sportello and their per-municipality adapters.

Pure Python at run time (`features`, `linear`, `adapter`); `trainer` and `build` need numpy and only rebuild
the shipped weights from the project's own training batches. The Django side (`models`, `services`) keeps each
municipality's adapter state and updates it from moderators' and operators' confirmed decisions.
"""
