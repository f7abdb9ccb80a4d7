"""``quotetrail train``: rebuild the shipped models from data, deterministically.

Never imported by the engine: inference lives in :mod:`quotetrail.models`.
"""
