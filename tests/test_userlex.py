"""User lexicons (kg build --lexicon, kg.toml): names kg then finds, aliases
that resolve to them, names it never outputs. Synthetic names throughout."""

from __future__ import annotations

import re

import pytest

from kg.errors import InputError
from kg.pipeline import extract_text
from kg.userlex import UserLexicon
from tests.conftest import run_kg

LEXICON = "星河智联科技有限公司\tCompany\t星河智联\tStarLink\n天枢\tAchievement\n# a comment\n本报\t-\n"
TEXT = "星河智联与海淀区签约。StarLink研发了天枢。北辰建设集团有限公司与朝阳区签约。"


def names(x):
    n = {e.key: e.name for e in x.entities}
    return ({(e.type, e.name) for e in x.entities}, {(r.type, n[r.subject], n[r.object]) for r in x.relations})


def test_a_lexicon_name_and_its_aliases_are_found_and_resolve_to_the_name():
    ents, rels = names(extract_text(TEXT, "t.txt", UserLexicon.parse(LEXICON)))
    assert ("Company", "星河智联科技有限公司") in ents and ("Achievement", "天枢") in ents
    assert ("signedWith", "星河智联科技有限公司", "海淀区") in rels
    assert ("developed", "星河智联科技有限公司", "天枢") in rels
    assert not {e for e in ents if e[1] in ("星河智联", "StarLink")}
    # what the lexicon does not name is extracted as before
    assert ("signedWith", "北辰建设集团有限公司", "朝阳区") in rels


def test_a_suppressed_name_is_never_output_with_its_relations():
    lex = UserLexicon.parse("北辰建设集团有限公司\t-\n")
    ents, rels = names(extract_text(TEXT, "t.txt", lex))
    assert not [e for e in ents if e[1] == "北辰建设集团有限公司"]
    assert not [r for r in rels if "北辰建设集团有限公司" in r]


def test_no_lexicon_changes_nothing():
    assert names(extract_text(TEXT, "t.txt")) == names(extract_text(TEXT, "t.txt", UserLexicon()))


@pytest.mark.parametrize("text, message", [
    ("星河\tFirm\n", "line 1: unknown type 'Firm'"),
    ("星河\n", "line 1: expected name<TAB>type"),
    ("星河\tCompany\n北辰\tInstitution\t星河\n", "line 2: '星河' is already a name of 星河 (Company)"),
])
def test_a_bad_lexicon_line_is_a_one_line_error_with_its_line(text, message):
    with pytest.raises(InputError, match=re.escape(message)):
        UserLexicon.parse(text, "names.tsv")


def test_kg_build_reads_lexicons_from_the_option_and_from_kg_toml(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "names.tsv").write_text(LEXICON, encoding="utf-8")
    for extra in (["--lexicon", "names.tsv", "--jobs", "2"], []):
        if not extra:
            (tmp_path / "kg.toml").write_text('lexicons = ["names.tsv"]\n', encoding="utf-8")
        r = run_kg("build", "a.txt", "-o", "-", "--format", "nt", *extra, cwd=tmp_path)
        assert r.returncode == 0, r.stderr.decode()
        assert "星河智联科技有限公司" in r.stdout.decode()


def test_a_missing_or_bad_lexicon_stops_the_build_before_any_work(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bad.tsv").write_text("星河\tFirm\n", encoding="utf-8")
    for lex, msg in (("nope.tsv", "no such lexicon file"), ("bad.tsv", "unknown type")):
        r = run_kg("build", "a.txt", "--store", "s", "--lexicon", lex, cwd=tmp_path)
        assert r.returncode == 3 and msg in r.stderr.decode()
        assert not (tmp_path / "s").exists()
