#!/usr/bin/env python3
"""Build ``kg/resources/districts.tsv`` from cpca's table of China's divisions.

The source is ``cpca/resources/adcodes.csv`` (columns adcode,name,longitude,
latitude) shipped with the ``cpca`` package. Adcodes have 12 digits,
``PPCCDD000000``:

* province-level:   ``CC`` and ``DD`` are ``00``  (北京市, 江苏省, 香港特别行政区)
* prefecture-level: ``DD`` is ``00``              (无锡市, 恩施土家族苗族自治州)
* county-level:     anything else                 (海淀区, 江阴市, 绥中县)

Placeholder rows (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划) are not
divisions: they are skipped and their children attach to the province (for
municipalities, 海淀区 -> 北京市; for county-level cities directly under a
province, 仙桃市 -> 湖北省).

cpca's table dates from about 2016, so a short, documented supplement adds
well-known later changes (current names: 密云区 is already there, 莱芜区,
临平区, 龙港市, ...) and a few well-known former names that still appear in
older articles (崇文区, 宣武区, 闸北区, 襄樊市, ...). Former names are kept, never
replaced: articles can be old.

Output columns: ``name<TAB>short<TAB>level<TAB>parent``; ``short`` is ``-``
when there is no safe short form, ``parent`` is empty for provinces. Rows are
sorted and unique. The output depends only on the cpca data and this script.

Short forms (the conventional form used in running text):

* provinces: a fixed table (新疆维吾尔自治区 -> 新疆, 内蒙古自治区 -> 内蒙古);
* otherwise the generic ending is removed (市 区 县 旗 盟 地区 特区 林区 矿区 新区
  自治州 自治县 自治旗), and then any ethnic-group names before it (恩施土家族苗族
  自治州 -> 恩施, 伊犁哈萨克自治州 -> 伊犁);
* no short form when the result has fewer than 2 characters (城区, 郊区, 矿区,
  沛县), for banners named by position (鄂托克前旗, 科尔沁左翼中旗: their
  conventional forms are contractions), and for results that are ordinary
  words or positional names rather than place names (市中, 城关, 和平, 新华, ...);
* ambiguity: when divisions with *different* full names would share a short
  form, the highest level keeps it if it is alone at that level (吉林省 keeps
  吉林, 吉林市 gets none); otherwise none of them gets it (朝阳区/朝阳市/朝阳县).
  Divisions with the *same* full name (通州区 in 北京 and in 南通) keep their
  common short form: it is exactly as ambiguous as the full name, and the
  parent column tells them apart.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "kg" / "resources" / "districts.tsv"

LEVELS = ("province", "prefecture", "county")
RANK = {lvl: i for i, lvl in enumerate(LEVELS)}

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

PROVINCE_SHORT = {
    "北京市": "北京", "天津市": "天津", "上海市": "上海", "重庆市": "重庆",
    "河北省": "河北", "山西省": "山西", "辽宁省": "辽宁", "吉林省": "吉林",
    "黑龙江省": "黑龙江", "江苏省": "江苏", "浙江省": "浙江", "安徽省": "安徽",
    "福建省": "福建", "江西省": "江西", "山东省": "山东", "河南省": "河南",
    "湖北省": "湖北", "湖南省": "湖南", "广东省": "广东", "海南省": "海南",
    "四川省": "四川", "贵州省": "贵州", "云南省": "云南", "陕西省": "陕西",
    "甘肃省": "甘肃", "青海省": "青海", "台湾省": "台湾",
    "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港", "澳门特别行政区": "澳门",
}

# Province-level entries that must be present whatever cpca ships.
REQUIRED_PROVINCES = ("北京市", "天津市", "上海市", "重庆市",
                      "香港特别行政区", "澳门特别行政区", "台湾省")

# Endings removed to form a short form, longest first.
ENDINGS = ("自治州", "自治县", "自治旗", "特别行政区", "自治区", "地区", "特区",
           "林区", "矿区", "新区", "市", "区", "县", "旗", "盟", "省")

# Results that are positional names or ordinary words, not usable short forms.
# (A name still matches in full: 平安区, 东方市, 阿里地区.)
GENERIC_SHORTS = frozenset("""
市中 城中 城东 城西 城南 城北 城关 城厢 新城 老城 古城 中心 开发 高新 经济 工业
新市 新区 郊区 矿区 城区 东区 西区 南区 北区 中区 河东 河西 江北 江南 南部 路南
和平 新华 红旗 解放 向阳 前进 胜利 友好 友谊 光明 新兴 建设 工农 人民 团结 民主
东风 红星 红山 资源 合作 武功 比如 东方 港口 公安 通道 共和 平安 中方 凤凰 安定
延长 运河 万年 光泽 南岸 会同 大名 富裕 清水 前锋 复兴 长子 宏伟 平定 芙蓉 洞口
温泉 振兴 三元 大方 互助 建平 威信 莲花 平和 名山 黄龙 六合 白云 桃源 建华 大观
永和 二七 台前 石门 高明 清新 阿里 长安 丰满 二道 元宝 兴业 同心 回民 大厂 天心
天涯 安居 宝塔 富民 小店 小金 平房 新民 海棠 灯塔 爱民 白塔 白杨 白玉 石鼓 紫金
金牛 龙凤 麒麟 双塔 双桥 古塔 集贤 新星 方正 阳明 木兰 清流 康乐 博爱 民权 惠民
天台 七星 九龙 太平 和顺 永新 嘉禾 长城 黄河 长江 珠江 中华 华夏 东方红
""".split())

# Supplements to cpca's data (about 2016): (name, level, parent, other, note).
# FORMER_NAMES: well-known former names that older articles still use; `other`
# is the current name of the same place when it was renamed or upgraded.
# CURRENT_NAMES: changes after cpca's data; `other` is the name it replaces.
# When a replaced name and its replacement would share a short form
# (密云县/密云区 -> 密云, 莱芜市/莱芜区 -> 莱芜), the current name keeps it.
FORMER_NAMES = (
    ("崇文区", "county", "北京市", "", "merged into 东城区, 2010"),
    ("宣武区", "county", "北京市", "", "merged into 西城区, 2010"),
    ("密云县", "county", "北京市", "密云区", "now 密云区, 2015"),
    ("延庆县", "county", "北京市", "延庆区", "now 延庆区, 2015"),
    ("卢湾区", "county", "上海市", "", "merged into 黄浦区, 2011"),
    ("闸北区", "county", "上海市", "", "merged into 静安区, 2015"),
    ("南汇区", "county", "上海市", "", "merged into 浦东新区, 2009"),
    ("崇明县", "county", "上海市", "崇明区", "now 崇明区, 2016"),
    ("塘沽区", "county", "天津市", "", "merged into 滨海新区, 2009"),
    ("汉沽区", "county", "天津市", "", "merged into 滨海新区, 2009"),
    ("大港区", "county", "天津市", "", "merged into 滨海新区, 2009"),
    ("蓟县", "county", "天津市", "蓟州区", "now 蓟州区, 2016"),
    ("静海县", "county", "天津市", "静海区", "now 静海区, 2015"),
    ("宁河县", "county", "天津市", "宁河区", "now 宁河区, 2015"),
    ("开县", "county", "重庆市", "开州区", "now 开州区, 2016"),
    ("万盛区", "county", "重庆市", "", "merged into 綦江区, 2011"),
    ("襄樊市", "prefecture", "湖北省", "襄阳市", "renamed 襄阳市, 2010"),
)

CURRENT_NAMES = (
    ("雄安新区", "prefecture", "河北省", "", "state-level new area, 2017"),
    ("永年区", "county", "邯郸市", "永年县", "was 永年县, 2016"),
    ("肥乡区", "county", "邯郸市", "肥乡县", "was 肥乡县, 2016"),
    ("平泉市", "county", "承德市", "平泉县", "was 平泉县, 2017"),
    ("滦州市", "county", "唐山市", "滦县", "was 滦县, 2018"),
    ("怀仁市", "county", "朔州市", "怀仁县", "was 怀仁县, 2018"),
    ("漠河市", "county", "大兴安岭地区", "漠河县", "was 漠河县, 2018"),
    ("海门区", "county", "南通市", "海门市", "was 海门市, 2020"),
    ("临安区", "county", "杭州市", "临安市", "was 临安市, 2017"),
    ("钱塘区", "county", "杭州市", "", "new, 2021"),
    ("临平区", "county", "杭州市", "", "new, 2021"),
    ("奉化区", "county", "宁波市", "奉化市", "was 奉化市, 2016"),
    ("龙港市", "county", "温州市", "", "new, 2019"),
    ("潜山市", "county", "安庆市", "潜山县", "was 潜山县, 2018"),
    ("无为市", "county", "芜湖市", "无为县", "was 无为县, 2019"),
    ("长乐区", "county", "福州市", "长乐市", "was 长乐市, 2017"),
    ("章丘区", "county", "济南市", "章丘市", "was 章丘市, 2016"),
    ("济阳区", "county", "济南市", "济阳县", "was 济阳县, 2018"),
    ("莱芜区", "county", "济南市", "莱芜市", "was 莱芜市 (莱城区), 2019"),
    ("钢城区", "county", "济南市", "", "moved from 莱芜市, 2019"),
    ("即墨区", "county", "青岛市", "即墨市", "was 即墨市, 2017"),
    ("长垣市", "county", "新乡市", "长垣县", "was 长垣县, 2019"),
    ("京山市", "county", "荆门市", "京山县", "was 京山县, 2018"),
    ("宁乡市", "county", "长沙市", "宁乡县", "was 宁乡县, 2017"),
    ("邵东市", "county", "邵阳市", "邵东县", "was 邵东县, 2019"),
    ("坪山区", "county", "深圳市", "", "new, 2016"),
    ("龙华区", "county", "深圳市", "", "new, 2016"),
    ("光明区", "county", "深圳市", "", "new, 2018"),
    ("荔浦市", "county", "桂林市", "荔浦县", "was 荔浦县, 2018"),
    ("平果市", "county", "百色市", "平果县", "was 平果县, 2019"),
    ("梁平区", "county", "重庆市", "梁平县", "was 梁平县, 2016"),
    ("武隆区", "county", "重庆市", "武隆县", "was 武隆县, 2016"),
    ("郫都区", "county", "成都市", "郫县", "was 郫县, 2016"),
    ("新津区", "county", "成都市", "新津县", "was 新津县, 2020"),
    ("隆昌市", "county", "内江市", "隆昌县", "was 隆昌县, 2017"),
    ("射洪市", "county", "遂宁市", "射洪县", "was 射洪县, 2019"),
    ("会理市", "county", "凉山彝族自治州", "会理县", "was 会理县, 2021"),
    ("盘州市", "county", "六盘水市", "盘县", "was 盘县, 2017"),
    ("晋宁区", "county", "昆明市", "晋宁县", "was 晋宁县, 2016"),
    ("水富市", "county", "昭通市", "水富县", "was 水富县, 2018"),
    ("澄江市", "county", "玉溪市", "澄江县", "was 澄江县, 2019"),
    ("那曲市", "prefecture", "西藏自治区", "那曲地区", "was 那曲地区, 2017"),
    ("色尼区", "county", "那曲市", "那曲县", "was 那曲县, 2017"),
    ("达孜区", "county", "拉萨市", "达孜县", "was 达孜县, 2017"),
    ("鄠邑区", "county", "西安市", "户县", "was 户县, 2016"),
    ("神木市", "county", "榆林市", "神木县", "was 神木县, 2017"),
    ("彬州市", "county", "咸阳市", "彬县", "was 彬县, 2018"),
    ("子长市", "county", "延安市", "子长县", "was 子长县, 2019"),
    ("湟中区", "county", "西宁市", "湟中县", "was 湟中县, 2019"),
    ("北屯市", "county", "新疆维吾尔自治区", "", "new, 2011"),
    ("双河市", "county", "新疆维吾尔自治区", "", "new, 2014"),
    ("可克达拉市", "county", "新疆维吾尔自治区", "", "new, 2015"),
    ("昆玉市", "county", "新疆维吾尔自治区", "", "new, 2016"),
    ("胡杨河市", "county", "新疆维吾尔自治区", "", "new, 2019"),
    ("新星市", "county", "新疆维吾尔自治区", "", "new, 2021"),
    ("白杨市", "county", "新疆维吾尔自治区", "", "new, 2023"),
)


def _read_text(package: str, relpath: str) -> str:
    """A data file of an installed package (importlib.resources, then the path)."""
    try:
        node = resources.files(package)
        for part in relpath.split("/"):
            node = node.joinpath(part)
        return node.read_text(encoding="utf-8-sig")
    except (ModuleNotFoundError, FileNotFoundError, AttributeError):
        import importlib.util

        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            raise SystemExit(f"package {package!r} is not installed")
        return (Path(spec.origin).parent / relpath).read_text(encoding="utf-8-sig")


def ethnic_names() -> list[str]:
    """Ethnic-group names, with and without 族, longest first."""
    text = _read_text("cpca", "resources/56_nations.csv")
    names: set[str] = set()
    for line in text.splitlines():
        n = line.strip().split(",")[0]
        if not n:
            continue
        names.add(n)
        bare = n[:-1] if n.endswith("族") else n
        if len(bare) >= 2:  # 蒙古, 哈萨克, 柯尔克孜, 锡伯; never 回, 藏, 苗
            names.add(bare)
    return sorted(names, key=len, reverse=True)


def level_of(adcode: str) -> str:
    if adcode[2:6] == "0000":
        return "province"
    if adcode[4:6] == "00":
        return "prefecture"
    return "county"


def read_cpca() -> list[tuple[str, str, str]]:
    """(name, level, parent) for every real division in cpca's table."""
    text = _read_text("cpca", "resources/adcodes.csv")
    rows = list(csv.reader(io.StringIO(text)))
    by_code: dict[str, str] = {}
    for row in rows[1:]:
        if len(row) < 2 or not row[0].strip().isdigit():
            continue
        code, name = row[0].strip(), row[1].strip()
        if len(code) != 12:
            raise SystemExit(f"unexpected adcode {code!r}")
        by_code[code] = name

    def parent_of(code: str, level: str) -> str:
        if level == "province":
            return ""
        if level == "county":
            pref = by_code.get(code[:4] + "00000000", "")
            if pref and pref not in PLACEHOLDERS:
                return pref
        return by_code.get(code[:2] + "0000000000", "")

    out = []
    for code, name in by_code.items():
        if name in PLACEHOLDERS:
            continue
        level = level_of(code)
        out.append((name, level, parent_of(code, level)))
    return out


