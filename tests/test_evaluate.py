"""The scorer follows the published matching rules."""

from __future__ import annotations

import json

from kg.evaluate import evaluate, norm, quote_match, render_report
from tests.conftest import DEV, run_kg

ARTICLE = "星河新材料股份有限公司与昆山市签约。星河新材料股份有限公司总裁周立新说：“我们将把最先进的生产线放在这里。”"


def gold(entities, relations):
    return {"document": "a.txt", "entities": entities, "relations": relations}


def ent(i, t, name, aliases=(), optional=False):
    return {"id": i, "type": t, "name": name, "aliases": list(aliases), "optional": optional}


def score(tmp_path, g):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.gold.json").write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    return evaluate([str(tmp_path)])


def test_norm_and_quote_overlap():
    assert norm("《 星河 》") == "星河"
    assert quote_match("我们将把最先进的生产线放在这里。", "“我们将把最先进的生产线放在这里。”")
    assert not quote_match("我们将把", "我们将把最先进的生产线放在这里。")  # under 60%


def test_matches_by_alias_and_either_direction(tmp_path):
    g = gold(
        [ent("e1", "Company", "星河新材料", ["星河新材料股份有限公司"]), ent("e2", "District", "昆山市"),
         ent("e3", "Person", "周立新")],
        [{"type": "signedWith", "subject": "e2", "object": "e1", "optional": False},
         {"type": "quoted", "subject": "e3", "quote": "我们将把最先进的生产线放在这里。", "optional": False}],
    )
    r = score(tmp_path, g)
    assert (r.group("entity:").tp, r.group("entity:").fn) == (3, 0)
    # the RDF states signedWith both ways (it is symmetric): still one prediction, not a false positive
    assert (r.total("relation:signedWith").tp, r.total("relation:signedWith").fp) == (1, 0)
    assert r.total("quote").tp == 1


def test_optional_items_count_neither_way_and_misses_are_listed(tmp_path):
    g = gold(
        [ent("e1", "Company", "星河新材料股份有限公司", optional=True), ent("e2", "District", "昆山市"),
         ent("e3", "Person", "周立新"), ent("e4", "Person", "王小明")],
        [{"type": "signedWith", "subject": "e1", "object": "e2", "optional": True}],
    )
    r = score(tmp_path, g)
    assert r.group("entity:").tp == 2  # district and person; the optional company counts neither way
    assert r.group("entity:").fn == 1
    assert r.total("relation:signedWith").tp == 0 and r.total("relation:signedWith").fp == 0
    assert "miss  Person 王小明" in render_report(r)


def test_unmatched_output_is_a_false_positive(tmp_path):
    r = score(tmp_path, gold([ent("e2", "District", "昆山市")], []))
    assert r.group("entity:").fp >= 2  # the company and the person are not in this gold


def test_kg_eval_on_the_dev_set_prints_scores():
    r = run_kg("eval", DEV, "--summary")
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "ENTITIES (micro)" in out and "RELATIONS (micro)" in out and "QUOTES" in out
    assert "evidence text found in the article" in out
