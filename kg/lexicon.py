"""Generic lexicons, kept as data files under ``kg/resources/``.

Nothing here is specific to one article: administrative divisions, surnames,
titles, organisation suffixes, trigger verbs. Files are read lazily, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable


def _lines(name: str) -> list[str]:
    text = resources.files("kg.resources").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.startswith("#") else ""
        if line.strip():
            out.append(line.strip("\ufeff"))
    return out


def words(name: str) -> frozenset[str]:
    """A one-entry-per-line lexicon as a set."""
    return _words(name)


@lru_cache(maxsize=None)
def _words(name: str) -> frozenset[str]:
    return frozenset(line.strip() for line in _lines(name))


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated lexicon as rows of fields."""
    return tuple(tuple(f.strip() for f in line.split("\t")) for line in _lines(name))


@dataclass(frozen=True)
class Division:
    name: str
    short: str
    level: str  # province / prefecture / county
    parent: str


@lru_cache(maxsize=None)
def divisions() -> dict[str, list[Division]]:
    """Administrative divisions by full name and by short form."""
    out: dict[str, list[Division]] = {}
    for row in table("districts.tsv"):
        if len(row) < 3:
            continue
        name, short, level = row[0], row[1], row[2]
        parent = row[3] if len(row) > 3 else ""
        d = Division(name, short if short != "-" else "", level, parent)
        out.setdefault(name, []).append(d)
    return out


@lru_cache(maxsize=None)
def division_shorts() -> dict[str, Division]:
    """Short form -> division, for short forms that name one division only."""
    seen: dict[str, list[Division]] = {}
    for ds in divisions().values():
        for d in ds:
            if d.short and len(d.short) >= 2:
                seen.setdefault(d.short, []).append(d)
    return {k: v[0] for k, v in seen.items() if len({d.name for d in v}) == 1}


@lru_cache(maxsize=None)
def org_suffixes() -> dict[str, str]:
    """Organisation name ending -> Company / Institution."""
    return {row[0]: row[1] for row in table("org_suffixes.tsv") if len(row) >= 2}


@lru_cache(maxsize=None)
def weak_org_suffixes() -> frozenset[str]:
    """Endings that are ordinary words too (中心, 资本): they need a proper name before them."""
    return frozenset(row[0] for row in table("org_suffixes.tsv") if len(row) >= 3 and row[2] == "weak")


@lru_cache(maxsize=None)
def triggers() -> dict[str, tuple[str, ...]]:
    """Relation type -> trigger words, longest first."""
    out: dict[str, list[str]] = {}
    for row in table("triggers.tsv"):
        out.setdefault(row[0], []).append(row[1])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@lru_cache(maxsize=64)
def any_of(words: tuple[str, ...]) -> re.Pattern:
    """One pattern for some words (trigger verbs): whether a sentence holds
    any of them is one search, not one per word.

    >>> bool(any_of(triggers()["won"]).search("三家公司分获季军"))
    True
    """
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))) or "(?!)")


@lru_cache(maxsize=None)
def alternation(name: str) -> str:
    """The words of a one-entry-per-line file as a regex alternation, longest
    first, for a pattern that needs one of them (no group of its own).

    >>> bool(re.fullmatch(f"(?:{alternation('announce_verbs.txt')})", "宣布"))
    True
    """
    return alternation_of(words(name))


@lru_cache(maxsize=None)
def longest_first(name: str) -> tuple[str, ...]:
    """The words of a one-entry-per-line file, longest first (for str.endswith
    and the first match that is the longest).

    >>> longest_first("product_variant_words.txt")[:2]
    ('Ultra', 'Lite')
    """
    return tuple(sorted(words(name), key=lambda w: (-len(w), w)))


def alternation_of(some: Iterable[str]) -> str:
    """Some words (trigger verbs) as a regex alternation, longest first.

    >>> alternation_of(["获", "获得", "荣获"])
    '荣获|获得|获'
    """
    return "|".join(map(re.escape, sorted(some, key=lambda w: (-len(w), w)))) or "(?!)"


@lru_cache(maxsize=1)
def means_markers() -> re.Pattern:
    """凭借, 依靠…: what stands before the work an agent wins with (means_markers.txt)."""
    return any_of(tuple(words("means_markers.txt")))
