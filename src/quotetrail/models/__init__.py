"""Inference of the shipped trained models; their files live in ``data/``.

Training them is :mod:`quotetrail.training`'s job, which the engine never imports.
"""
