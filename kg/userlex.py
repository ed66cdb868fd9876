"""User lexicons: names kg should know, their other names, names it must never output.

A user lexicon is a UTF-8 text file, one name per line::

    # name<TAB>type[<TAB>alias…]      (type: an entity type of the ontology)
    星河智联科技有限公司	Company	星河智联	StarLink
    天枢	Achievement
    本报	-                          # "-": never output this name

Every form (the name and its aliases) is found wherever it occurs in an
article and becomes a mention of that type, stronger than what kg's own
finders read on the same characters; an alias resolves to its name. A name
typed ``-`` is suppressed: no entity of that name (or alias) is output, with
its relations and quotes. ``kg build --lexicon FILE`` reads one (repeatable);
a ``kg.toml`` in the current folder may name them too (``lexicons = [...]``,
paths relative to that file).

>>> lex = UserLexicon.parse("星河智联科技有限公司\\tCompany\\t星河智联\\n本报\\t-\\n", "names.tsv")
>>> [(m.text, m.type) for m in lex.mentions("本报讯 星河智联与海淀区签约。")]
[('星河智联', 'Company')]
>>> lex.canonical("星河智联"), lex.suppresses("本报")
('星河智联科技有限公司', True)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .gazetteer import Gazetteer
from .model import Entity, Mention

SUPPRESS = "-"
CONFIG_FILE = "kg.toml"


@dataclass
class UserLexicon:
    """Names by form: form -> (type, name); and the suppressed forms."""

    forms: dict[str, tuple[str, str]] = field(default_factory=dict)
    suppressed: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.forms or self.suppressed)

    @classmethod
    def parse(cls, text: str, source: str = "lexicon") -> "UserLexicon":
        from .schema import schema

        types = set(schema().entity_types)
        forms: dict[str, tuple[str, str]] = {}
        suppressed: set[str] = set()
        for n, line in enumerate(text.splitlines(), 1):
            line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
            if not line.strip():
                continue
            cols = [c.strip() for c in line.split("\t")]
            if len(cols) < 2 or not cols[0]:
                raise InputError(f"{source}: line {n}: expected name<TAB>type[<TAB>alias…]")
            name, type_, aliases = cols[0], cols[1], [a for a in cols[2:] if a]
            if type_ == SUPPRESS:
                suppressed.update([name, *aliases])
                continue
            if type_ not in types:
                raise InputError(f"{source}: line {n}: unknown type '{type_}' "
                                 f"(one of: {', '.join(sorted(types))}, or - to suppress the name)")
            for form in (name, *aliases):
                seen = forms.get(form)
                if seen is not None and seen != (type_, name):
                    raise InputError(f"{source}: line {n}: '{form}' is already a name of {seen[1]} ({seen[0]})")
                forms[form] = (type_, name)
        return cls(forms, frozenset(suppressed), (source,))

    @classmethod
    def read(cls, paths: list[str | Path]) -> "UserLexicon":
        """The lexicons of these files, together (a form in two files must agree)."""
        out = cls()
        for p in map(Path, paths):
            try:
                text = p.read_text(encoding="utf-8-sig")
            except FileNotFoundError:
                raise InputError(f"{p}: no such lexicon file") from None
            except UnicodeDecodeError:
                raise InputError(f"{p}: a lexicon must be UTF-8 text") from None
            except OSError as exc:
                raise InputError(f"{p}: cannot read the lexicon: {exc.strerror or exc}") from None
            out = out.merged(cls.parse(text, str(p)))
        return out

    def merged(self, other: "UserLexicon") -> "UserLexicon":
        forms = dict(self.forms)
        for form, entry in other.forms.items():
            if forms.get(form, entry) != entry:
                raise InputError(f"{other.sources[0]}: '{form}' is already a name of {forms[form][1]} ({forms[form][0]})")
            forms[form] = entry
        return UserLexicon(forms, self.suppressed | other.suppressed, self.sources + other.sources)

    def _gazetteer(self) -> Gazetteer:
        g = self.__dict__.get("_gaz")
        if g is None:
            g = self.__dict__["_gaz"] = Gazetteer(self.forms)
        return g

    def mentions(self, text: str) -> list[Mention]:
        """Every occurrence of a form (longest first), as a mention of its type."""
        if not self.forms:
            return []
        return [Mention(s, e, form, self.forms[form][0], "user-lexicon") for s, e, form in self._gazetteer().finditer(text)]

    def canonical(self, form: str) -> str | None:
        entry = self.forms.get(form)
        return entry[1] if entry else None

    def suppresses(self, name: str) -> bool:
        return name in self.suppressed


def config_lexicons(folder: Path | None = None) -> list[Path]:
    """The lexicons a ``kg.toml`` in ``folder`` (default: the current one) names."""
    cfg = (folder or Path.cwd()) / CONFIG_FILE
    if not cfg.is_file():
        return []
    try:
        data = tomllib.loads(cfg.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{cfg}: not valid TOML: {exc}") from None
    names = data.get("lexicons", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InputError(f"{cfg}: 'lexicons' must be a list of file paths")
    return [cfg.parent / n for n in names]


def with_user_mentions(found: list[Mention], user: list[Mention]) -> list[Mention]:
    """``found`` without what a user mention overrides (a mention inside it
    or crossing it), plus the user mentions. A longer name around a user
    name (星河智联科技 around 星河智联) stays: it may be another entity."""
    if not user:
        return found
    spans = sorted((m.start, m.end) for m in user)
    out = [m for m in found if not any(
        (a <= m.start and m.end <= b) or (m.start < a < m.end < b) or (a < m.start < b < m.end)
        for a, b in spans if a < m.end and m.start < b)]
    return out + user


def apply_to_entities(lexicon: UserLexicon, entities: list[Entity]) -> list[Entity]:
    """Entities under their lexicon names (an alias found alone resolves to
    its name; two entities so named become one), without suppressed ones."""
    out: dict[tuple[str, str], Entity] = {}
    for e in entities:
        if lexicon.suppresses(e.name) or any(lexicon.suppresses(a) for a in e.aliases):
            continue
        name = lexicon.canonical(e.name) or e.name
        entry = lexicon.forms.get(e.name)
        type_ = entry[0] if entry else e.type
        key = (type_, name)
        target = out.get(key)
        if target is None:
            target = out[key] = Entity(key=f"{type_}:{name}", type=type_, name=name)
        if e.name != name:
            target.aliases.add(e.name)
        target.aliases |= e.aliases - {name}
        target.mentions.extend(e.mentions)
    return list(out.values())
