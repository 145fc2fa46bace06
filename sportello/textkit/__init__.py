"""Italian text helpers shared by commands, routing, report detection and moderation.

Everything here is pure Python and Django-free, so classifiers and benchmarks can use it directly.
"""

from sportello.textkit.normalize import fold, normalize_apostrophes, strip_accents, tokens
from sportello.textkit.stem import stem, stems

__all__ = ["fold", "normalize_apostrophes", "strip_accents", "tokens", "stem", "stems"]
