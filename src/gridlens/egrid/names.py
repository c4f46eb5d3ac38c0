"""Plant names as search compares them: one folding, used where names are stored and asked for."""

from __future__ import annotations

import unicodedata


def fold(name: str) -> str:
    """A name without accents or case ("Peñuelas" -> "penuelas")."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