def candidate_short(name: str, level: str, ethnic: list[str]) -> str:
    if level == "province":
        return PROVINCE_SHORT.get(name, "")
    if name.endswith("旗") and name[-2:-1] in ("前", "后", "中", "左", "右"):
        return ""  # 鄂托克前旗, 科尔沁左翼中旗: conventional forms are contractions
    if name.endswith("联合旗"):
        return ""  # 达尔罕茂明安联合旗: conventionally 达茂旗
    # longest matching ending that leaves at least 2 characters (清新区 -> 清新,
    # not 清; 北林区 -> 北林)
    stems = [name[: -len(end)] for end in ENDINGS if name.endswith(end)]
    stems = [s for s in stems if len(s) >= 2]
    if not stems:
        return ""
    stem = stems[0]
    changed = True
    while changed:  # 恩施土家族苗族 -> 恩施
        changed = False
        for e in ethnic:
            if stem.endswith(e) and len(stem) - len(e) >= 2:
                stem = stem[: -len(e)]
                changed = True
                break
    if len(stem) < 2 or stem in GENERIC_SHORTS:
        return ""
    return stem


def build(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str, str]]:
    ethnic = ethnic_names()
    seen = set(rows)
    names = {r[0] for r in rows}
    for prov in REQUIRED_PROVINCES:
        if prov not in names:
            seen.add((prov, "province", ""))
    replaced_by: dict[str, str] = {}
    for name, level, parent, other, _note in FORMER_NAMES:
        seen.add((name, level, parent))
        if other:
            replaced_by[name] = other
    for name, level, parent, other, _note in CURRENT_NAMES:
        seen.add((name, level, parent))
        if other:
            replaced_by[other] = name
    rows = sorted(seen)

    all_names = {r[0] for r in rows}
    # short form -> {full name: best level}
    claims: dict[str, dict[str, int]] = defaultdict(dict)
    cand = {}
    for name, level, parent in rows:
        s = candidate_short(name, level, ethnic)
        if s and s in all_names and s != name:
            s = ""  # never shadow another division's full name
        cand[(name, level, parent)] = s
        if s:
            prev = claims[s].get(name)
            claims[s][name] = RANK[level] if prev is None else min(prev, RANK[level])

    winner: dict[str, str] = {}
    for s, by_name in claims.items():
        by_name = {n: r for n, r in by_name.items() if replaced_by.get(n) not in by_name}
        top = min(by_name.values())
        at_top = [n for n, r in by_name.items() if r == top]
        if len(at_top) == 1:
            winner[s] = at_top[0]

    out = []
    for key in rows:
        name, level, parent = key
        s = cand[key]
        if s and winner.get(s) != name:
            s = ""
        out.append((name, s or "-", level, parent))
    return sorted(set(out))


