"""The English of the Italian-source apps: the bulk translation (en_full.py) under the entries added with each change
(en.py), which win where both name a string."""

from __future__ import annotations


def english() -> dict[str, str]:
    from sportello.console.i18n.en import EN
    from sportello.console.i18n.en_full import EN_FULL

    return {**EN_FULL, **EN}


def english_plurals() -> dict[str, tuple[str, str]]:
    from sportello.console.i18n.en import PLURALS
    from sportello.console.i18n.en_full import PLURALS_FULL

    return {**PLURALS_FULL, **PLURALS}