def check(rows: list[tuple[str, str, str, str]]) -> None:
    have = {(r[0], r[3]) for r in rows}
    beijing = ("东城区 西城区 朝阳区 丰台区 石景山区 海淀区 门头沟区 房山区 通州区 顺义区 "
               "昌平区 大兴区 怀柔区 平谷区 密云区 延庆区").split()
    missing = [d for d in beijing if (d, "北京市") not in have]
    for need in (("浦东新区", "上海市"), ("江阴市", "无锡市"), ("通州区", "南通市")):
        if need not in have:
            missing.append(need[0])
    for prov in REQUIRED_PROVINCES:
        if (prov, "") not in have:
            missing.append(prov)
    if missing:
        raise SystemExit(f"districts: missing {missing}")
    bad = [r for r in rows if r[2] not in LEVELS or "\t" in "".join(r)]
    if bad:
        raise SystemExit(f"districts: malformed rows {bad[:5]}")


def render(rows: list[tuple[str, str, str, str]]) -> str:
    lines = [
        "# name\tshort\tlevel\tparent",
        "# China's province-, prefecture- and county-level divisions.",
        "# Generated by scripts/build_districts.py from cpca's adcodes.csv plus a",
        "# documented supplement of later changes and well-known former names.",
        "# short '-' = no safe short form; parent empty for provinces. Do not edit by hand.",
    ]
    for r in rows:
        lines.append("\t".join(r).rstrip("\t"))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Write kg/resources/districts.tsv (name, short, level, parent) "
        "from cpca's adcodes.csv plus a small supplement of later changes.",
    )
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT,
                    help=f"output file (default: {DEFAULT_OUT.relative_to(ROOT)}); '-' for stdout")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output file is not up to date")
    args = ap.parse_args(argv)

    rows = build(read_cpca())
    check(rows)
    text = render(rows)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; run scripts/build_districts.py", file=sys.stderr)
            return 1
        return 0
    if str(args.output) == "-":
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        counts = defaultdict(int)
        for r in rows:
            counts[r[2]] += 1
        print(f"wrote {len(rows)} divisions to {args.output} "
              + ", ".join(f"{lvl}={counts[lvl]}" for lvl in LEVELS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
