"""Extraction behaviour on tiny articles of the genre (not the dev set)."""

from __future__ import annotations

import pytest

from kg.pipeline import extract_text


def ents(x, type_=None):
    return {(e.type, e.name) for e in x.entities if type_ is None or e.type == type_}


def rels(x, type_):
    name = {e.key: e.name for e in x.entities}
    return {(name[r.subject], name[r.object]) for r in x.relations if r.type == type_}


def quotes(x):
    name = {e.key: e.name for e in x.entities}
    return {(name[q.speaker], q.text, q.kind) for q in x.quotes}


SIGNING = (
    "华东新材料基地项目签约\n"
    "本报讯（记者 张伟 通讯员 李娜）近日，星河新材料股份有限公司与昆山市人民政府签订投资协议，"
    "总投资50亿元的新材料项目落户昆山市。\n"
    "“这个项目对我们意义重大，”星河新材料股份有限公司总裁周立新说，“我们将把最先进的生产线放在这里。”\n"
    "昆山市副市长罗云峰表示：“我们将全力做好服务保障工作。”\n"
    "他还说，昆山已形成完整的新材料产业链。\n"
)


def test_signing_parties_people_roles_and_bylines():
    x = extract_text(SIGNING, "signing.txt")
    assert ("Company", "星河新材料股份有限公司") in ents(x)
    assert ("Institution", "昆山市人民政府") in ents(x)
    assert {("Person", n) for n in ("张伟", "李娜", "周立新", "罗云峰")} <= ents(x)
    assert ("星河新材料股份有限公司", "昆山市人民政府") in rels(x, "signedWith")
    works = {(r.subject.split(":", 1)[1], r.object.split(":", 1)[1], r.role) for r in x.relations if r.type == "worksFor"}
    assert ("周立新", "星河新材料股份有限公司", "总裁") in works


def test_quotes_before_after_split_and_pronoun():
    q = quotes(extract_text(SIGNING, "signing.txt"))
    assert ("周立新", "这个项目对我们意义重大，", "direct") in q
    assert ("周立新", "我们将把最先进的生产线放在这里。", "direct") in q
    assert ("罗云峰", "我们将全力做好服务保障工作。", "direct") in q
    assert ("罗云峰", "昆山已形成完整的新材料产业链。", "indirect") in q


def test_award_lists_and_competition_aliases():
    text = (
        "第十二届全国智能制造创新大赛落幕\n"
        "经过激烈角逐，杭州云深科技有限公司获得一等奖，北京灵犀光电科技有限公司、合肥量子芯科技有限责任公司分获二等奖。\n"
    )
    x = extract_text(text, "award.txt")
    assert rels(x, "won") == {
        ("杭州云深科技有限公司", "一等奖"),
        ("北京灵犀光电科技有限公司", "二等奖"),
        ("合肥量子芯科技有限责任公司", "二等奖"),
    }
    first = next(e for e in x.entities if e.name == "一等奖")
    assert "第十二届全国智能制造创新大赛一等奖" in first.aliases


def test_developed_with_named_product_and_team_subject():
    text = (
        "海川大学物理学院研制出新型光学芯片\n"
        "2023年，海川大学物理学院陈明远教授团队确立研究方向。\n"
        "此后，研发团队成功研制出新一代光子计算芯片“天枢一号”，性能提升10倍。\n"
    )
    x = extract_text(text, "dev.txt")
    assert ("Achievement", "天枢一号") in ents(x)
    assert ("海川大学物理学院", "天枢一号") in rels(x, "developed")
    assert ("Person", "陈明远") in ents(x)


def test_short_forms_are_aliases_of_the_full_company_name():
    text = "北京云图智能科技有限公司今天发布新产品。云图智能表示，产品已量产。云图智能将扩大产能。"
    x = extract_text(text, "alias.txt")
    companies = [e for e in x.entities if e.type == "Company"]
    assert [c.name for c in companies] == ["北京云图智能科技有限公司"]
    assert "云图智能" in companies[0].aliases


def test_districts_from_the_national_lexicon():
    x = extract_text("福瑞达生物科技有限公司与江阴市签约，项目落户海淀区。", "d.txt")
    assert {("District", "江阴市"), ("District", "海淀区")} <= ents(x)


def test_layout_breaks_inside_words_do_not_split_names():
    text = "“投资北京”全球发布，凸显北京科技发展新优势。北京星光能源科技有限公司总经理李国\n\n文表示，公司将加快发展。"
    x = extract_text(text, "layout.txt")
    assert ("Person", "李国文") in ents(x)


@pytest.mark.parametrize("text, person", [
    # a photo caption naming someone, then the paragraph that starts with them
    ("黄石市委副书记、市长吴锦\n吴锦代表市委、市政府向各位嘉宾表示欢迎。", "吴锦"),
    ("张伟（右一）、李明（左一）会谈\n会前，张伟会见了客商代表。", "张伟"),
])
def test_caption_lines_are_not_joined_to_the_next_paragraph(text, person):
    x = extract_text(text, "caption.txt")
    assert ("Person", person) in ents(x)
    assert not any(e.type == "Person" and e.name.startswith(person * 2) for e in x.entities)
    assert "\n" in x.document.text


@pytest.mark.parametrize("outlet", ["本报", "新华社", "央视网"])
def test_a_headline_is_not_joined_to_the_dateline_under_it(outlet):
    x = extract_text(f"浙江：多家企业获评省级制造业单项冠军\n{outlet}杭州12月5日电 记者从省经信厅获悉。", "h.txt")
    assert x.document.text.startswith("浙江：多家企业获评省级制造业单项冠军\n")


def test_extraction_is_deterministic():
    a = extract_text(SIGNING, "s.txt")
    b = extract_text(SIGNING, "s.txt")
    assert ents(a) == ents(b)
    assert [(r.type, r.subject, r.object, r.evidence) for r in a.relations] == \
        [(r.type, r.subject, r.object, r.evidence) for r in b.relations]


@pytest.mark.parametrize("text", ["", "   \n\n", "。。。", "“", "”他说", "有限公司" * 50])
def test_degenerate_text_gives_an_empty_or_small_result(text):
    x = extract_text(text, "t.txt")
    assert isinstance(x.entities, list)


def test_foreign_names_are_people_and_countries_are_not():
    x = extract_text("微软公司首席执行官萨提亚·纳德拉在会上表示，公司将在斯洛文尼亚设立研发中心。", "t.txt")
    assert ("Person", "萨提亚·纳德拉") in ents(x)
    assert not any(name == "斯洛文尼亚" for _, name in ents(x, "Person"))


@pytest.mark.parametrize(
    "text, not_an_org",
    [
        ("为使老干部能及时了解社会热点，县里建立了联系制度。", "老干部"),
        ("1994年，时任全国人大常委会副委员长的他到河南考察。", "时任全国人大常委会"),
        ("如今集团不但有了自己的后勤基地，还建起了研发楼。", "如今集团"),
        ("此次活动的主办单位中国国际象棋协会宣布了赛程。", "主办单位中国国际象棋协会"),
        ("他们准备起诉邮电部，应者逾500人。", "起诉邮电部"),
    ],
)
def test_organisation_names_do_not_swallow_common_words(text, not_an_org):
    names = {name for t, name in ents(extract_text(text, "t.txt")) if t in ("Company", "Institution")}
    assert not_an_org not in names, names


def test_development_zones_are_districts_and_parties():
    x = extract_text("其中，蔚来汽车科技（安徽）有限公司与合肥高新区签署了合作协议。高新区将提供全程服务。", "t.txt")
    assert ("District", "合肥高新区") in ents(x)
    assert ("蔚来汽车科技（安徽）有限公司", "合肥高新区") in rels(x, "signedWith")  # 蔚来: a name jieba splits
    assert "高新区" in next(e for e in x.entities if e.name == "合肥高新区").aliases


def test_each_clause_of_a_signing_sentence_has_its_parties():
    x = extract_text("星河新材料股份有限公司与昆山市签署协议；长鑫存储技术有限公司、安徽华米信息科技有限公司"
                     "分别与合肥市人民政府签订投资协议。", "t.txt")
    assert rels(x, "signedWith") == {
        ("星河新材料股份有限公司", "昆山市"),
        ("长鑫存储技术有限公司", "合肥市人民政府"),
        ("安徽华米信息科技有限公司", "合肥市人民政府"),
    }


def test_a_version_number_stays_with_the_product_name():
    x = extract_text("科大讯飞股份有限公司近日发布了星火认知大模型V4.0，其综合能力领先。", "t.txt")
    assert ("科大讯飞股份有限公司", "星火认知大模型V4.0") in rels(x, "developed")
    x = extract_text("小米科技有限责任公司推出了旗舰芯片澎湃S2。", "t.txt")
    assert ("小米科技有限责任公司", "澎湃S2") in rels(x, "developed")


def test_a_predicate_with_a_number_is_not_a_model_name():
    x = extract_text("杭州宇树科技有限公司研发的四足机器人已出口到30多个国家和地区。", "t.txt")
    assert ents(x, "Achievement") == {("Achievement", "四足机器人")}


def test_a_setting_between_the_speaker_after_the_quote_and_the_verb():
    x = extract_text("“这是民航发展史上的重要时刻。”中国东方航空集团有限公司总经理刘绍勇在首航仪式上说。", "t.txt")
    assert quotes(x) == {("刘绍勇", "这是民航发展史上的重要时刻。", "direct")}


@pytest.mark.parametrize("unit", ["清华大学车辆与运载学院", "苏州大学功能纳米与软物质研究院"])
def test_units_named_x_and_y_inside_an_organisation(unit):
    x = extract_text(f"{unit}的团队研制了新型电池。", "t.txt")
    assert ("Institution", unit) in ents(x)


def test_a_prized_project_and_the_prize_it_won():
    x = extract_text("在2024年江苏省科学技术奖颁奖大会上，苏州大学功能纳米与软物质研究院的“高性能钙钛矿太阳能电池”"
                     "项目荣获一等奖。", "t.txt")
    assert ("苏州大学功能纳米与软物质研究院", "一等奖") in rels(x, "won")
    assert ("苏州大学功能纳米与软物质研究院", "高性能钙钛矿太阳能电池") in rels(x, "developed")
    award = next(e for e in x.entities if e.type == "Award")
    assert "江苏省科学技术奖一等奖" in award.aliases


def test_quotes_opening_on_the_line_after_the_speaker_and_quoted_terms_in_reported_speech():
    text = ("本报宁德8月16日电 （记者 黄敏）宁德时代新能源科技股份有限公司16日发布神行超充电池。\n"
            "宁德时代首席科学家吴凯表示，该电池可实现“充电10分钟，续航400公里”，将于今年底量产。\n"
            "工信部副司长吴胜武在发布会上说：\n“动力电池技术的进步，是产业高质量发展的关键。\n“希望企业继续加大研发投入。”\n")
    x = extract_text(text, "t.txt")
    assert ("Person", "黄敏") in ents(x)  # the by-line's bracket is not part of the company name
    assert ("Company", "宁德时代新能源科技股份有限公司") in ents(x)
    got = {(who, kind) for who, _, kind in quotes(x)}
    assert {("吴凯", "indirect"), ("吴胜武", "direct")} <= got
    # a quote that goes on in the next paragraph: one quote per paragraph, all the speaker's
    assert {w for who, w, _ in quotes(x) if who == "吴胜武"} == {"动力电池技术的进步，是产业高质量发展的关键。", "希望企业继续加大研发投入。"}


def test_signing_with_a_list_of_companies_and_names_jieba_splits():
    x = extract_text("成都高新区管委会与京东方科技集团股份有限公司、成都极米科技股份有限公司等8家企业签署投资协议。", "t.txt")
    assert rels(x, "signedWith") == {
        ("成都高新区管委会", "京东方科技集团股份有限公司"),
        ("成都高新区管委会", "成都极米科技股份有限公司"),  # 极 is also an adverb; 极米 is one new word
    }


def test_honorary_titles_are_awards_and_we_in_a_quote_is_the_speakers_organisation():
    x = extract_text("北京智源人工智能研究院和阿里巴巴达摩院分别获得SAIL之星称号。", "t.txt")
    assert rels(x, "won") == {("北京智源人工智能研究院", "SAIL之星"), ("阿里巴巴达摩院", "SAIL之星")}
    x = extract_text("上海人工智能实验室发布了新平台。\n优必选科技股份有限公司创始人周剑说：“这个冠军属于整个团队。"
                     "我们研发的人形机器人Walker S已进入汽车工厂实训。”", "t.txt")
    assert ("优必选科技股份有限公司", "Walker S") in rels(x, "developed")


def test_a_zone_named_after_a_city_and_a_place_in_it():
    x = extract_text("武汉东湖新技术开发区与小米集团签署战略合作协议。", "t.txt")
    assert ("武汉东湖新技术开发区", "小米集团") in rels(x, "signedWith")


def test_prizes_won_respectively_and_institutes_named_x_and_y():
    x = extract_text("南京航空航天大学获得第一名，东南大学和河海大学分获第二名和第三名。", "t.txt")
    assert rels(x, "won") == {("南京航空航天大学", "第一名"), ("东南大学", "第二名"), ("河海大学", "第三名")}
    x = extract_text("中国科学院上海微系统与信息技术研究所研制出新型超导芯片。", "t.txt")
    assert ("中国科学院上海微系统与信息技术研究所", "超导芯片") in rels(x, "developed")


def test_a_prize_with_its_grade_and_the_team_of_this_institute():
    x = extract_text("清华大学、北京大学联合研发的“天机芯”类脑计算芯片获得2023年度国家技术发明奖一等奖。", "t.txt")
    assert rels(x, "won") == {("清华大学", "国家技术发明奖一等奖"), ("北京大学", "国家技术发明奖一等奖")}
    x = extract_text("记者从中国科学院物理研究所获悉，该所陈小龙研究员团队攻克了8英寸碳化硅单晶衬底制备关键技术。", "t.txt")
    assert ("中国科学院物理研究所", "8英寸碳化硅单晶衬底制备关键技术") in rels(x, "developed")


@pytest.mark.parametrize(
    "text, speaker, kind",
    [
        ("在华为技术有限公司副总裁张平安看来，人工智能将深刻改变各行各业的生产方式。", "张平安", "indirect"),
        ("“我们对未来充满信心。”谈到下一步计划，星河新材料股份有限公司董事长周立新说。", "周立新", "direct"),
        ("周立新是董事长。“我们对未来充满信心。”他说，张伟也认为如此。", "周立新", "direct"),
    ],
)
def test_more_ways_of_naming_a_speaker(text, speaker, kind):
    assert {(who, k) for who, _, k in quotes(extract_text(text, "t.txt"))} == {(speaker, kind)}


def test_names_the_tagger_finds_beyond_the_surname_rules():
    # a well-known name jieba tags as a time word; 曾 before a word is "once", not a surname
    x = extract_text("周恩来总理曾在这里工作。日本知名学者石川先生曾撰文说，合作前景广阔。", "t.txt")
    people = {n for _, n in ents(x, "Person")}
    assert "周恩来" in people
    assert not any(n.startswith("曾") for n in people)


def test_a_company_the_tagger_took_for_a_person_and_a_speaker_on_video():
    x = extract_text("特斯拉（上海）有限公司与临港新片区管理委员会签订投资协议。特斯拉公司首席执行官埃隆·马斯克"
                     "通过视频致辞表示，上海是特斯拉全球最重要的制造基地之一。", "t.txt")
    assert "特斯拉" not in {n for _, n in ents(x, "Person")}
    assert {(who, kind) for who, _, kind in quotes(x)} == {("埃隆·马斯克", "indirect")}


def test_a_quoted_name_after_a_bare_head_noun():
    x = extract_text("复旦大学联合发布了面向金融行业的大模型“复星一号”。", "t.txt")
    assert ("复旦大学", "复星一号") in rels(x, "developed")


@pytest.mark.parametrize("opening, closing", [('"', '"'), ("「", "」"), ("＂", "＂")])
def test_straight_and_corner_quotes_are_quotes_too(opening, closing):
    text = f"星河股份有限公司董事长张伟说：{opening}我们对未来充满信心，将继续扩大投资。{closing}"
    x = extract_text(text, "t.txt")
    assert quotes(x) == {("张伟", "我们对未来充满信心，将继续扩大投资。", "direct")}


def test_a_company_department_is_part_of_the_role_not_an_organisation():
    x = extract_text("星河新材料股份有限公司市场营销部经理王芳表示，今年订单增长三成以上。", "t.txt")
    assert ("Company", "星河新材料股份有限公司") in ents(x)
    assert not any(n.endswith("营销部") for _, n in ents(x, "Institution"))
    works = {(r.subject.split(":", 1)[1], r.object.split(":", 1)[1], r.role) for r in x.relations if r.type == "worksFor"}
    assert works == {("王芳", "星河新材料股份有限公司", "市场营销部经理")}


def test_a_venue_where_something_happens_is_not_an_institution():
    x = extract_text("发布会在国家会议中心举行。星河新材料股份有限公司发布了新型电池。", "t.txt")
    assert ents(x, "Institution") == set()


def test_ministries_with_he_in_their_names_and_a_long_setting_before_the_verb():
    x = extract_text("广东省人民政府与马来西亚投资发展局签署了经贸合作备忘录。工业和信息化部副部长徐晓兰在开幕式上"
                     "致辞时指出，中小企业是国民经济和社会发展的生力军。", "t.txt")
    assert ("广东省人民政府", "马来西亚投资发展局") in rels(x, "signedWith")
    assert ("Institution", "工业和信息化部") in ents(x)
    assert quotes(x) == {("徐晓兰", "中小企业是国民经济和社会发展的生力军。", "indirect")}


def test_a_quoted_achievement_that_wins_a_prize():
    x = extract_text("展会期间，广东工业大学研发的“智能焊接机器人”荣获博览会金奖。", "t.txt")
    assert ("广东工业大学", "智能焊接机器人") in rels(x, "developed")


def test_ordinals_inside_names_and_zones_after_a_locative():
    x = extract_text("中船重工第七二五研究所研制出新型耐蚀合金。青岛西海岸新区海洋经济项目集中签约活动举行。", "t.txt")
    assert ("Institution", "中船重工第七二五研究所") in ents(x)
    assert ("District", "青岛西海岸新区") in ents(x)


def test_award_modifiers_tails_of_names_and_a_bare_company_before_a_title():
    x = extract_text("多家企业获评省级制造业单项冠军。", "t.txt")
    assert ents(x, "Award") == {("Award", "省级制造业单项冠军")}
    x = extract_text("浙江大学与杭州市余杭区人民政府签署共建浙江大学杭州国际科创中心协议。科创中心将聚焦集成电路。", "t.txt")
    assert ("Institution", "科创中心") not in ents(x)
    assert "科创中心" in next(e for e in x.entities if e.name == "浙江大学杭州国际科创中心").aliases
    x = extract_text("宁波舜宇光学科技（集团）有限公司发布了新镜头。公司副总裁王文杰介绍，公司研发投入持续增长。", "t.txt")
    works = {(r.subject.split(":", 1)[1], r.object.split(":", 1)[1]) for r in x.relations if r.type == "worksFor"}
    assert works == {("王文杰", "宁波舜宇光学科技（集团）有限公司")}


def test_the_other_names_of_a_list_of_people():
    x = extract_text("国务院总理李强、丁薛祥、王毅等出席会议。北京、上海、广州等城市代表参加。", "t.txt")
    assert {n for _, n in ents(x, "Person")} == {"李强", "丁薛祥", "王毅"}


def test_an_organisation_ending_jieba_glued_to_the_title_after_it():
    x = extract_text("天津市科技局局长张玲说，天津将持续加大对基础研究的投入。", "t.txt")
    works = {(r.subject.split(":", 1)[1], r.object.split(":", 1)[1], r.role) for r in x.relations if r.type == "worksFor"}
    assert works == {("张玲", "天津市科技局", "局长")}


def test_a_speaker_at_the_scene_and_the_head_of_this_institute():
    x = extract_text("松江区委书记程向民在签约现场表示，松江将全力打造科创走廊策源地。上海交通大学与松江区人民政府共建的"
                     "上海交大松江研究院揭牌成立。该研究院院长李卫民介绍，研究院将重点开展智能制造关键技术攻关。", "t.txt")
    assert {(who, kind) for who, _, kind in quotes(x)} == {("程向民", "indirect"), ("李卫民", "indirect")}
    works = {(r.subject.split(":", 1)[1], r.object.split(":", 1)[1]) for r in x.relations if r.type == "worksFor"}
    assert ("李卫民", "上海交大松江研究院") in works


def test_a_speaker_named_right_before_a_colon_and_a_quote():
    x = extract_text("星河新材料股份有限公司董事长周立新：“我们将继续加大研发投入，推动产业升级。”", "t.txt")
    assert quotes(x) == {("周立新", "我们将继续加大研发投入，推动产业升级。", "direct")}


def test_a_party_with_its_name_in_brackets_before_yu():
    x = extract_text("英伟达公司（NVIDIA）与上海市人民政府签署合作协议。", "t.txt")
    assert rels(x, "signedWith") == {("英伟达公司", "上海市人民政府")}


def test_tagged_name_that_is_also_a_word_needs_context():
    """安南 is also a word; after a title the tagger's name stands."""
    people = {e.name for e in extract_text("联合国秘书长安南20日发表讲话，敦促各方克制。", "t.txt").entities
              if e.type == "Person"}
    assert people == {"安南"}


def test_transliterated_name_starting_with_a_surname_character():
    """罗 is a surname, but 罗森施廷格尔 is a transliteration, not a run-on Chinese name."""
    people = {e.name for e in extract_text("目前罗森施廷格尔一案引发的政治风波仍在继续。", "t.txt").entities
              if e.type == "Person"}
    assert people == {"罗森施廷格尔"}


def _people(text):
    return {e.name for e in extract_text(text, "t.txt").entities if e.type == "Person"}


def test_transliterated_names_in_a_list_of_people():
    assert _people("巴西队的前锋是贝贝托、埃德蒙多、罗纳尔多和罗马里奥。") == {"贝贝托", "埃德蒙多", "罗纳尔多", "罗马里奥"}


def test_a_long_transliterated_name_the_tagger_cut_is_whole():
    assert _people("在谈到海湾之行时，纳扎尔巴耶夫指出，他此行的目的是加强合作。") == {"纳扎尔巴耶夫"}


def test_a_title_before_a_transliterated_name_stays_out_of_it():
    assert _people("以色列总理内塔尼亚胡今天对埃及进行了短暂访问。") == {"内塔尼亚胡"}


def test_a_surname_with_shi_and_a_city_are_not_people():
    assert _people("舆论普遍认为，杜氏坚定不移地保持荷兰盾的稳定。") == set()
    assert _people("这里被称为“亚马孙门户”的贝伦市。") == set()


def test_two_characters_inside_a_longer_word_are_no_name():
    """超环 of 东方超环 (a machine's name): no surname, no cue, inside a run."""
    assert _people("全超导托卡马克装置EAST（东方超环）等重大科技基础设施取得成果。") == set()


@pytest.mark.parametrize("text, name", [
    ("经过荣立军研究员的努力，项目取得突破。", "荣立军"),  # a preposition before NAME + title
    ("会议邀请了张高明教授作报告。", "张高明"),  # a verb before it
    ("正像袁鹰所说的那样，长篇的题材要有一定的沉淀。", "袁鹰"),  # not 袁鹰所: the name ends a word
])
def test_a_name_before_a_title_after_a_function_word(text, name):
    people = {e.name for e in extract_text(text, "n.txt").entities if e.type == "Person"}
    assert people == {name}


@pytest.mark.parametrize("text", [
    "华光科技获中国电子学会科技进步奖一等奖。",  # a verb of winning ends the name on its left
    "各项服务指标均居国内航空公司前列。",  # a description: domestic airlines
    "该公司连续7年获评“最佳航空公司”。",  # an award's title, not a company
])
def test_descriptions_and_verbs_are_not_organisation_names(text):
    x = extract_text(text, "o.txt")
    assert not [e.name for e in x.entities if e.type in ("Company", "Institution") and ("获" in e.name or "国内" in e.name or "最佳" in e.name)]


def test_a_town_glued_to_the_word_before_is_not_a_person():
    x = extract_text("陈军与铜山区棠张镇刘锋镇长签订共建协议。", "t.txt")
    assert {e.name for e in x.entities if e.type == "Person"} == {"陈军", "刘锋"}


@pytest.mark.parametrize("text, achievement", [
    ("华星航空有限公司自主研发全球首套兼容多种主流机型的飞机健康诊断“天眼系统”。", "天眼系统"),  # the name closing the object
    ("华星航空有限公司自主研制首台B737-D级全动飞行模拟机，打破技术壁垒。", "B737-D级全动飞行模拟机"),
    ("该网站推出彩票服务频道是否是打政策“擦边球”，记者进行了调查。", None),  # a clause, not an object
    ("欧美知名游戏开发公司“Relic”继续扩张。", None),  # 开发公司 is a noun
])
def test_developed_objects_named_at_their_end(text, achievement):
    x = extract_text(text, "a.txt")
    found = [e.name for e in x.entities if e.type == "Achievement"]
    assert found == ([achievement] if achievement else [])
    if achievement:
        assert [(r.type, r.object) for r in x.relations] == [("developed", f"Achievement:{achievement}")]


def test_a_compass_word_can_start_an_organisation_name():
    x = extract_text("北方华创科技集团股份有限公司与辽宁北方电影股份有限公司签约。", "o.txt")
    assert {("Company", "北方华创科技集团股份有限公司"), ("Company", "辽宁北方电影股份有限公司")} <= ents(x)


@pytest.mark.parametrize("text, award", [
    ("华星翔翼公司获评国家专精特新“小巨人”企业称号。", "国家专精特新“小巨人”企业"),  # quotes inside a title
    ("华星航空有限公司连续7年获评民航旅客服务测评（CAPSE）“最佳航空公司”。", "最佳航空公司"),  # a rating in quotes
])
def test_honorary_titles_after_a_verb_of_winning(text, award):
    x = extract_text(text, "h.txt")
    assert ("Award", award) in ents(x)
    assert [r.object for r in x.relations if r.type == "won"] == [f"Award:{award}"]


@pytest.mark.parametrize("text, org", [
    ("福建省科技厅党组成员、副厅长周世举出席颁奖活动。", ("Institution", "福建省科技厅")),  # 党组成员 is a title
    ("福建海西新药创制有限公司斩获一等奖。", ("Company", "福建海西新药创制有限公司")),  # 创制, an industry verb
])
def test_organisation_names_around_titles_and_industry_verbs(text, org):
    x = extract_text(text, "o.txt")
    assert org in ents(x)
    assert len([e for e in x.entities if e.type in ("Company", "Institution")]) == 1


@pytest.mark.parametrize("text", [
    "武汉市和黄石市地缘相近、人缘相亲，要持续推进两地合作，携手画好最大同心圆。",  # the pair is not in the verb's clause
    "要把高科技产品制造引进到黄石市和阳新县落户。",  # two places things settle in
])
def test_no_signing_between_parties_the_verb_does_not_join(text):
    assert [r for r in extract_text(text, "s.txt").relations if r.type == "signedWith"] == []


def test_an_organisation_inside_an_object_does_not_win_what_the_sentence_wins():
    text = "该技术连续12年被遴选为农业部主推技术，2019年荣获四川省科技进步一等奖。"
    assert [r for r in extract_text(text, "w.txt").relations if r.type == "won"] == []


def test_an_airport_economic_zone_is_a_district():
    x = extract_text("黄石市招商服务中心、黄石临空经济区协办。", "z.txt")
    assert ("District", "黄石临空经济区") in ents(x)
    assert not [e for e in x.entities if e.type == "Person"]


def test_a_tagged_name_made_of_a_named_place_and_one_character_is_dropped(monkeypatch):
    from kg.mentions import common, people
    from kg.textprep import prepare

    text = "黄石市招商会上，黄石临空临港，市长吴锦讲话。"

    class FakeTagger:  # the statistical tagger's guesses, fixed
        @staticmethod
        def tag(t):
            return [(t.find("黄石临"), t.find("黄石临") + 3, "PER"), (t.find("吴锦"), t.find("吴锦") + 2, "PER")]

    monkeypatch.setattr(common, "ner_tagger", lambda: FakeTagger)
    assert [m.text for m in people._tagged_people(prepare(text, "p.txt"))] == ["吴锦"]


def test_settling_in_a_city_and_district_is_with_the_district():
    x = extract_text("北京燃力能源科技有限公司项目落户北京市通州区。", "s.txt")
    assert [(r.type, r.object) for r in x.relations] == [("signedWith", "District:通州区")]


def test_a_government_body_before_the_verb_of_hosting():
    x = extract_text("由福建省科学技术厅主办的大赛在福州举办。", "g.txt")
    assert ("Institution", "福建省科学技术厅") in ents(x)


def test_a_pronoun_opening_a_sentence_is_the_subject_of_the_one_before():
    text = ("梁园区委书记薛天江对鲍宗平一行的到来表示热烈欢迎，并详细介绍了梁园区的基本情况。"
            "他表示，梁园区区位、产业、政策优势明显，发展潜力巨大。")
    x = extract_text(text, "q.txt")
    assert [(q.speaker, q.kind) for q in x.quotes] == [("Person:薛天江", "indirect")]


@pytest.mark.parametrize("text", [
    "北京理工大学的倪俊获得冠军。他高兴地说：“今天能获奖，得益于大家的看好。”",  # a manner adverb after the pronoun
    "北京理工大学的倪俊获得冠军，在接受采访时说到：“今天能获奖，得益于大家的看好。”",  # 说到
])
def test_quotes_after_a_pronoun_with_a_manner_or_after_shuodao(text):
    assert [(q.speaker, q.text) for q in extract_text(text, "q.txt").quotes] == [("Person:倪俊", "今天能获奖，得益于大家的看好。")]


def test_award_ceremony_verbs_and_inventor_roles_are_not_names():
    text = ("国家知识产权局副局长贺化为中国专利金奖获奖代表颁奖。"
            "获得中国专利优秀奖的“一种液压支架试验台”第二发明人煤炭科学技术研究院有限公司所长刘欣科上台领奖。")
    x = extract_text(text, "p.txt")
    names = {e.name for e in x.entities}
    assert "煤炭科学技术研究院有限公司" in names
    assert not [n for n in names if n.endswith("颁奖") or n.startswith("发明人")]


@pytest.mark.parametrize("text, org", [
    ("中建七局投资有限公司与梁园区人民政府签约。", "中建七局投资有限公司"),  # a numbered bureau is part of the name
    ("中建十一局投资有限公司与梁园区人民政府签约。", "中建十一局投资有限公司"),  # jieba splits 十一|局
    ("中建一局投资有限公司与梁园区人民政府签约。", "中建一局投资有限公司"),
    ("中国二十冶集团有限公司承建了该项目。", "中国二十冶集团有限公司"),
    ("学校附近有一所中学。", None),  # 一所: a classifier, not a name
])
def test_numbered_bureaus_in_organisation_names(text, org):
    names = [e.name for e in extract_text(text, "o.txt").entities if e.type in ("Company", "Institution")]
    assert (org in names) if org else not names


def test_winners_listed_with_the_titles_of_their_projects():
    text = "浙江大学《邦巍科技》、北京理工大学《智能眼镜》和厦门大学《FlexCap》则获得季军。"
    x = extract_text(text, "w.txt")
    assert sorted(r.subject for r in x.relations if r.type == "won") == [
        "Institution:北京理工大学", "Institution:厦门大学", "Institution:浙江大学"]


def test_a_named_machine_rolling_off_the_line_where_it_was_made():
    text = "国产地铁盾构“先锋3号”，12日在上海隧道机械制造有限公司的生产车间内，制造安装完成，正式下线。"
    x = extract_text(text, "m.txt")
    assert ("Achievement", "先锋3号") in ents(x)
    assert [(r.type, r.subject, r.object) for r in x.relations] == [
        ("developed", "Company:上海隧道机械制造有限公司", "Achievement:先锋3号")]


@pytest.mark.parametrize("text, person", [
    ("天津滨海新区天津戴姆勒布局优化建设项目签约。", None),  # a brand after a place (天津), not a person
    ("《挽歌》改编自菲利普·罗斯的小说。", "菲利普·罗斯"),  # after a verb: a person
])
def test_a_transliteration_after_a_place_is_a_brand(text, person):
    people = [e.name for e in extract_text(text, "b.txt").entities if e.type == "Person"]
    assert people == ([person] if person else [])


@pytest.mark.parametrize("text, person", [
    ("金华市举行签约仪式，金华林出席并致辞。", "金华林"),  # a place's short form + a character, then a follower: a name
    ("会议由王村主持。", "王村"),  # 村 after a function word: a name
    ("项目由李州负责。", "李州"),  # a two-character name ending in 州
])
def test_people_whose_names_look_like_places(text, person):
    assert person in {e.name for e in extract_text(text, "p.txt").entities if e.type == "Person"}


def test_a_source_introduced_by_ju_is_not_the_subject_a_pronoun_refers_to():
    text = "据区委书记张伟介绍，市长李娜一行考察了园区，参观了企业。她表示，园区发展势头良好，前景广阔。"
    quotes = [(q.speaker, q.text) for q in extract_text(text, "q.txt").quotes]
    assert ("Person:李娜", "园区发展势头良好，前景广阔。") in quotes


# --- generalisation round (issue #13): wordings found on articles outside the dev set


def test_a_short_name_defined_in_brackets_is_the_same_company():
    x = extract_text("星河新材料股份有限公司（下称“星河新材”）与昆山市人民政府签署投资协议。星河新材表示将加快建设。", "t.txt")
    companies = [e for e in x.entities if e.type == "Company"]
    assert [e.name for e in companies] == ["星河新材料股份有限公司"]
    assert "星河新材" in companies[0].aliases


def test_both_sides_named_before_shuang_fang_signed():
    x = extract_text("记者从星河新材料股份有限公司与远山矿业有限公司获悉，双方已签署战略合作协议。", "t.txt")
    assert rels(x, "signedWith") == {("星河新材料股份有限公司", "远山矿业有限公司")}


def test_three_parties_each_signed_with_each():
    x = extract_text("星河新材料股份有限公司与远山矿业有限公司、北辰建设集团有限公司签署战略合作协议，三方将开展合作。", "t.txt")
    pairs = {frozenset(p) for p in rels(x, "signedWith")}
    assert pairs == {frozenset(p) for p in [("星河新材料股份有限公司", "远山矿业有限公司"),
                                            ("星河新材料股份有限公司", "北辰建设集团有限公司"),
                                            ("远山矿业有限公司", "北辰建设集团有限公司")]}


def test_a_quote_closing_the_sentence_of_its_speaker():
    x = extract_text("周立新告诉记者，这笔费用来自行业基金，“我们每年都会缴纳一定费用，这次的费用都从这里面出”。", "t.txt")
    assert ("周立新", "我们每年都会缴纳一定费用，这次的费用都从这里面出", "direct") in quotes(x)


def test_a_quoted_term_inside_a_speakers_sentence_is_not_a_quote():
    x = extract_text("周立新表示，公司获得了“国家级绿色工厂”称号，并将继续投入。", "t.txt")
    assert not [q for q in x.quotes if q.kind == "direct"]


def test_a_product_that_wins_is_an_achievement_won_for_its_maker():
    x = extract_text("星河新材料股份有限公司发布星河高效双面发电组件。星河高效双面发电组件斩获年度金奖。", "t.txt")
    assert ("Achievement", "星河高效双面发电组件") in ents(x)
    assert ("星河新材料股份有限公司", "星河高效双面发电组件") in rels(x, "developed")
    assert ("星河新材料股份有限公司", "年度金奖") in rels(x, "won")


@pytest.mark.parametrize("text, not_an_org", [
    ("他坦言，必须说清楚公司的定位。", "清楚公司"),
    ("他说，要做一家品牌公司而不是一家赚钱公司。", "品牌公司"),
])
def test_an_ordinary_word_plus_an_ending_is_not_an_organisation(text, not_an_org):
    names = {e.name for e in extract_text(text, "t.txt").entities}
    assert not_an_org not in names, names


def test_a_date_and_an_adverb_between_the_speaker_after_the_quote_and_the_verb():
    x = extract_text("“今后五年央企计划在西部投资一千亿元。”国资委主任周立新8月20日在推介会上表示，投资额将翻一番。"
                     "另据介绍，活动已举办三场，“后续我们会在全国加大推广力度。”罗云峰博士最后表示。", "t.txt")
    got = quotes(x)
    assert ("周立新", "今后五年央企计划在西部投资一千亿元。", "direct") in got
    assert ("罗云峰", "后续我们会在全国加大推广力度。", "direct") in got


def test_a_paragraph_that_is_one_quote_goes_on_from_the_speaker_before_it():
    x = extract_text("星河科技有限公司董事长周立新接受采访时表示，今年是公司的转型之年。\n"
                     "“我们明年将在海外建设三座工厂。”\n"
                     "公司的新工厂已经开工。\n"
                     "“这一切都离不开政策支持。”", "t.txt")
    got = quotes(x)
    assert ("周立新", "我们明年将在海外建设三座工厂。", "direct") in got
    # after narration that quotes no one, an unattributed quote stays unattributed
    assert not [q for q in got if q[1].startswith("这一切")]


def test_an_interviews_answers_are_the_interviewees_words():
    x = extract_text("记者：公司明年有什么计划？\n周立新：我们将在海外建设三座工厂，并加大研发投入。\n"
                     "罗云峰：星河科技有限公司董事长\n", "t.txt")
    got = quotes(x)
    assert ("周立新", "我们将在海外建设三座工厂，并加大研发投入。", "direct") in got
    assert not [q for q in got if q[0] == "罗云峰"]  # a caption, not words


@pytest.mark.parametrize("name", ["浙江省住房和城乡建设厅", "中国机械和电子工业联合会"])
def test_an_organisation_named_x_and_y_after_a_place_keeps_its_whole_name(name):
    x = extract_text(f"{name}发布了年度报告。", "t.txt")
    assert ents(x, "Institution") == {("Institution", name)}


def test_divisions_named_like_common_nouns_are_districts_only_after_their_city():
    assert not ents(extract_text("城区的交通明显改善，矿区也开始复垦。", "t.txt"), "District")
    x = extract_text("大同市城区与星河科技有限公司签约。", "t.txt")
    assert ("District", "城区") in ents(x)


@pytest.mark.parametrize("text", [
    "星河科技有限公司与远航集团全资子公司远航材料有限公司签署投资协议。",
    "星河科技有限公司日前与远航集团旗下的远航材料有限公司在昆明签订《战略合作协议》。",
    "星河科技有限公司于2023年5月8日与北辰建设集团有限公司控股子公司远航材料有限公司签订协议。",
])
def test_a_subsidiary_named_through_its_parent_is_the_party(text):
    x = extract_text(text, "t.txt")
    assert rels(x, "signedWith") == {("星河科技有限公司", "远航材料有限公司")}
    assert not [e for e in x.entities if "子公司" in e.name or "旗下" in e.name]


def test_a_verb_between_the_parties():
    x = extract_text("星河科技有限公司正式签约远航材料股份有限公司。", "t.txt")
    assert rels(x, "signedWith") == {("星河科技有限公司", "远航材料股份有限公司")}


@pytest.mark.parametrize("text, product", [
    ("星河科技有限公司推出星河X 11。", None),
    ("星河科技有限公司推出了StarLink Pro，用户很多。", "StarLink Pro"),
    ("星河科技有限公司发布ZoomSky。", "ZoomSky"),
    ("星河科技有限公司发布AI战略。", None),
])
def test_a_product_known_by_a_latin_name(text, product):
    x = extract_text(text, "t.txt")
    got = rels(x, "developed")
    if product is None:
        assert not [p for _, p in got if p.isascii()]
    else:
        assert ("星河科技有限公司", product) in got


def test_a_launch_event_is_not_the_verb_of_launching():
    x = extract_text("星河科技有限公司董事长周立新在发布会上发布了新一代星河X1芯片。", "t.txt")
    assert rels(x, "developed") == {("星河科技有限公司", "新一代星河X1芯片")}


def test_a_bare_short_form_the_tagger_found_is_the_longer_organisation():
    x = extract_text("北辰城发集团与海淀区签约。北辰城发集团表示，北辰将投资十亿元。", "t.txt")
    assert not [e for e in x.entities if e.type == "Company" and e.name != "北辰城发集团"]


def test_a_university_after_one_of_its_schools_and_yu_is_an_organisation_of_its_own():
    x = extract_text("复旦大学物理学院与北京大学合作。", "t.txt")
    assert ents(x, "Institution") == {("Institution", "北京大学"), ("Institution", "复旦大学物理学院"),
                                      ("Institution", "复旦大学")}


def test_a_surname_and_a_title_is_the_one_person_of_that_surname():
    from kg.mentions import find_mentions
    from kg.model import Mention
    from kg.resolve import resolve
    from kg.sentences import split_sentences
    from kg.textprep import prepare

    doc = prepare("星河银行行长孙斌出席仪式。孙行长表示，银行将支持企业发展。", "t.txt")
    ms = find_mentions(doc, split_sentences(doc))
    k = doc.text.index("孙行长")
    ms.append(Mention(k, k + 3, "孙行长", "Person", "tagger"))  # as the tagger may read it
    people = [e for e in resolve(doc, ms)[0] if e.type == "Person"]
    assert [(e.name, "孙行长" in e.aliases) for e in people] == [("孙斌", True)]


@pytest.mark.parametrize("text", ["中央企业中五大发电集团投资新疆。", "四国俱乐部成员签署协议。",
                                  "长沙省县级政府出资。", "星河十大科技公司评选揭晓。"])
def test_a_count_of_organisations_or_a_level_is_a_description_not_a_name(text):
    assert not ents(extract_text(text, "t.txt"), "Company") | ents(extract_text(text, "t.txt"), "Institution")


@pytest.mark.parametrize("name", ["中建三局", "三星集团"])
def test_numbers_inside_real_names_stay(name):
    assert any(e[1] == name for e in ents(extract_text(f"{name}承建了该项目。", "t.txt")))


def test_the_work_an_organisation_wins_with_is_its_own():
    x = extract_text("星河科技有限公司凭借其智能焊接机器人斩获年度创新金奖。", "t.txt")
    assert rels(x, "won") == {("星河科技有限公司", "年度创新金奖")}
    assert rels(x, "developed") == {("星河科技有限公司", "智能焊接机器人")}


def test_an_award_given_in_the_passive_is_won():
    x = extract_text("星河科技有限公司被授予“全国五一劳动奖状”。", "t.txt")
    assert rels(x, "won") == {("星河科技有限公司", "全国五一劳动奖状")}


def test_winners_listed_under_their_grade():
    x = extract_text("获奖名单如下：一等奖：星河科技有限公司；二等奖：远航材料股份有限公司、北辰建设集团有限公司。\n"
                     "联系人：周立新，电话：12345678。", "t.txt")
    assert rels(x, "won") == {("星河科技有限公司", "一等奖"), ("远航材料股份有限公司", "二等奖"),
                              ("北辰建设集团有限公司", "二等奖")}


@pytest.mark.parametrize("text", ["周立新教授的论文《大规模推荐系统研究》获得优秀论文奖。",
                                  "周立新教授凭借《大规模推荐系统研究》荣获一等奖。",
                                  "周立新教授发表论文《大规模推荐系统研究》。"])
def test_a_work_named_by_its_title_is_an_achievement_of_its_author(text):
    x = extract_text(text, "t.txt")
    assert ("周立新", "大规模推荐系统研究") in rels(x, "developed")


def test_a_newspaper_quoted_as_a_source_is_no_achievement():
    x = extract_text("据《星河日报》报道，星河科技有限公司获得金奖。周立新发表讲话。", "t.txt")
    assert not ents(x, "Achievement")


def test_the_answers_of_a_question_and_answer_interview_are_the_interviewees():
    x = extract_text("星河科技有限公司董事长周立新接受本报记者专访。周立新说，公司将继续创新。\n"
                     "问：公司明年有什么计划？\n答：我们将在海外建设三座工厂，并加大研发投入。\n", "t.txt")
    assert ("周立新", "我们将在海外建设三座工厂，并加大研发投入。", "direct") in quotes(x)
    # without questions, 答： is not an interview's answer
    assert not extract_text("答：好的，我们明天见面。", "t.txt").quotes


def test_several_pairs_in_one_sentence_each_sign_with_their_own():
    x = extract_text("星河科技有限公司与海淀区、远航材料股份有限公司与朝阳区分别签署合作协议。", "t.txt")
    assert rels(x, "signedWith") == {("星河科技有限公司", "海淀区"), ("远航材料股份有限公司", "朝阳区")}


def test_a_signing_verb_is_never_inside_a_name():
    x = extract_text("星河科技有限公司牵手远航材料股份有限公司。", "t.txt")
    assert ents(x, "Company") == {("Company", "星河科技有限公司"), ("Company", "远航材料股份有限公司")}
    assert rels(x, "signedWith") == {("星河科技有限公司", "远航材料股份有限公司")}


def test_counted_partners_named_after_baokuo_signed():
    x = extract_text("现场，海淀区与5家企业签约，包括星河科技有限公司、远航材料股份有限公司。"
                     "海淀区与5家企业代表座谈，包括北辰建设集团有限公司。", "t.txt")
    assert rels(x, "signedWith") == {("海淀区", "星河科技有限公司"), ("海淀区", "远航材料股份有限公司")}


def test_an_organisation_jieba_knows_by_name_is_kept_when_the_tagger_reads_it():
    x = extract_text("星河科技有限公司与中国联通签署合作协议。", "t.txt")
    assert rels(x, "signedWith") == {("星河科技有限公司", "中国联通")}


def test_the_team_of_an_organisation_named_in_latin_letters_is_the_organisation():
    x = extract_text("StarBrain团队研发了StarFold。", "t.txt")
    assert rels(x, "developed") == {("StarBrain", "StarFold")}


@pytest.mark.parametrize("name", ["海螺水泥", "苏宁电器", "青岛啤酒"])
def test_a_short_company_name_made_of_a_proper_part_and_its_trade_is_a_company(name):
    from kg.mentions.organisations import _not_a_bare_name

    assert not _not_a_bare_name(name)
    assert _not_a_bare_name("研发团队") and _not_a_bare_name("发展股份")  # a common noun, a verb before the trade


def _resolved_orgs(text, names):
    """Resolve hand-made Company mentions of ``names`` in ``text`` (as the
    finders may give them): entity name -> its aliases."""
    from kg.model import Mention
    from kg.resolve import resolve
    from kg.textprep import prepare

    doc = prepare(text, "t.txt")
    ms = [Mention(doc.text.index(n), doc.text.index(n) + len(n), n, "Company", "tagger-org") for n in names]
    return {e.name: e.aliases for e in resolve(doc, ms)[0] if e.type == "Company"}


@pytest.mark.parametrize("full, short", [
    ("北辰航空集团公司", "北航"),                      # the first characters of its words
    ("省星河发展银行", "省星发行"),                    # a name with no legal form
    ("星河重工科技股份有限公司", "昆山星河重科"),      # a place in front of the abbreviation
])
def test_an_abbreviation_of_one_organisation_of_the_article_is_that_organisation(full, short):
    orgs = _resolved_orgs(f"{full}与海淀区签约。{short}将投资十亿元。", [full, short])
    assert list(orgs) == [full] and short in orgs[full]


@pytest.mark.parametrize("names", [
    ("北辰航空集团公司", "辰航"),                      # does not begin where the name begins
    ("北辰航空集团公司", "北辰航空集团有限公司"),      # a whole legal name is not an abbreviation
    ("北辰航空集团公司", "北方航运集团公司", "北航"),  # it could stand for either
])
def test_an_abbreviation_that_is_not_one_organisations_stays_apart(names):
    orgs = _resolved_orgs("。".join(f"{n}出席" for n in names) + "。", names)
    assert set(orgs) == set(names)


def test_a_peoples_government_is_also_called_its_government():
    orgs = {}
    from kg.model import Mention
    from kg.resolve import resolve
    from kg.textprep import prepare

    doc = prepare("昆山市人民政府与星河集团签约。昆山市政府表示支持。", "t.txt")
    ms = [Mention(doc.text.index(n), doc.text.index(n) + len(n), n, "Institution", "org-suffix")
          for n in ("昆山市人民政府", "昆山市政府")]
    orgs = {e.name: e.aliases for e in resolve(doc, ms)[0]}
    assert orgs == {"昆山市人民政府": {"昆山市政府"}}


@pytest.mark.parametrize("word", ["应邀", "马上"])
def test_a_verb_or_adverb_after_a_title_is_not_a_person(word):
    x = extract_text(f"企业代表{word}出席。", "t.txt")
    assert not ents(x, "Person")


@pytest.mark.parametrize("authors", ["张伟等人", "张伟、李娜和王强"])
def test_every_listed_author_of_a_prized_paper_developed_it(authors):
    x = extract_text(f"{authors}的论文《面向大数据的查询优化》获得优秀论文奖。", "t.txt")
    names = [n for n in ("张伟", "李娜", "王强") if n in authors]
    assert rels(x, "developed") == {(n, "面向大数据的查询优化") for n in names}


@pytest.mark.parametrize("counted", ["三家", "12家", "数家"])
def test_a_counted_group_of_companies_is_not_a_company(counted):
    x = extract_text(f"全球最大的{counted}水泥公司联合涨价。", "t.txt")
    assert not ents(x, "Company")


def test_a_function_character_that_begins_a_word_of_the_name_stays_in_it():
    x = extract_text("中国可再生材料学会理事长出席会议。", "t.txt")
    assert ("Institution", "中国可再生材料学会") in ents(x)


def test_a_conjunction_before_a_two_character_word_still_ends_the_name():
    x = extract_text("星河集团和平安银行签署合作协议。", "t.txt")
    assert {"星河集团", "平安银行"} <= {n for _, n in ents(x)}
    assert not any("和平" in n for _, n in ents(x))


def test_officials_who_sign_for_a_company_and_a_city_make_them_parties():
    x = extract_text("星河集团董事长周立新与昆山市市长罗云峰代表双方签约。", "t.txt")
    assert rels(x, "signedWith") == {("星河集团", "昆山市")}


def test_a_short_predicate_and_a_colon_after_the_speaker_open_their_quote():
    x = extract_text("对于未来，星河集团总裁周立新充满信心：“我们有能力做好。”", "t.txt")
    assert quotes(x) == {("周立新", "我们有能力做好。", "direct")}


def test_a_person_asked_before_a_colon_is_not_the_speaker():
    x = extract_text("星河集团总裁周立新出席。记者问周立新：“明年有什么计划？”", "t.txt")
    assert not quotes(x)


def test_a_verb_of_speech_with_cheng_reports_the_words_after_it():
    x = extract_text("星河集团创始人周立新在信中强调称，公司不会放弃国际市场。", "t.txt")
    assert quotes(x) == {("周立新", "公司不会放弃国际市场。", "indirect")}


def test_a_description_before_a_latin_name_introduces_that_organisation():
    x = extract_text("不久前，加拿大矿业公司Acme Mining Corp表示将出售资产。", "t.txt")
    assert ents(x, "Company") == {("Company", "Acme Mining Corp")}


def test_a_latin_name_after_an_institutional_description_is_an_institution_everywhere():
    x = extract_text("2009年加入国际环保组织Green Alliance；Green Alliance总部位于伦敦。", "t.txt")
    assert ents(x) == {("Institution", "Green Alliance")}


def test_a_prize_in_quotes_after_its_event_is_the_prize_and_one_award_with_the_event_named():
    x = extract_text("星河集团荣获本届博览会“最佳组织奖”。据悉，星河集团此前也曾获得博览会最佳组织奖。", "t.txt")
    awards = [e for e in x.entities if e.type == "Award"]
    assert [e.name for e in awards] == ["最佳组织奖"]
    assert "博览会最佳组织奖" in awards[0].aliases


@pytest.mark.parametrize("venue", ["星河国际酒店会展中心举行", "昆山国际博览中心N4馆揭晓"])
def test_a_venue_where_an_event_happens_is_not_an_organisation(venue):
    x = extract_text(f"5月30日，年度评选结果在{venue}。", "t.txt")
    assert not [e for e in x.entities if e.type in ("Company", "Institution")]


def test_a_prize_after_a_year_keeps_the_awarding_body_in_its_name():
    x = extract_text("赵明教授荣获2015年度中国软件学会科技进步一等奖。", "t.txt")
    assert rels(x, "won") == {("赵明", "中国软件学会科技进步一等奖")}


@pytest.mark.parametrize("authors, names", [
    ("赵明教授团队完成的", ["赵明"]),
    ("赵明教授主持完成的", ["赵明"]),
    ("张伟、李娜、王强共同完成的", ["张伟", "李娜", "王强"]),
])
def test_the_people_who_completed_a_prized_project_developed_it(authors, names):
    x = extract_text(f"{authors}“星河数据平台关键技术”项目荣获一等奖。", "t.txt")
    assert rels(x, "developed") == {(n, "星河数据平台关键技术") for n in names}


@pytest.mark.parametrize("leader", ["王伟教授", "欧阳明远院士", "王小川教授", "王小川"])
def test_a_group_led_by_a_person_and_its_partner_both_developed_the_work(leader):
    x = extract_text(f"星河大学信息学院{leader}课题组与长江科技有限公司合作，研发了推荐系统SkyRec。", "t.txt")
    assert rels(x, "developed") == {("星河大学信息学院", "SkyRec"), ("长江科技有限公司", "SkyRec")}


def test_a_work_two_partners_developed_wins_its_prize_for_both():
    x = extract_text("星河大学王小川教授团队与长江科技有限公司联合研发的SkyRec推荐系统荣获科技进步奖一等奖。", "t.txt")
    assert rels(x, "won") == {("星河大学", "科技进步奖一等奖"), ("长江科技有限公司", "科技进步奖一等奖")}


def test_a_subsidiary_named_after_its_parent_and_the_word_subsidiary_is_its_own_name():
    x = extract_text("星河科技有限公司旗下子公司星河智能有限公司发布了星河X1芯片。", "t.txt")
    assert ents(x, "Company") == {("Company", "星河科技有限公司"), ("Company", "星河智能有限公司")}


@pytest.mark.parametrize("such_as", ["如", "例如", "比如"])
def test_such_as_before_an_organisation_is_not_part_of_its_name(such_as):
    x = extract_text(f"多家央企参与投资，{such_as}长江电投集团、黄河能源公司等。", "t.txt")
    assert {n for _, n in ents(x)} >= {"长江电投集团"} and not any(n.startswith(such_as) for _, n in ents(x))


def test_an_acting_county_head_is_a_title_not_the_county_dai():
    x = extract_text("安吉县委副书记、代县长李强出席签约仪式。", "t.txt")
    assert ("District", "代县") not in ents(x)


def test_awards_in_general_are_not_a_prize():
    x = extract_text("星河学院学子斩获全国大学生创意竞赛多项国家级奖项。", "t.txt")
    assert not ents(x, "Award")


def test_a_titled_work_that_wins_and_the_students_who_submitted_it():
    x = extract_text("在周老师的指导下，刘洋、张欣同学报送的作品《星河与月亮》获全国二等奖。", "t.txt")
    assert ("Achievement", "星河与月亮") in ents(x)
    assert rels(x, "developed") == {("刘洋", "星河与月亮"), ("张欣", "星河与月亮")}


def test_a_schools_unit_named_x_and_y_keeps_its_whole_name():
    x = extract_text("我校艺术与现代设计学院报送的作品获奖。艺术与现代设计学院高度重视此次比赛。", "t.txt")
    assert ents(x, "Institution") == {("Institution", "艺术与现代设计学院")}


def test_a_newspaper_is_an_institution_and_the_publisher_when_its_dateline_opens_the_story():
    x = extract_text("星河晨报与星河科技有限公司签署战略合作协议。", "t.txt")
    assert ("Institution", "星河晨报") in ents(x)
    x = extract_text("星河晨报北京10月22日讯 记者王伟报道：星河科技有限公司宣布投产。", "t.txt")
    assert ("Institution", "星河晨报") not in ents(x)
    assert x.document.publisher == "星河晨报"


def test_grades_listed_after_the_first_keep_their_level():
    x = extract_text("学院报送的作品获国家级二等奖1项，国家级三等奖、山东省二等奖5项，山东省赛区三等奖17项。", "t.txt")
    assert {n for _, n in ents(x, "Award")} == {"国家级二等奖", "国家级三等奖", "山东省二等奖", "山东省赛区三等奖"}


def test_an_organisation_announcing_that_its_product_passed_a_test_developed_it():
    x = extract_text("星河电机有限公司22日称，国内首个具有完全知识产权的3300V机车用IGBT芯片通过上车试验。", "t.txt")
    assert ("Achievement", "3300V机车用IGBT芯片") in ents(x)
    assert rels(x, "developed") == {("星河电机有限公司", "3300V机车用IGBT芯片")}


PRIZE_LIST = (
    "第五届星河工业奖揭晓\n"
    "经行业协会推荐，以下企业（项目）获奖，名单如下：\n"
    "第五届星河工业奖（企业）\n"
    "长江电子股份有限公司（大奖）\n"
    "黄河食品有限公司（表彰奖）\n"
    "第五届星河工业奖（项目）\n"
    "海天机械股份有限公司——面向智能制造的高端数控装备示范项目（提名奖）\n"
    "行业协会向获奖企业表示祝贺。\n"
)


def test_winners_listed_line_by_line_under_a_prize_heading_won_it():
    x = extract_text(PRIZE_LIST, "t.txt")
    winners = {a for a, p in rels(x, "won") if p == "第五届星河工业奖"}
    assert winners == {"长江电子股份有限公司", "黄河食品有限公司", "海天机械股份有限公司"}
    assert rels(x, "developed") == {("海天机械股份有限公司", "面向智能制造的高端数控装备示范项目")}


def test_a_counted_group_of_associations_is_not_an_organisation():
    x = extract_text("由星河联合会牵头，联合12家全国性行业协会共同组织实施。", "t.txt")
    assert ents(x, "Institution") == {("Institution", "星河联合会")}


@pytest.mark.parametrize("description", ["种植户", "游客", "业内人士"])
def test_a_person_introduced_by_a_description_is_found_and_quoted(description):
    x = extract_text(f"{description}王大山告诉记者：“今年的收成比去年好多了。”", "t.txt")
    assert ents(x, "Person") == {("Person", "王大山")}
    assert quotes(x) == {("王大山", "今年的收成比去年好多了。", "direct")}


def test_a_quote_its_speaker_introduces_is_theirs_whoever_speaks_after_it():
    x = extract_text("游客张小红告诉记者：“风景太美了。”业内人士李明认为，这一模式值得推广。", "t.txt")
    assert quotes(x) == {("张小红", "风景太美了。", "direct"), ("李明", "这一模式值得推广。", "indirect")}


def test_a_unit_of_a_company_that_acts_is_a_company_and_the_agent():
    x = extract_text("星河科技股份有限公司旗下的星河智能推出了智能家居平台HomeLink 3.0。", "t.txt")
    assert ("Company", "星河智能") in ents(x, "Company")
    assert rels(x, "developed") == {("星河智能", "HomeLink 3.0")}


@pytest.mark.parametrize("description", ["品牌", "多家公司", "研究院"])
def test_what_a_company_has_under_it_is_no_unit_name_when_it_is_a_description(description):
    x = extract_text(f"星河科技股份有限公司旗下的{description}研发了星河X1芯片。", "t.txt")
    assert ents(x, "Company") | ents(x, "Institution") == {("Company", "星河科技股份有限公司")}


@pytest.mark.parametrize("reference, developer", [("这款芯片", {("星河研究院", "星辰X2")}), ("这家公司", set())])
def test_a_work_taken_up_again_by_its_kind_is_what_the_next_sentence_develops(reference, developer):
    x = extract_text(f"星河科技股份有限公司发布了AI芯片“星辰X2”。{reference}由星河研究院历时三年研制成功。", "t.txt")
    assert rels(x, "developed") - {("星河科技股份有限公司", "星辰X2")} == developer


def test_entries_of_a_list_laid_out_one_per_line_stay_apart():
    x = extract_text("获奖名单如下：\n一等奖：智慧水务（星河大学）\n二等奖：远望电子有限公司\n三等奖：蓝海科技股份有限公司\n"
                     "大赛评委会主任、中国工程院院士王建华表示，参赛项目整体水平明显提升。", "t.txt")
    assert "三等奖：蓝海科技股份有限公司\n大赛" in x.document.text
    assert rels(x, "won") == {("远望电子有限公司", "二等奖"), ("蓝海科技股份有限公司", "三等奖"), ("星河大学", "一等奖")}


def test_a_short_company_name_whose_first_word_is_a_rare_verb_is_a_company():
    x = extract_text("远望电子董事长陈思远说，远望电子的崛起并非偶然。远望电子副总裁赵丽则表示，公司已与多家整车企业建立合作关系。", "t.txt")
    assert ("Company", "远望电子") in ents(x, "Company")
    assert ents(x, "Person") == {("Person", "陈思远"), ("Person", "赵丽")}


@pytest.mark.parametrize("right, pairs", [
    ("东方重工集团、远望电子有限公司、星云新材料有限公司",
     {("徐水区", "东方重工集团"), ("涞水县", "远望电子有限公司"), ("高碑店市", "星云新材料有限公司")}),
    ("东方重工集团",
     {("徐水区", "东方重工集团"), ("涞水县", "东方重工集团"), ("高碑店市", "东方重工集团")}),
])
def test_parties_that_sign_respectively_pair_up_in_order(right, pairs):
    x = extract_text(f"签约仪式上，徐水区、涞水县、高碑店市分别与{right}签署合作协议。", "t.txt")
    assert rels(x, "signedWith") == pairs


def test_a_vehicle_named_in_quotes_and_the_institute_that_built_it():
    x = extract_text("由星河大学海洋研究所研制的“海燕”号水下滑翔机完成深海观测任务。", "t.txt")
    (work,) = [n for t, n in ents(x, "Achievement")]
    assert "海燕" in work
    assert rels(x, "developed") == {("星河大学海洋研究所", work)}


def test_a_product_name_of_letters_digits_and_a_spaced_suffix_is_whole():
    x = extract_text("9月6日，星河科技有限公司在柏林发布了新一代旗舰芯片星河X9 5G。", "t.txt")
    assert rels(x, "developed") == {("星河科技有限公司", "星河X9 5G")}


@pytest.mark.parametrize("text", ["品牌公司纷纷入驻。", "这家平台公司近年来发展迅速。", "汽车公司纷纷降价。", "能源集团加大投资。"])
def test_a_trade_alone_before_a_generic_ending_is_no_organisation(text):
    assert ents(extract_text(text, "t.txt"), "Company") == set()


@pytest.mark.parametrize("name", ["星河物业公司", "中国电力公司", "苹果公司"])
def test_a_name_before_a_trade_and_an_ending_is_an_organisation(name):
    assert ("Company", name) in ents(extract_text(f"{name}发布了年度报告。", "t.txt"), "Company")


@pytest.mark.parametrize("text", [
    "据星河日报报道，星河科技有限公司与蓝海电子有限公司签署协议。",
    "星河日报记者从星河科技有限公司获悉，公司与蓝海电子有限公司签署协议。",
    "星河科技有限公司与蓝海电子有限公司签署协议。星河电视台、星河日报等媒体进行了报道。",
    "星河科技有限公司与蓝海电子有限公司签署协议。\n来源：星河日报",
])
def test_a_news_outlet_cited_as_the_source_is_no_organisation_of_the_story(text):
    x = extract_text(text, "t.txt")
    assert ents(x, "Company") | ents(x, "Institution") == {("Company", "星河科技有限公司"), ("Company", "蓝海电子有限公司")}


def test_a_news_outlet_that_acts_is_an_organisation():
    x = extract_text("星河日报社与星河科技有限公司签署战略合作协议。", "t.txt")
    assert rels(x, "signedWith") == {("星河日报社", "星河科技有限公司")}


def test_the_outlet_of_the_dateline_is_the_documents_publisher():
    x = extract_text("星河科技签约\n新华社北京3月1日电 星河科技有限公司与蓝海电子有限公司签署协议。", "t.txt")
    assert x.document.publisher == "新华社"
    assert ents(x, "Institution") | ents(x, "Company") == {("Company", "星河科技有限公司"), ("Company", "蓝海电子有限公司")}


@pytest.mark.parametrize("name, is_work", [("城市地下管网智能监测系统", True), ("全国五一劳动奖章", False)])
def test_a_quoted_work_that_wins_is_an_achievement_and_a_quoted_prize_is_not(name, is_work):
    x = extract_text(f"星河大学完成的“{name}”获得社会各界好评。", "t.txt")
    assert (("Achievement", name) in ents(x, "Achievement")) == is_work


def test_a_quote_after_a_sentence_about_a_person_is_that_persons():
    x = extract_text("村党支部书记马国栋对周晓峰的坚持印象深刻。“他是村里第一个搞智能大棚的年轻人。”\n", "t.txt")
    assert quotes(x) == {("马国栋", "他是村里第一个搞智能大棚的年轻人。", "direct")}


@pytest.mark.parametrize("text, name", [("联想集团发布了新款电脑。", "联想集团"), ("远望集团与东方重工集团签署了供货合同。", "远望集团")])
def test_a_company_named_after_a_verb_is_a_company_when_the_tagger_or_the_dictionary_knows_it(text, name):
    assert ("Company", name) in ents(extract_text(text, "t.txt"), "Company")


@pytest.mark.parametrize("text", [
    "股份制银行纷纷下调了房贷利率。",
    "持卡人应及时联系发卡银行。",
    "政策性银行加大了信贷投放。",
    "持卡人可以随即致电银行客服。",
    "董事会表示不准备拆分公司。",
])
def test_a_kind_of_company_or_a_verb_before_its_ending_is_no_company(text):
    assert ents(extract_text(text, "t.txt"), "Company") == set()


@pytest.mark.parametrize("name", ["交通银行", "工商银行", "星河银行"])
def test_a_bank_the_dictionary_knows_or_with_a_proper_name_is_a_company(name):
    assert ("Company", name) in ents(extract_text(f"{name}下调了房贷利率。", "t.txt"), "Company")


@pytest.mark.parametrize("text", ["要把情况说清楚公司才能决策。", "这件事很讲究公司的规矩。", "做一家赚钱公司不容易。"])
def test_an_ordinary_word_before_an_ending_is_no_company(text):
    assert ents(extract_text(text, "t.txt"), "Company") == set()


def test_an_everyday_word_left_of_a_companys_name_is_not_a_mention_of_it():
    x = extract_text("湖南省交通投资集团有限公司与昆山市人民政府签署协议。双方将在交通、能源等领域开展合作。", "t.txt")
    (company,) = [e for e in x.entities if e.type == "Company"]
    assert [m.text for m in company.mentions] == ["湖南省交通投资集团有限公司"]


@pytest.mark.parametrize("headline", ["星河重工研发的大型盾构机通过专家鉴定", "星河重工发布新一代芯片"])
def test_a_kind_described_without_a_name_is_no_achievement(headline):
    x = extract_text(f"{headline}\n\n本报讯 日前，星河重工股份有限公司的新产品亮相。", "t.txt")
    assert ents(x, "Achievement") == set()


def test_a_titled_standard_two_partners_drew_up_is_their_achievement():
    x = extract_text("星河重工股份有限公司与星河大学联合编制的《盾构机施工安全技术规范》正式发布实施。", "t.txt")
    assert rels(x, "developed") == {("星河重工股份有限公司", "盾构机施工安全技术规范"), ("星河大学", "盾构机施工安全技术规范")}


def test_a_quoted_title_that_says_it_is_one_is_an_award():
    x = extract_text("星河科技有限公司2008年获某部授予的“全国绿色工厂示范企业称号”。", "t.txt")
    assert rels(x, "won") == {("星河科技有限公司", "全国绿色工厂示范企业称号")}


def test_a_quoted_work_that_also_wins_is_its_makers_prize():
    x = extract_text("星河科技有限公司的“智慧工厂解决方案”还荣获年度最佳解决方案奖。", "t.txt")
    assert ("Achievement", "智慧工厂解决方案") in ents(x, "Achievement")
    assert rels(x, "won") == {("星河科技有限公司", "年度最佳解决方案奖")}


def test_an_employer_the_tagger_marks_before_a_title_is_a_company_even_if_a_dictionary_word():
    x = extract_text("微软全球执行副总裁沈向洋表示，人工智能将深刻改变各行各业。", "t.txt")
    assert ("Company", "微软") in ents(x, "Company")


@pytest.mark.parametrize("text", ["相关权威协会和研究机构联合举办了论坛。", "多家专业机构参与了评估。"])
def test_a_description_before_an_institutional_ending_is_no_institution(text):
    assert ents(extract_text(text, "t.txt"), "Institution") == set()


@pytest.mark.parametrize("text, work", [
    ("星河智联科技股份有限公司以其自主研发的“寒川”冷链物联网平台为基础提供服务。", "“寒川”冷链物联网平台"),
    ("星河农业科技有限公司推出的“禾脑”智慧农场管理平台V3.0可调度200台农机。", "“禾脑”智慧农场管理平台V3.0"),
])
def test_a_quoted_name_and_its_kind_are_one_achievement_and_the_name_is_no_person(text, work):
    x = extract_text(text, "t.txt")
    assert ents(x, "Achievement") == {("Achievement", work)}
    assert ents(x, "Person") == set()


@pytest.mark.parametrize("text", ["总经理林庆和表示，公司将加大投入。", "林庆和表示，公司将加大投入。"])
def test_a_name_ending_in_he_before_a_verb_of_speech_keeps_it(text):
    assert ents(extract_text(text, "t.txt"), "Person") == {("Person", "林庆和")}


def test_a_name_and_he_before_another_name_is_still_two_people():
    assert ents(extract_text("总经理王伟和李娜表示支持。", "t.txt"), "Person") == {("Person", "王伟"), ("Person", "李娜")}


@pytest.mark.parametrize("text", ["滨江经开区党工委书记、管委会主任孙一鸣出席并见证签约。",
                                  "《2024中国AI眼镜产业发展白皮书》正式发布。白皮书预计，出货量将突破1000万副。"])
def test_an_organisation_or_a_document_before_a_title_or_a_verb_is_no_person(text):
    assert ents(extract_text(text, "t.txt"), "Person") <= {("Person", "孙一鸣")}


@pytest.mark.parametrize("text, orgs", [
    ("星河县城乡发展投资集团有限公司与中建五局第三建设有限公司签署总承包合同。",
     {"星河县城乡发展投资集团有限公司", "中建五局第三建设有限公司"}),
    ("北京大学物理学院与星河研究院签署协议。", {"北京大学物理学院", "星河研究院"}),
    ("中国物流与采购联合会发布报告。", {"中国物流与采购联合会"}),
])
def test_organisations_either_side_of_yu_and_one_named_after_two_fields(text, orgs):
    x = extract_text(text, "t.txt")
    names = {n for _, n in ents(x, "Company") | ents(x, "Institution")}
    assert orgs <= names
    assert not any("与" in n for n in names - orgs)


def test_people_credited_with_titled_works_under_a_prizes_heading_won_it_and_developed_them():
    x = extract_text("其余获奖项目如下：\n科技进步二等奖\n《星河隧道智能监测技术》 主要完成人：赵婧、李皓宇\n"
                     "技术发明二等奖\n《星河精密加工方法》 主要完成人：许峰\n青年科技奖方面，青年教师罗安然榜上有名。", "t.txt")
    assert rels(x, "won") >= {("赵婧", "科技进步二等奖"), ("李皓宇", "科技进步二等奖"), ("许峰", "技术发明二等奖")}
    assert rels(x, "developed") == {("赵婧", "星河隧道智能监测技术"), ("李皓宇", "星河隧道智能监测技术"), ("许峰", "星河精密加工方法")}


def test_a_consumer_product_with_a_latin_name_and_a_firm_that_announces_a_signing():
    x = extract_text("星河科技有限公司发布了新一代AI眼镜Nova X3。在渠道方面，星河科技有限公司宣布与京东零售签署战略合作协议。", "t.txt")
    assert rels(x, "developed") == {("星河科技有限公司", "Nova X3")}
    assert rels(x, "signedWith") == {("星河科技有限公司", "京东零售")}


def test_a_clause_that_goes_on_with_yu_keeps_the_subject_of_the_signing_before():
    x = extract_text("星河开发区管委会与上海星海生物医药集团签下中药项目合同，随后又与长沙华锐精密机械有限公司签约数控机床项目。", "t.txt")
    assert rels(x, "signedWith") == {("星河开发区管委会", "上海星海生物医药集团"), ("星河开发区管委会", "长沙华锐精密机械有限公司")}


@pytest.mark.parametrize("text, zone", [("中国化学工程第七建设有限公司与滨沭经开区签约生物基材料项目。", "滨沭经开区"),
                                        ("沭川市滨沭经济技术开发区重大项目集中签约仪式举行。", "滨沭经济技术开发区")])
def test_a_zone_named_after_a_place_the_lexicon_lacks_is_a_district(text, zone):
    assert ("District", zone) in ents(extract_text(text, "t.txt"), "District")


@pytest.mark.parametrize("text", ["该开发区发展迅速。", "加快建设高新区。", "全力打造示范区。"])
def test_a_zone_word_after_an_ordinary_word_is_no_district(text):
    assert ents(extract_text(text, "t.txt"), "District") == set()


def test_a_one_character_preposition_right_after_yu_begins_the_partners_name():
    x = extract_text("星河科技有限公司与顺达速运股份有限公司签署协议。", "t.txt")
    assert rels(x, "signedWith") == {("星河科技有限公司", "顺达速运股份有限公司")}


def test_a_measure_after_a_product_is_no_model_name():
    x = extract_text("星河科技有限公司自主研发的T-90物流无人机最大载重15公斤，航程可达30公里。", "t.txt")
    assert rels(x, "developed") == {("星河科技有限公司", "T-90物流无人机")}


def test_its_and_both_sides_as_developers():
    x = extract_text("星河智联科技股份有限公司与蓝海冷链物流集团有限公司签署战略合作协议。根据协议，星河智联科技股份有限公司将以其自主研发的"
                     "“寒川”冷链物联网平台为基础提供服务，双方还将联合开发新一代冷链数字孪生系统FrostTwin 2.0。", "t.txt")
    assert rels(x, "developed") == {("星河智联科技股份有限公司", "“寒川”冷链物联网平台"), ("星河智联科技股份有限公司", "FrostTwin 2.0"),
                                    ("蓝海冷链物流集团有限公司", "FrostTwin 2.0")}


def test_a_quote_that_goes_on_over_paragraphs_is_one_quote_per_paragraph_by_the_last_speaker():
    x = extract_text("“刚开始的时候，很多人不理解，还有人打电话投诉。我们就一栋楼一栋楼地去开说明会。\n"
                     "“现在不一样了，有老人专门在楼下等着看飞机来送药。”何远航笑着说。\n", "t.txt")
    assert quotes(x) == {("何远航", "刚开始的时候，很多人不理解，还有人打电话投诉。我们就一栋楼一栋楼地去开说明会。", "direct"),
                         ("何远航", "现在不一样了，有老人专门在楼下等着看飞机来送药。", "direct")}


@pytest.mark.parametrize("text, body", [
    ("湘潭县发展和改革局局长王伟介绍，项目进展顺利。", "湘潭县发展和改革局"),
    ("县农业农村局牵手益穗农业发展有限公司，双方将共同建设示范基地。", "县农业农村局"),
    ("国家市场监督管理局发布通知。", "国家市场监督管理局"),
])
def test_government_departments_with_joined_fields_or_before_a_signing_verb(text, body):
    assert ("Institution", body) in ents(extract_text(text, "t.txt"), "Institution")


def test_a_layout_word_ending_like_a_department_is_no_institution():
    assert ents(extract_text("优化产业布局，这一战略布局签约了多个项目。", "t.txt"), "Institution") == set()


@pytest.mark.parametrize("code", ["（300750.SZ）", "（600519）", "(00700.HK)", "（股票代码：002594）"])
def test_a_name_before_a_stock_code_is_a_listed_company_and_gong_si_stands_for_it(code):
    x = extract_text(f"星辰时代{code}12月1日晚间公告称，公司与蓝海汽车签署战略合作协议。", "t.txt")
    assert ("Company", "星辰时代") in ents(x, "Company")
    assert rels(x, "signedWith") == {("星辰时代", "蓝海汽车")}


def test_a_tagged_person_inside_a_companys_short_form_is_part_of_the_company():
    x = extract_text("雷沃智慧农业科技股份有限公司的谷神GN70智能收割机获得金奖。雷沃智慧农业总经理王桂民表示：“获奖是对我们的肯定。”", "t.txt")
    assert ents(x, "Person") == {("Person", "王桂民")}


def test_reported_words_end_where_a_direct_quote_takes_over():
    x = extract_text("副省长冯立新表示，省政府将成立工作专班，在项目审批、用地保障等方面给予全力支持，“我们对企业的承诺，就是一句话：有求必应。”", "t.txt")
    assert ("冯立新", "省政府将成立工作专班，在项目审批、用地保障等方面给予全力支持", "indirect") in quotes(x)


@pytest.mark.parametrize("text, kind, absent", [
    ("各乡镇（街道）和县级有关部门要落实责任。", "District", "和县"),
    ("星河科技股份有限公司发布公告。此外，公司控股子公司星河智能有限公司完成增资。", "Company", "公司"),
    ("星河云帆有限公司推出的Y-Arm 7协作机器人凭借0.02毫米的重复定位精度获得金奖。", "Achievement", "凭借0.02"),
])
def test_no_entity_from_a_level_a_bare_company_word_or_a_measure(text, kind, absent):
    assert (kind, absent) not in ents(extract_text(text, "t.txt"))


def test_a_head_noun_straddling_two_words_is_not_the_head():
    x = extract_text("公司自主研发的HTM-750系列车规级IGBT模块已于2023年通过AEC-Q101认证。", "t.txt")
    assert ents(x, "Achievement") == {("Achievement", "HTM-750系列车规级IGBT模块")}


def test_works_two_partners_completed_win_and_are_theirs_and_a_campus_in_brackets_is_part_of_the_name():
    x = extract_text("星河光擎激光技术股份有限公司与星河大学联合完成的“万瓦级光纤激光器关键技术及产业化”获技术发明奖一等奖；"
                     "中国地质大学（武汉）、星河楚源新材料科技有限公司共同完成的“磷石膏综合利用关键技术及应用”获科技进步奖一等奖。", "t.txt")
    assert ("Institution", "中国地质大学（武汉）") in ents(x, "Institution")
    assert rels(x, "developed") == {
        ("星河光擎激光技术股份有限公司", "万瓦级光纤激光器关键技术及产业化"), ("星河大学", "万瓦级光纤激光器关键技术及产业化"),
        ("中国地质大学（武汉）", "磷石膏综合利用关键技术及应用"), ("星河楚源新材料科技有限公司", "磷石膏综合利用关键技术及应用")}


def test_a_headquarters_is_no_institution():
    assert ents(extract_text("长兴与公司上海总部仅两个多小时车程。", "t.txt"), "Institution") == set()


@pytest.mark.parametrize("text, work", [("公司推出了智能助手“小衍”3.0。", "“小衍”3.0"), ("公司推出首款自研端侧AI芯片“衍芯”SY-A1。", "“衍芯”SY-A1")])
def test_a_quoted_name_keeps_its_version_or_model(text, work):
    assert ents(extract_text(text, "t.txt"), "Achievement") == {("Achievement", work)}


def test_a_name_before_cup_is_no_person():
    x = extract_text("本届博览会“智博杯”创新产品评选结果揭晓，星河科技有限公司获得金奖。", "t.txt")
    assert ents(x, "Person") == set()


def test_a_signing_announced_by_a_company_defined_by_a_short_name_and_a_speaker_who_evaluates():
    x = extract_text("星河华拓电子股份有限公司（以下简称“华拓电子”，603769.SH）发布公告称，公司与星河经济技术开发区管理委员会签署投资协议。"
                     "“这项工作最难得的地方，是把问题从源头上解决了。”星河大学材料学院教授刘振华评价说。", "t.txt")
    assert rels(x, "signedWith") == {("星河华拓电子股份有限公司", "星河经济技术开发区管理委员会")}
    assert quotes(x) == {("刘振华", "这项工作最难得的地方，是把问题从源头上解决了。", "direct")}


@pytest.mark.parametrize("text, person", [("董事长王伟荣获“全国劳动模范”称号。", "王伟"), ("董事长王伟荣获得一等奖。", "王伟荣"),
                                          ("王伟荣获一等奖。", "王伟")])
def test_a_name_ends_where_a_verb_of_winning_begins(text, person):
    x = extract_text(f"星河科技有限公司{text}", "t.txt")
    assert ents(x, "Person") == {("Person", person)}
    assert {w for w, _ in rels(x, "won")} == {person}


@pytest.mark.parametrize("text", ["华信科技有限公司在杭州市萧山区与蓝海物流有限公司签订了合作协议。",
                                  "华信科技有限公司于上海与蓝海物流有限公司签订了合作协议。",
                                  "华信科技有限公司在拓展海南市场时就同蓝海物流有限公司签订了合作协议。"])
def test_the_place_or_occasion_between_two_parties_is_no_party(text):
    x = extract_text(text, "t.txt")
    assert rels(x, "signedWith") == {("华信科技有限公司", "蓝海物流有限公司")}


@pytest.mark.parametrize("text", ["华泰证券与客户签约。", "星河科技有限公司与用户共同打造智能家居。", "星河科技与经销商签订合作协议。"])
def test_a_generic_counterpart_after_yu_is_no_partner_company(text):
    x = extract_text(text, "t.txt")
    assert not {n for t, n in ents(x, "Company")} & {"客户", "用户", "经销商"}
    assert rels(x, "signedWith") == set()


def test_a_bank_branch_named_yingyebu_is_one_company():
    x = extract_text("某县与市建设银行营业部签订融资合作协议。", "t.txt")
    assert ("Company", "市建设银行营业部") in ents(x, "Company")


@pytest.mark.parametrize("text", ["国内另一家民营企业泰和集团，也把目光瞄准了海外。", "泰和集团计划收购这家矿业公司。"])
def test_he_right_before_a_group_ending_can_be_part_of_a_two_character_name(text):
    assert ("Company", "泰和集团") in ents(extract_text(text, "t.txt"), "Company")


@pytest.mark.parametrize("text", ["王伟和集团领导座谈。", "他和集团的同事一起出发。"])
def test_he_after_a_name_or_pronoun_still_ends_the_name_on_its_left(text):
    assert ents(extract_text(text, "t.txt"), "Company") == set()


@pytest.mark.parametrize("text", ["星河科技有限公司与集团签约。", "星河科技有限公司和集团公司签约。"])
def test_an_ending_alone_after_yu_is_no_partner_company(text):
    x = extract_text(text, "t.txt")
    assert {n for _, n in ents(x, "Company")} == {"星河科技有限公司"}


LISTED_FIRMS = ("星河新材（603999.SH）发布公告称，公司与蓝海电气（002999.SZ）签署合资协议。\n"
                "星河新材全称江苏星河新材料股份有限公司，主营正极材料。今年3月，星河新材与宁川动力电池有限公司达成供货协议；"
                "5月，公司又与浙江青禾电力工程有限公司签下采购合同。\n"
                "蓝海电气方面，公司近日牵手马来西亚森林能源集团，双方签署战略合作备忘录。\n")


def test_a_full_name_given_after_a_short_one_is_the_same_company():
    x = extract_text(LISTED_FIRMS, "t.txt")
    firm = [e for e in x.entities if e.name == "江苏星河新材料股份有限公司"]
    assert firm and "星河新材" in firm[0].aliases
    assert not any(e.name.endswith("SH）") or "全称" in e.name for e in x.entities)


def test_gongsi_opening_a_clause_stands_for_the_company_the_paragraph_is_about():
    x = extract_text(LISTED_FIRMS, "t.txt")
    assert {("江苏星河新材料股份有限公司", "浙江青禾电力工程有限公司"),
            ("江苏星河新材料股份有限公司", "宁川动力电池有限公司")} <= rels(x, "signedWith")
    assert any(a.startswith("蓝海电气") and b == "马来西亚森林能源集团" for a, b in rels(x, "signedWith"))
    assert "公司" not in {a for e in x.entities for a in e.aliases}


CONTEST = ("第三届“星河杯”创新大赛落幕\n"
           "一等奖：湖南青芯感知科技有限公司“激光雷达芯片”项目；二等奖：长沙蓝维医疗机器人有限公司“手术机器人”项目、"
           "湖南绿禾新材料有限公司“可降解包装材料”项目。\n"
           "颁奖仪式后，青芯感知、蓝维医疗、绿禾新材等7个获奖项目现场与岳麓区签订落户协议。\n")


def test_short_names_in_a_list_with_a_known_one_and_the_list_closed_by_deng_sign():
    x = extract_text(CONTEST, "t.txt")
    assert {("湖南青芯感知科技有限公司", "岳麓区"), ("长沙蓝维医疗机器人有限公司", "岳麓区"),
            ("湖南绿禾新材料有限公司", "岳麓区")} <= rels(x, "signedWith")


def test_a_contest_named_after_a_cup_is_no_company():
    assert "星河" not in {n for _, n in ents(extract_text(CONTEST, "t.txt"), "Company")}


def test_a_common_noun_ending_like_a_department_is_no_parent_of_a_unit():
    x = extract_text("一些项目已经拿到了头部车企和医院的订单。", "t.txt")
    assert not any("车企" in n for _, n in ents(x))


PRIZE_TABLE = ("2024年度某省科学技术奖揭晓\n"
               "部分获奖项目名单如下：\n"
               "一等奖\n"
               "城市管网智能感知与风险预警关键技术（主要完成单位：浙江大学、浙江城宁数智科技有限公司；主要完成人：何振宇、郭晓彤）\n"
               "《茶树品质性状形成机制与分子育种应用》（主要完成单位：中国农业科学院茶叶研究所；主要完成人：吕文涛）\n"
               "二等奖\n"
               "“电驱系统高效冷却技术及应用”（主要完成单位：温州瑞丰汽车部件有限公司、温州大学；主要完成人：黄建新）\n")


def test_units_and_people_credited_in_brackets_under_a_grade_heading_won_and_developed():
    x = extract_text(PRIZE_TABLE, "t.txt")
    won = rels(x, "won")
    assert {("浙江大学", "一等奖"), ("浙江城宁数智科技有限公司", "一等奖"), ("中国农业科学院茶叶研究所", "一等奖"),
            ("温州瑞丰汽车部件有限公司", "二等奖"), ("温州大学", "二等奖"), ("何振宇", "一等奖")} <= won
    assert ("温州大学", "一等奖") not in won
    assert {("浙江大学", "城市管网智能感知与风险预警关键技术"),
            ("中国农业科学院茶叶研究所", "茶树品质性状形成机制与分子育种应用"),
            ("温州瑞丰汽车部件有限公司", "电驱系统高效冷却技术及应用")} <= rels(x, "developed")


def test_a_division_name_that_starts_inside_a_word_is_no_district():
    x = extract_text("集团将把新项目作为华东区域的核心制造基地，落户萧山区。", "t.txt")
    assert {n for _, n in ents(x, "District")} == {"萧山区"}


@pytest.mark.parametrize("text, product", [("据介绍，德国福斯曼传动技术公司此次供货的FT-450型牵引齿轮箱已投入运行。", "FT-450型牵引齿轮箱"),
                                           ("星河重工发布了XC-900型全地形起重机。", "XC-900型全地形起重机")])
def test_a_model_code_and_xing_before_a_kind_name_a_product_and_its_maker(text, product):
    x = extract_text(text, "t.txt")
    assert ("Achievement", product) in ents(x, "Achievement")
    assert len(rels(x, "developed")) == 1 and {o for _, o in rels(x, "developed")} == {product}


def test_a_foreign_firm_goes_by_its_transliterated_name():
    x = extract_text("常州华轨车辆有限公司与德国福斯曼传动技术公司签约。福斯曼将在常州设立服务中心。", "t.txt")
    firm = [e for e in x.entities if e.name == "德国福斯曼传动技术公司"]
    assert firm and "福斯曼" in firm[0].aliases
    assert ents(x, "Person") == set()


@pytest.mark.parametrize("text, orgs", [("去年对欧出口额占公司总营收的近四成。", set()),
                                        ("公司已组建应诉团队，并委托律师事务所准备应诉材料。", set()),
                                        ("希望欧方恪守世贸组织规则。", {"世贸组织"}),
                                        ("由中国电子学会组织的评审结果公布。", {"中国电子学会"})])
def test_a_verb_before_an_ending_or_a_known_name_ends_the_name_on_its_left(text, orgs):
    assert {n for _, n in ents(extract_text(text, "t.txt"))} == orgs


def test_a_team_named_in_quotes_after_its_university_is_an_institution_that_wins():
    x = extract_text("此外，清华大学“零排放水处理”团队和浙江大学“智慧装备”团队共同获得“年度产学研合作奖”。", "t.txt")
    teams = {"清华大学“零排放水处理”团队", "浙江大学“智慧装备”团队"}
    assert teams <= {n for _, n in ents(x, "Institution")}
    # and what the team wins, its university wins (teams_credit_their_organisations)
    assert {w for w, _ in rels(x, "won")} == teams | {"清华大学", "浙江大学"}


LAUNCH = ("星澜科技发布“星河”X7 Pro 自研芯片LX-900同步亮相\n\n"
          "9月10日，深圳星澜科技有限公司正式发布旗舰手机“星河”X7 Pro、平板电脑星河Pad 3以及自研影像芯片LX-900。\n"
          "此外，公司还推出了智能手表LT-200和无线耳机LT Buds 2。\n"
          "系统的核心软件HydroSense水情分析平台由江苏省农业科学院智能农业研究所自主开发，"
          "FlowPilot智能调度引擎则由南京禾丰智能科技有限公司研制。\n")


def test_every_named_item_of_a_launch_list_after_its_kind_is_a_product_of_the_firm():
    x = extract_text(LAUNCH, "t.txt")
    products = {"“星河”X7 Pro", "星河Pad 3", "LX-900", "LT-200", "LT Buds 2"}
    assert products <= {n for _, n in ents(x, "Achievement")}
    assert not any("自研" in n for _, n in ents(x, "Achievement"))
    assert {("深圳星澜科技有限公司", p) for p in products} <= rels(x, "developed")


def test_a_named_work_before_you_and_its_maker_was_made_by_that_maker_not_the_next_work():
    x = extract_text(LAUNCH, "t.txt")
    dev = rels(x, "developed")
    assert ("江苏省农业科学院智能农业研究所", "HydroSense水情分析平台") in dev
    assert ("南京禾丰智能科技有限公司", "FlowPilot智能调度引擎") in dev
    assert ("江苏省农业科学院智能农业研究所", "FlowPilot智能调度引擎") not in dev


@pytest.mark.parametrize("text, name", [("签约仪式上，开发区管委会分别与浙江衡川智能装备有限公司、芯瑞半导体签订投资协议。", "芯瑞半导体"),
                                        ("参加对接会的还有上海申合轨道科技有限公司、株洲恒川电缆等企业。", "株洲恒川电缆")])
def test_a_short_name_with_its_trade_listed_next_to_a_company_is_a_company(text, name):
    assert ("Company", name) in ents(extract_text(text, "t.txt"), "Company")


def test_an_ordinary_word_with_a_trade_in_a_list_is_no_company():
    assert ents(extract_text("参会的有华为、普通电子等单位。", "t.txt"), "Company") <= {("Company", "华为")}


@pytest.mark.parametrize("text, brands", [("目前，金焰、森川、亿厨等品牌都在加大研发投入。", {"金焰", "森川", "亿厨"}),
                                          ("参会的有华为、小米、OPPO等品牌。", {"华为", "小米", "OPPO"}),
                                          ("价格、质量等企业关心的问题。", set()),
                                          ("王伟、李强等企业家出席。", set())])
def test_names_listed_before_deng_pinpai_are_companies(text, brands):
    assert {n for _, n in ents(extract_text(text, "t.txt"), "Company")} == brands


def test_a_list_of_titles_before_deng_chenghao_are_awards_won():
    x = extract_text("近年来，浙江星林厨具股份有限公司先后获得国家级专精特新“小巨人”企业、浙江省“隐形冠军”企业等称号。", "t.txt")
    assert rels(x, "won") == {("浙江星林厨具股份有限公司", "专精特新“小巨人”企业"),
                              ("浙江星林厨具股份有限公司", "浙江省“隐形冠军”企业")}


FARMERS = ("果农当起带货主播\n\n"
           "今年56岁的郭长平种了二十多年猕猴桃，村里人都叫他“老郭”。说起这两年的变化，他打开了话匣子：“前些年果子不愁种，就愁卖。"
           "客商来了使劲压价。\n“去年跟着合作社学直播，第一场就卖了两百多单。”\n"
           "合作社理事长张秀云介绍，合作社目前有社员326户。\n"
           "村民赵小红在一旁接过话头：“我们还把果园拍成短视频，粉丝多了，回头客也就多了。”\n"
           "据县商务局局长刘志明介绍，全县已建成电商服务站86个。\n"
           "傍晚时分，老郭又打开了直播间。“今天再卖一百单，新建冷库的钱就差不多挣回来了。”他说。\n")


def test_quotes_of_a_feature_after_a_pronoun_a_description_or_a_nickname():
    got = {(s, t) for s, t, _ in quotes(extract_text(FARMERS, "t.txt"))}
    assert ("郭长平", "前些年果子不愁种，就愁卖。客商来了使劲压价。") in got
    assert ("郭长平", "去年跟着合作社学直播，第一场就卖了两百多单。") in got
    assert ("赵小红", "我们还把果园拍成短视频，粉丝多了，回头客也就多了。") in got
    assert ("郭长平", "今天再卖一百单，新建冷库的钱就差不多挣回来了。") in got


def test_lao_and_a_surname_name_the_one_person_with_that_surname():
    x = extract_text(FARMERS, "t.txt")
    assert "老郭" in next(e for e in x.entities if e.name == "郭长平").aliases


INTERVIEW = ("专访董事长\n\n"
             "在陈茂森看来，行业已经进入了“拼技术、拼服务”的下半场。对于公司的应对之道，他有着自己的判断。\n"
             "“过去我们靠经销商铺网点，一个县城开一家店就能卖得很好。\n"
             "“所以这三年我们把营收的5%以上都投到了研发上。”\n")


def test_a_quote_over_paragraphs_with_no_speaker_goes_on_from_the_paragraph_before():
    got = {(s, t) for s, t, _ in quotes(extract_text(INTERVIEW, "t.txt"))}
    assert {("陈茂森", "过去我们靠经销商铺网点，一个县城开一家店就能卖得很好。"),
            ("陈茂森", "所以这三年我们把营收的5%以上都投到了研发上。")} <= got


def test_a_model_code_and_its_kind_after_tuichu_de_is_the_product():
    x = extract_text("记者在展厅看到，星林厨具有限公司去年推出的M9蒸烤一体集成灶噪音降低了8分贝。", "t.txt")
    assert rels(x, "developed") == {("星林厨具有限公司", "M9蒸烤一体集成灶")}


def test_a_journal_a_paper_appeared_in_is_neither_a_work_nor_an_organisation():
    x = extract_text("星河大学研究团队发表了论文《配电网故障快速定位方法》，发表在《中国电机工程学报》上。", "t.txt")
    assert not any("学报" in n for _, n in ents(x))


def test_a_subsidiary_that_signs_on_behalf_of_its_group_is_the_party():
    x = extract_text("值得关注的是，合肥鼎川精工科技有限公司作为浙江鼎川控股集团全资子公司，代表集团与肥东县签署了项目合作协议。", "t.txt")
    assert rels(x, "signedWith") == {("合肥鼎川精工科技有限公司", "肥东县")}


def test_models_of_a_product_line_in_one_launch_list_stay_apart():
    x = extract_text("9月10日，深圳星衍科技有限公司正式发布新一代AI智能眼镜StarLens X3及StarLens X3 Pro。", "t.txt")
    assert {("深圳星衍科技有限公司", "StarLens X3"), ("深圳星衍科技有限公司", "StarLens X3 Pro")} <= rels(x, "developed")


def test_a_model_code_with_a_prefix_before_its_kind():
    x = extract_text("苏州清川环境科技股份有限公司自主研发的QY-9000型超低氮燃烧器获得创新产品奖。", "t.txt")
    assert ("Achievement", "QY-9000型超低氮燃烧器") in ents(x, "Achievement")


def test_a_project_led_by_one_with_partners_and_its_credited_people_developed_it():
    x = extract_text("星河大学赵振东教授团队完成的“星载雷达成像关键技术及应用”项目荣获一等奖。\n"
                     "该项目由星河大学牵头，联合中国空间技术研究院、航天宏图信息技术股份有限公司共同完成，"
                     "主要完成人包括赵振东、孙悦然等。\n", "t.txt")
    work = "星载雷达成像关键技术及应用"
    assert {("星河大学", work), ("中国空间技术研究院", work), ("航天宏图信息技术股份有限公司", work),
            ("孙悦然", work)} <= rels(x, "developed")


@pytest.mark.parametrize("text, pair", [("台湾方面，富士康科技集团（鸿海）与宁德时代签约采购储能电池。", ("富士康科技集团", "宁德时代")),
                                        ("中兴通讯与联发科达成5G芯片长期供货协议。", ("中兴通讯", "联发科"))])
def test_partners_named_from_a_place_after_a_bracket_and_dacheng_he_zuo(text, pair):
    assert pair in rels(extract_text(text, "t.txt"), "signedWith")


def test_a_counted_list_of_new_products_is_one_product_per_item_of_the_brand():
    x = extract_text("3月20日，星海智家旗下高端品牌卡萨迪在E1馆举行新品发布会，一次推出银河AI冰箱G7、“云珠”M9洗烘套装、"
                     "星悦Pro 2空调以及“揽光”系列厨电四款新品。\n图为观众在卡萨迪展台体验银河AI冰箱G7。\n", "t.txt")
    products = {"银河AI冰箱G7", "“云珠”M9洗烘套装", "星悦Pro 2空调", "“揽光”系列厨电"}
    assert products <= {n for _, n in ents(x, "Achievement")}
    assert ("卡萨迪", "银河AI冰箱G7") in rels(x, "developed")
    assert not any("体验" in n for _, n in ents(x)) and ("Person", "卡萨迪") not in ents(x)


def test_a_latin_name_and_a_short_name_in_one_bracket_are_the_firms_aliases():
    x = extract_text("星河科技股份有限公司与德国福斯曼传动技术有限公司（Fossmann Antriebstechnik GmbH，下称“福斯曼”）"
                     "签订采购合同。福斯曼成立于1962年。", "t.txt")
    (firm,) = [e for e in x.entities if e.type == "Company" and "福斯曼" in e.name]
    assert {"福斯曼", "福斯曼传动技术有限公司"} <= firm.aliases
    assert not [e for e in x.entities if e.name.startswith("Fossmann")]
    assert ("星河科技股份有限公司", firm.name) in rels(x, "signedWith")


def test_a_works_name_ends_before_a_verb_of_winning():
    x = extract_text("星河科技股份有限公司自主研发的HT-300E高刚性RV减速器获评浙江省首台（套）装备。", "t.txt")
    assert ents(x, "Achievement") == {("Achievement", "HT-300E高刚性RV减速器")}


def test_products_named_by_a_model_code_and_their_kind_are_launched_achievements():
    x = extract_text("开幕当天，星岚科技一口气发布三款新品：KX-3000七轴工业协作机器人、星衡Pro 2视觉检测平台。"
                     "据介绍，KX-3000负载达30公斤。", "t.txt")
    assert ents(x, "Achievement") == {("Achievement", "KX-3000七轴工业协作机器人"), ("Achievement", "星衡Pro 2视觉检测平台")}
    assert ents(x, "Company") == {("Company", "星岚科技")}
    assert rels(x, "developed") == {("星岚科技", "KX-3000七轴工业协作机器人"), ("星岚科技", "星衡Pro 2视觉检测平台")}
    (robot,) = [e for e in x.entities if e.name.startswith("KX-3000")]
    assert "KX-3000" in robot.aliases and len(robot.mentions) == 2


@pytest.mark.parametrize("text", ["公司通过了ISO9001认证。", "G20峰会在杭州举行。", "KX-3000负载达30公斤。"])
def test_a_code_without_a_product_kind_is_no_achievement(text):
    assert ents(extract_text(text, "t.txt"), "Achievement") == set()


def test_winners_listed_as_works_with_their_units_in_brackets_win_and_made_them():
    x = extract_text("星河杯创新大赛落幕\n\n获奖名单如下：\n"
                     "一等奖：“星河”设备健康管理平台（杭州星河数智科技有限公司）；柔性产线协同控制系统（上海蓝海信息技术有限公司、东方工学院）\n"
                     "二等奖：\n纺织印染能耗优化云平台（绍兴青禾科技有限公司）\n", "t.txt")
    assert rels(x, "won") == {("杭州星河数智科技有限公司", "一等奖"), ("上海蓝海信息技术有限公司", "一等奖"),
                              ("东方工学院", "一等奖"), ("绍兴青禾科技有限公司", "二等奖")}
    assert ("东方工学院", "柔性产线协同控制系统") in rels(x, "developed")
    assert ("绍兴青禾科技有限公司", "纺织印染能耗优化云平台") in rels(x, "developed")


def test_a_city_before_its_district_says_where_the_district_is():
    x = extract_text("星河产业联盟还与嘉兴市南湖区签署协议。", "t.txt")
    assert rels(x, "signedWith") == {("星河产业联盟", "南湖区")}
    assert ents(x, "District") == {("District", "南湖区")}


@pytest.mark.parametrize("text, name", [
    ("星河能源服务有限公司与昆山市人民政府签署协议。", "星河能源服务有限公司"),
    ("远航集团旗下另一家子公司远航智慧能源服务有限公司与昆山市人民政府签署协议。", "远航智慧能源服务有限公司"),
])
def test_a_trade_before_the_legal_ending_is_part_of_the_name(text, name):
    x = extract_text(text, "t.txt")
    assert (name, "昆山市人民政府") in rels(x, "signedWith")
    assert not [e for e in x.entities if "一家" in e.name]


def test_a_verb_of_serving_before_a_name_is_not_part_of_it():
    assert ents(extract_text("公司将全力服务星河科技有限公司的发展。", "t.txt"), "Company") == {("Company", "星河科技有限公司")}


def test_a_party_then_an_earlier_time_and_with():
    x = extract_text("苏州星河传动科技股份有限公司（下称“星河传动”）此前也与意大利蓝海自动化集团（Bluesea Automazione）签署了三年期供货协议。", "t.txt")
    assert rels(x, "signedWith") == {("苏州星河传动科技股份有限公司", "蓝海自动化集团")}


def test_a_lecture_hall_where_a_ceremony_is_held_is_no_organisation():
    x = extract_text("星河大学与蓝海科技有限公司签约仪式在学校科技楼报告厅举行。", "t.txt")
    assert ents(x, "Institution") | ents(x, "Company") == {("Institution", "星河大学"), ("Company", "蓝海科技有限公司")}


@pytest.mark.parametrize("text", ["清晨六点，星河县石门镇的稻田里还笼着一层薄雾。", "新车搭载1.5T增程器和52.6度电池。"])
def test_a_common_noun_and_a_place_word_or_a_piece_of_a_word_is_no_person(text):
    assert ents(extract_text(text, "t.txt"), "Person") == set()


def test_a_name_before_a_verb_of_taking_part_ends_before_it():
    x = extract_text("东方工学院信息工程系主任柯蔓参与了项目的研发。", "t.txt")
    assert ents(x, "Person") == {("Person", "柯蔓")}


def test_a_university_together_with_a_company_are_two_developers_of_the_quoted_system():
    x = extract_text("星岳理工大学联合中铁重工装备有限公司研发的“掘智”盾构智能掘进控制系统已在多条线路应用。", "t.txt")
    assert rels(x, "developed") == {("星岳理工大学", "“掘智”盾构智能掘进控制系统"),
                                    ("中铁重工装备有限公司", "“掘智”盾构智能掘进控制系统")}


def test_a_company_named_by_brand_and_trade_goes_by_its_brand():
    x = extract_text("星澜汽车总裁韩峥发布了新车。韩峥表示，星澜今年的销量目标是15万辆。", "t.txt")
    (company,) = [e for e in x.entities if e.type == "Company"]
    assert company.name == "星澜汽车" and len(company.mentions) == 2


def test_a_direct_quote_closing_reported_speech_with_a_quoted_term_is_the_speakers():
    x = extract_text("星河研究院院长周立新介绍，新一代“灵眸”采用端到端架构，支持全场景辅助驾驶，"
                     "“今年三季度，我们将把领航功能推送给所有城市的用户”。", "t.txt")
    assert quotes(x) == {("周立新", "今年三季度，我们将把领航功能推送给所有城市的用户", "direct"),
                         ("周立新", "新一代“灵眸”采用端到端架构，支持全场景辅助驾驶", "indirect")}


def test_a_pronoun_opening_the_sentence_is_the_speaker_whatever_comes_before_the_verb():
    x = extract_text("傍晚时分，周福全的无人机完成了最后一个架次。他把电池拆下来充电，笑着对记者说：“等明年新机器出来，我还想再添一台。”", "t.txt")
    assert quotes(x) == {("周福全", "等明年新机器出来，我还想再添一台。", "direct")}


def test_a_quoted_name_before_its_kind_is_a_product_wherever_it_stands_and_one_entity():
    x = extract_text("作为星河的明星产品，“星斗”双面发电组件也出现在了展台。“星斗”高效双面发电组件已通过认证。", "t.txt")
    (product,) = [e for e in x.entities if e.type == "Achievement"]
    assert product.name.startswith("“星斗”") and "星斗" in product.aliases


@pytest.mark.parametrize("text", ["推行“最多跑一次”服务。", "完善“放管服”改革体系。"])
def test_a_quoted_slogan_before_an_abstract_head_is_no_product(text):
    assert ents(extract_text(text, "t.txt"), "Achievement") == set()


def test_a_quoted_product_listed_after_another_is_launched_too():
    x = extract_text("星河智控科技有限公司则发布了DF-M8系列伺服驱动器和“灵动”运动控制平台。", "t.txt")
    assert rels(x, "developed") == {("星河智控科技有限公司", "DF-M8系列伺服驱动器"), ("星河智控科技有限公司", "“灵动”运动控制平台")}


def test_both_sides_of_a_signing_develop_and_win_together():
    x = extract_text("星河理工大学与启明智能制造股份有限公司签署战略合作协议。\n汪立诚院士担任星河学术委员会主任。"
                     "2019年起，双方团队就联合研发了“锐眼”焊缝视觉跟踪系统，该系统去年获得省科学技术进步奖一等奖。", "t.txt")
    sides = {"星河理工大学", "启明智能制造股份有限公司"}
    assert rels(x, "developed") == {(s, "“锐眼”焊缝视觉跟踪系统") for s in sides}
    assert rels(x, "won") == {(s, "省科学技术进步奖一等奖") for s in sides}


def test_a_banks_head_office_is_the_bank():
    x = extract_text("星河银行股份有限公司（下称“星河银行”）与昆山市人民政府签署协议。星河银行总行将给予政策支持。", "t.txt")
    (bank,) = [e for e in x.entities if e.type == "Company"]
    assert "星河银行总行" in bank.aliases


def test_a_product_named_in_latin_letters_is_the_product_wherever_it_occurs():
    x = extract_text("星河大学与蓝海网络科技有限公司联合研发的实时图计算系统StarGraph完成上线。"
                     "StarGraph由实验室主任方启明牵头研发。方启明说，StarGraph的很多设计都是在压测中打磨出来的。", "t.txt")
    assert not ents(x, "Company") - {("Company", "蓝海网络科技有限公司")}
    (product,) = [e for e in x.entities if e.type == "Achievement"]
    assert product.name == "StarGraph" and len(product.mentions) == 3


@pytest.mark.parametrize("text, absent", [
    ("星河文旅运营管理有限公司还与婺源县人民政府签订了“星河田园”项目投资协议。", "星河田园"),
])
def test_a_quoted_projects_name_is_no_organisation(text, absent):
    assert absent not in {e.name for e in extract_text(text, "t.txt").entities}


def test_a_scholarship_is_the_whole_prize():
    x = extract_text("博士研究生郑一鸣获得研究生国家奖学金。", "t.txt")
    assert rels(x, "won") == {("郑一鸣", "研究生国家奖学金")}


def test_a_farming_cooperative_named_after_its_district_is_one_company():
    x = extract_text("南阳市卧龙区星川种植专业合作社与许昌沃野智能装备有限公司签订采购合同。", "t.txt")
    assert rels(x, "signedWith") == {("南阳市卧龙区星川种植专业合作社", "许昌沃野智能装备有限公司")}


def test_a_development_group_goes_by_its_name_without_the_industry_word():
    x = extract_text("星岫文旅发展集团有限公司与江西省文化和旅游厅签署协议。星岫文旅集团董事长韩牧之致辞。", "t.txt")
    (group,) = [e for e in x.entities if e.type == "Company"]
    assert "星岫文旅集团" in group.aliases and len(group.mentions) == 2


def test_units_named_as_co_winners_win_the_prize_won_before():
    x = extract_text("星河研究院团队完成的“水稻新品种选育”项目荣获湖北省科学技术进步奖一等奖。"
                     "该项目由研究院首席专家黎崇山主持，星河农业大学、湖北星穗种业股份有限公司为共同获奖单位。", "t.txt")
    assert {("星河农业大学", "湖北省科学技术进步奖一等奖"), ("湖北星穗种业股份有限公司", "湖北省科学技术进步奖一等奖")} <= rels(x, "won")


def test_quoted_names_listed_after_a_verb_of_breeding_are_achievements():
    x = extract_text("星河研究院项目团队先后选育出“星香优8号”“荆星36”等8个优质抗逆水稻新品种。", "t.txt")
    assert ents(x, "Achievement") == {("Achievement", "星香优8号"), ("Achievement", "荆星36")}


def test_a_brand_and_a_model_code_name_the_brands_product_and_variants_alone_do_not():
    x = extract_text("星澜汽车发布了新车星澜L7。新车推出Max、Ultra两个版本。", "t.txt")
    assert ents(x, "Achievement") == {("Achievement", "星澜L7")}
    assert rels(x, "developed") == {("星澜汽车", "星澜L7")}


def test_an_abbreviation_of_a_parent_and_its_branch_is_the_parent():
    x = extract_text("陇西县人民政府与中国农业发展银行甘肃省分行签署协议。农发行将提供贷款。中国农业发展银行是政策性银行。", "t.txt")
    (parent,) = [e for e in x.entities if e.name == "中国农业发展银行"]
    assert "农发行" in parent.aliases


def test_a_top_ten_listing_is_an_award():
    x = extract_text("深圳星光储能科技股份有限公司获评年度储能系统集成商十强。", "t.txt")
    assert rels(x, "won") == {("深圳星光储能科技股份有限公司", "年度储能系统集成商十强")}


@pytest.mark.parametrize("text, name, latin", [
    ("星河储能科技有限公司与丹麦能源公司北星能源（Nordstar Energi）签下供货合同。", "北星能源", "Nordstar Energi"),
    ("无锡星远数控机床有限公司则签下马来西亚金星重工（Golden Star Heavy Industries）的订单。", "金星重工", "Golden Star Heavy Industries"),
])
def test_a_foreign_firm_named_after_its_country_and_in_latin_letters_is_a_company(text, name, latin):
    x = extract_text(text, "t.txt")
    (firm,) = [e for e in x.entities if e.name == name]
    assert firm.type == "Company" and latin in firm.aliases
    assert not [e for e in x.entities if e.name.startswith(("丹麦", "马来西亚"))]


def test_a_phrase_between_tong_and_a_verb_is_no_partner():
    x = extract_text("渣打银行已与香港证监会达成协议，向未获渣打给予同等对待的合资格客户付款。", "t.txt")
    assert not [e for e in x.entities if "对待" in e.name]


def test_a_numbered_prize_heading_then_a_work_and_its_credits_line_by_line():
    x = extract_text("2024年度某省科学技术奖获奖名单\n\n近日，某省人民政府印发奖励决定，另有1人获某省科学技术杰出贡献奖。现将部分获奖名单摘录如下。\n"
                     "一、自然科学奖一等奖\n项目名称：复杂岩溶地层渗流失稳机理\n主要完成单位：星湘工业大学、蓝海地质研究院\n"
                     "主要完成人：罗湘君、钟昊然\n二、技术发明奖一等奖\n1.项目名称：碳陶制动盘近净成形制备技术\n"
                     "主要完成单位：株洲星远新材料科技有限公司\n主要完成人：彭立坤\n", "t.txt")
    won = rels(x, "won")
    assert {("星湘工业大学", "自然科学奖一等奖"), ("蓝海地质研究院", "自然科学奖一等奖"), ("罗湘君", "自然科学奖一等奖"),
            ("株洲星远新材料科技有限公司", "技术发明奖一等奖"), ("彭立坤", "技术发明奖一等奖")} <= won
    assert ("星湘工业大学", "复杂岩溶地层渗流失稳机理") in rels(x, "developed")
    assert not [r for r in won if r[0] == "某省人民政府"]


def test_an_ordinal_before_a_units_own_ending_is_part_of_the_name():
    x = extract_text("星联能建第四工程局有限公司与玉门昌马抽水蓄能有限公司签约。", "t.txt")
    assert rels(x, "signedWith") == {("星联能建第四工程局有限公司", "玉门昌马抽水蓄能有限公司")}


@pytest.mark.parametrize("text, product", [
    ("江苏星岩重工股份有限公司发布了HRD-30高频液压凿岩机。", "HRD-30高频液压凿岩机"),
    ("苏州星宸医疗科技股份有限公司推出RQ-Scan 800眼底成像系统。", "RQ-Scan 800眼底成像系统"),
])
def test_a_model_code_with_a_word_or_before_a_machine_names_the_product(text, product):
    assert ents(extract_text(text, "t.txt"), "Achievement") == {("Achievement", product)}


def test_a_rural_commercial_bank_goes_by_its_contracted_name():
    x = extract_text("星河村合作社与江西星韵农村商业银行寻乌支行签约。星韵农商银行寻乌支行将提供贷款。", "t.txt")
    (branch,) = [e for e in x.entities if e.name.endswith("支行")]
    assert branch.name == "江西星韵农村商业银行寻乌支行" and "星韵农商银行寻乌支行" in branch.aliases
    assert len([e for e in x.entities if e.name.endswith("银行")]) <= 1  # the parent bank, once


def test_a_headline_names_a_fair_and_a_foreign_firm_not_an_organisation_and_a_person():
    x = extract_text("星岩重工徐州展会首发三款新品 携手芬兰诺德维克攻关智能凿岩\n\n"
                     "诺德维克亚太区副总裁米卡·拉赫蒂宁（Mika Lahtinen）在签约后表示，合作前景广阔。", "t.txt")
    names = {e.name for e in x.entities}
    assert not names & {"星岩重工徐州展会", "芬兰诺德维克", "Mika Lahtinen"}
    assert ("Person", "米卡·拉赫蒂宁") in ents(x, "Person")


def test_titles_conferred_are_awards_not_organisations():
    x = extract_text("此前，星峰股份已先后获评国家级专精特新“小巨人”企业和浙江省绿色工厂。公司董事长沈敬之入选“年度匠心人物”。", "t.txt")
    assert rels(x, "won") == {("星峰股份", "国家级专精特新“小巨人”企业"), ("星峰股份", "浙江省绿色工厂"), ("沈敬之", "年度匠心人物")}
    assert ents(x, "Company") == {("Company", "星峰股份")}


def test_a_foreign_firm_in_latin_letters_after_its_country_and_trade_signs():
    x = extract_text("今年以来，星珀日用品已与墨西哥零售商Grupo Casaverde签订年度供货协议。", "t.txt")
    assert rels(x, "signedWith") == {("星珀日用品", "Grupo Casaverde")}


def test_a_conferences_prize_is_named_without_the_conference():
    x = extract_text("周启航教授团队的论文《星河正极材料机制研究》荣获大会优秀论文一等奖。", "t.txt")
    (award,) = [e for e in x.entities if e.type == "Award"]
    assert "优秀论文一等奖" in {award.name} | award.aliases


def test_a_new_area_is_a_district_whatever_its_level():
    x = extract_text("星河集团与蓝海城发集团签署协议，助力雄安新区建设。", "t.txt")
    assert ("District", "雄安新区") in ents(x, "District")


@pytest.mark.parametrize("text", ["星河队的姚健首次入选国家集训队。", "文昌看守所被评为10个“全国模范看守所”之一。",
                                  "本届电影节将对入选的华语故事片、外语故事片进行评奖。"])
def test_a_team_a_list_or_a_relative_clause_after_a_designating_verb_is_no_title(text):
    assert ents(extract_text(text, "t.txt"), "Award") == set()


@pytest.mark.parametrize("text", ["星河WCG2011北京赛区项目最终名次。", "PC和Xbox360两个平台合计售出250万套。"])
def test_an_events_year_code_or_a_counted_kind_names_no_product(text):
    assert ents(extract_text(text, "t.txt"), "Achievement") == set()


@pytest.mark.parametrize("text", ["英国伦敦的Candella宣布了一款新作。", "美军被投送至中亚地区Takistan以重建和平。",
                                  "游戏纪念去世的英国拉力赛车手科林麦克雷(Colin McRae)。"])
def test_a_place_or_a_person_with_a_latin_name_is_no_foreign_firm(text):
    x = extract_text(text, "t.txt")
    assert not [m for e in x.entities for m in e.mentions if m.rule == "foreign-firm"]


def test_a_foreign_firm_after_a_description_of_a_trade():
    x = extract_text("该游戏基于美国游戏开发商Valve的作品。北美版权所有者孩之宝(Hasbro Inc)提出了起诉。", "t.txt")
    assert {("Company", "Valve"), ("Company", "孩之宝")} <= ents(x, "Company")


@pytest.mark.parametrize("text, product", [
    ("田晚霞已在西安发展“星博士”汽车美容店30余个。", None),
    ("俄美两国将用一枚俄罗斯“星光”火箭发射两艘探测飞船。", "“星光”火箭"),
    ("本报站点推出了“精彩星光”、“每日星闻”等新栏目。", None),
])
def test_a_quoted_name_before_a_shop_or_a_clause_or_columns(text, product):
    got = {e.name for e in extract_text(text, "t.txt").entities if e.type == "Achievement"}
    assert got == ({product} if product else set()) or product is None and not got & {"“星博士”汽车", "精彩星光"}


@pytest.mark.parametrize("text, absent", [
    ("协会计划联合浙江省市场监督管理局开展专项检查。", "计划联合浙江省市场监督管理局"),
    ("消息传到浙江永康，这座县级市顿时紧张起来。", "浙江永康"),
    ("公司正在越南同奈省考察建设组装工厂。", "建设组装工厂"),
])
def test_a_verb_before_a_place_led_name_places_alone_and_a_verb_before_a_weak_ending(text, absent):
    assert absent not in {e.name for e in extract_text(text, "t.txt").entities}


def test_the_cooperative_stands_for_the_cooperative_named_before():
    x = extract_text("刘春妹口中的合作社，是2019年成立的寻乌县星溪果蔬种植专业合作社。\n"
                     "去年，合作社与深圳星途网络科技有限公司签订了电商代运营协议。", "t.txt")
    assert rels(x, "signedWith") == {("寻乌县星溪果蔬种植专业合作社", "深圳星途网络科技有限公司")}


def test_a_bare_prefix_of_a_groups_units_is_the_groups():
    x = extract_text("中国星达能源建设集团有限公司（以下简称“星达能建”）与甘肃省人民政府签约。"
                     "星达能建新能源投资有限公司与瓜州县人民政府签约，星达能建储能装备有限公司也签署了协议。星达在甘肃投资超过300亿元。", "t.txt")
    (group,) = [e for e in x.entities if e.name == "中国星达能源建设集团有限公司"]
    assert "星达" in group.aliases


def test_a_direct_quote_closing_a_pronouns_reported_speech_is_the_person_named_before():
    x = extract_text("星河县县长刘建明在推介会上致辞。他表示，星河将以最优的政策为客商创造条件，"
                     "“企业的事就是我们自己的事，我们会安排专班全程跟踪服务。”", "t.txt")
    assert ("刘建明", "企业的事就是我们自己的事，我们会安排专班全程跟踪服务。", "direct") in quotes(x)


def test_a_bulleted_prize_heading_names_the_prize_without_its_bullet():
    x = extract_text("部分获奖项目名单\n\n▲科学技术进步奖二等奖\n\n项目名称：深埋隧洞智能掘进关键技术\n\n"
                     "主要完成单位：星岭隧道工程有限公司、蓝川理工大学\n\n主要完成人：罗启明、钟若兰\n", "t.txt")
    assert {("星岭隧道工程有限公司", "科学技术进步奖二等奖"), ("罗启明", "科学技术进步奖二等奖")} <= rels(x, "won")
    assert not [e for e in x.entities if e.name.startswith("▲")]


def test_ranks_with_a_remark_head_lists_of_agents_and_their_works_after_a_dash():
    x = extract_text("总决赛获奖名单如下：\n\n冠军（1项，奖金50万元）：\n星禾微纳科技有限公司——晶圆级红外热电堆传感器芯片\n\n"
                     "季军（2项，奖金各10万元）：\n蓝湾农业大学——耐低温秸秆腐解复合菌剂\n"
                     "澄岳数智科技有限公司——工业质检视觉检测系统\n\n此外，大赛还评出优秀组织奖。\n", "t.txt")
    won = rels(x, "won")
    assert {("星禾微纳科技有限公司", "冠军"), ("蓝湾农业大学", "季军"), ("澄岳数智科技有限公司", "季军")} <= won
    assert ("蓝湾农业大学", "耐低温秸秆腐解复合菌剂") in rels(x, "developed")


def test_what_a_named_team_wins_and_develops_its_organisation_does_too():
    x = extract_text("获奖名单如下：\n\n冠军：\n星湖理工大学“钠途”团队——高倍率钠离子电池硬碳负极材料\n", "t.txt")
    assert ("星湖理工大学", "冠军") in rels(x, "won")
    assert ("星湖理工大学", "高倍率钠离子电池硬碳负极材料") in rels(x, "developed")


@pytest.mark.parametrize("body", ["市财政局", "区民政局", "县邮政局"])
def test_a_bureau_whose_word_ends_like_a_common_noun_is_an_institution(body):
    x = extract_text(f"会议由{body}主办，星河科技股份有限公司参加。", "t.txt")
    assert ("Institution", body) in ents(x)


def test_a_wealth_management_company_keeps_its_trade_in_its_name():
    x = extract_text("星海银行将联动旗下星海理财有限责任公司，提供综合金融服务。", "t.txt")
    assert ("Company", "星海理财有限责任公司") in ents(x)


@pytest.mark.parametrize("text, company", [
    ("星曜半导体创始人、首席执行官严楚乔介绍，新芯片采用4纳米制程。", "星曜半导体"),
    ("潮鸣商城总裁杜若衡在致辞中表示，今年将投入30亿元。", "潮鸣商城"),
    ("会上，克莱恩伯格亚太区总裁汉斯·穆勒表示，中国市场潜力巨大。", "克莱恩伯格"),
    ("专访极昼储能董事长兼CEO沈砚秋：储能的下半场拼的是安全", "极昼储能"),
])
def test_the_name_before_an_executive_title_and_a_person_is_a_company(text, company):
    assert ("Company", company) in ents(extract_text(text, "t.txt"))


@pytest.mark.parametrize("text", ["会上，公司总裁张伟发言。", "深圳市长王伟出席。", "副总裁兼首席财务官李娜出席。"])
def test_no_company_before_a_title_without_a_name(text):
    assert not ents(extract_text(text, "t.txt"), "Company")


@pytest.mark.parametrize("text", ["他说，张慧英所做的，许多儿女都做不到。", "赞扬两国政府为发展双边关系所作出的巨大努力。"])
def test_a_persons_name_or_a_phrase_before_the_particle_suo_is_no_institute(text):
    assert not [e for e in extract_text(text, "t.txt").entities if e.name.endswith("所")]


def test_a_lone_suo_after_an_institute_word_still_ends_its_name():
    assert ("Institution", "中科院物理所") in ents(extract_text("中科院物理所发布了新成果。", "t.txt"))


@pytest.mark.parametrize("text, name", [("为纪念星海大学建校100周年，学校举办系列活动。", "星海大学"),
                                        ("他经常往移民局跑，为旅游团办理签证。", "移民局")])
def test_a_common_word_before_a_name_the_tagger_reads_is_left_out(text, name):
    assert {e.name for e in extract_text(text, "t.txt").entities if e.type == "Institution"} == {name}


@pytest.mark.parametrize("text, body", [("科技部日前发布通知，支持企业创新。", "科技部"),
                                        ("近日，安徽省经济和信息化厅先后公布2024年度名单。", "安徽省经济和信息化厅")])
def test_a_ministry_before_an_adverb_or_a_time_word_is_an_institution(text, body):
    assert ("Institution", body) in ents(extract_text(text, "t.txt"))


def test_a_quote_paragraph_after_a_paragraph_introducing_one_person_is_theirs():
    x = extract_text("标题\n\n62岁的茶农杨德贵正和老伴在自家茶园里采摘明前茶。\n\n"
                     "“那时候一年到头在外面，挣的钱刚够一家人开销。现在守着茶园，一季就能卖3万多元。”\n", "t.txt")
    assert ("Person", "杨德贵") in ents(x)
    assert {(s, k) for s, _, k in quotes(x)} == {("杨德贵", "direct")}


def test_a_quote_after_a_sentence_with_a_quoted_name_goes_to_that_sentences_subject():
    x = extract_text("云岫春芽董事长麻建国告诉记者，公司推出的“岫芽冷泡”反响不错，全年卖了120多万盒。"
                     "“我们想让云岫的茶走进年轻人的冰箱里。”\n", "t.txt")
    assert ("麻建国", "我们想让云岫的茶走进年轻人的冰箱里。", "direct") in quotes(x)


def test_a_subsidiary_after_its_parent_and_its_latin_name_is_the_party():
    x = extract_text("浙江星舟能源科技股份有限公司与德国哈特曼集团（Hartmann Group）旗下子公司"
                     "哈特曼氢能技术有限公司签署合资协议。", "t.txt")
    assert rels(x, "signedWith") == {("浙江星舟能源科技股份有限公司", "哈特曼氢能技术有限公司")}


def test_a_consulate_is_an_institution():
    x = extract_text("德国驻上海总领事馆副总领事克劳斯·林德曼出席签约仪式。", "t.txt")
    assert ("Institution", "德国驻上海总领事馆") in ents(x)


@pytest.mark.parametrize("text, product", [("两款机型均首发搭载星耀半导体的旗舰移动平台星耀Q9 Gen2。", "星耀Q9 Gen2"),
                                           ("星河汽车的星河S5 Pro 2正式上市。", "星河S5 Pro 2")])
def test_a_brand_model_keeps_its_numbered_variant(text, product):
    assert ("Achievement", product) in ents(extract_text(text, "t.txt"))


@pytest.mark.parametrize("text, title", [
    ("星衡电力自主研发的HJR系列开关设备入选工业和信息化部第八批制造业单项冠军产品名单。", "制造业单项冠军产品"),
    ("星衡传动入选2025年度省级专精特新中小企业名单。", "省级专精特新中小企业"),
])
def test_a_list_that_confers_a_title_names_the_award(text, title):
    x = extract_text(text, "t.txt")
    assert ("Award", title) in ents(x) and not ents(x, "Award") - {("Award", title)}


def test_a_team_list_confers_no_title():
    assert not ents(extract_text("他入选国家队名单。", "t.txt"), "Award")


@pytest.mark.parametrize("text", [
    "记者从省科学技术厅获悉，获奖总数和一等奖数量均创历史新高。",
    "根据国家科学技术奖励工作办公室公布的获奖名单，我省获奖项目包括：国家自然科学奖二等奖2项、二等奖10项。",
])
def test_winning_words_that_mean_learning_or_modify_a_noun_win_nothing(text):
    x = extract_text(text, "t.txt")
    assert not rels(x, "won") and ("Award", "总数和一等奖") not in ents(x)


def test_a_verb_of_winning_as_the_modifier_of_a_noun_makes_no_title():
    x = extract_text("记者梳理发现，本批入选企业主要集中在高端装备、新材料和生物医药领域。", "t.txt")
    assert not ents(x, "Award")


@pytest.mark.parametrize("text, product", [
    ("星衡精密传动股份有限公司，入选单项冠军示范企业，主导产品为工业机器人用RV-40E精密摆线针轮减速器，国内市场占有率约为19.6%。",
     "RV-40E精密摆线针轮减速器"),
    ("——星澜环保装备有限公司，主导产品MBR平板膜生物反应器已在全国200余个乡镇应用；", "MBR平板膜生物反应器"),
    ("——星康医疗科技有限公司，主导产品为一次性使用电子输尿管软镜，已取得注册证；", "一次性使用电子输尿管软镜"),
])
def test_a_companys_main_product_is_its_achievement(text, product):
    x = extract_text(text, "t.txt")
    assert ("Achievement", product) in ents(x)
    assert {p for _, p in rels(x, "developed")} == {product}


def test_main_products_in_general_name_nothing():
    x = extract_text("要培植拳头产品，加快当地支柱产业和主导产品的形成。", "t.txt")
    assert not ents(x, "Achievement")


def test_a_surname_and_a_short_title_is_the_executive_introduced_before():
    x = extract_text("标题\n\n星河科技董事长陈立新今年52岁。\n\n“我们明年要上市。”陈总告诉记者。\n", "t.txt")
    assert ents(x, "Person") == {("Person", "陈立新")}
    assert ("陈立新", "我们明年要上市。", "direct") in quotes(x)


def test_a_headline_without_a_comma_is_never_joined_to_the_line_after_it():
    from kg.sentences import split_sentences
    from kg.textprep import prepare

    doc = prepare("星河区23家企业入选省级专精特新中小企业名单 3家企业获评单项冠军\n总数居全市第一\n\n近日，名单公布。", "t.txt")
    assert [s.text for s in split_sentences(doc)][:2] == ["星河区23家企业入选省级专精特新中小企业名单 3家企业获评单项冠军", "总数居全市第一"]


SIGNING_LIST = ("星岭县在产业项目推介会上集中签约3个项目\n\n"
                "签约仪式上，星岭县人民政府与各投资方签订了投资合作协议。本次签约项目具体如下：\n"
                "（一）项目名称：年产3万吨铝基复合材料项目；投资方：湖南星宇新材料科技有限公司；投资额：18.6亿元；\n"
                "（二）项目名称：新能源汽车高压线束项目；投资方：浙江恒星电子科技股份有限公司（股票代码：301629）；投资额：8.2亿元；\n"
                "（三）项目名称：农光互补光伏发电项目；投资方：中能星源（湖南）新能源有限公司；投资额：10亿元。\n"
                "记者在现场注意到，铝基复合材料项目投资规模最大。\n")


def test_the_parties_listed_under_a_signing_signed_with_its_host_district():
    x = extract_text(SIGNING_LIST.replace("星岭县", "隆回县"), "t.txt")
    assert {(a, b) for a, b in rels(x, "signedWith") if "隆回县" in (a, b)} >= {
        ("湖南星宇新材料科技有限公司", "隆回县"), ("浙江恒星电子科技股份有限公司", "隆回县"),
        ("中能星源（湖南）新能源有限公司", "隆回县")}


def test_a_list_of_projects_without_a_signing_signs_nothing():
    x = extract_text("隆回县重点项目如下：\n（一）项目名称：水厂项目；投资方：湖南星宇水务投资有限公司；投资额：8亿元。\n", "t.txt")
    assert not rels(x, "signedWith")


@pytest.mark.parametrize("text", ["公司旗下共有工程局、专业公司和设计院等二级子公司。",
                                  "集团拥有星贡水务有限公司等10余家子公司。",
                                  "城市更新是当前地方政府投资中确定性较高的方向。"])
def test_kinds_and_counts_of_units_are_no_organisations(text):
    names = {n for _, n in ents(extract_text(text, "t.txt"))}
    assert not names & {"工程局", "设计院", "二级子公司", "余家子公司", "地方政府"}


def test_a_units_ending_before_a_legal_form_is_inside_the_companys_name():
    x = extract_text("全资子公司星筑建设第三工程局有限公司中标了该项目。", "t.txt")
    assert ("Company", "星筑建设第三工程局有限公司") in ents(x)


def test_the_editions_of_a_model_are_products_of_their_own():
    x = extract_text("星澜汽车发布星澜S7。\n星澜S7 Pro版：19.98万元\n星澜S7 Max版：22.98万元\n星澜S7 Ultra四驱版：27.98万元\n", "t.txt")
    assert {n for _, n in ents(x, "Achievement")} == {"星澜S7", "星澜S7 Pro版", "星澜S7 Max版", "星澜S7 Ultra四驱版"}


def test_a_work_with_its_prize_in_brackets_after_its_maker():
    x = extract_text("同场获奖的还有上海星曜影像科技有限公司的“光栅CT术中三维成像系统”（创新银奖）"
                     "和苏州星枢介入医疗有限公司的血管介入导航系统（创新铜奖）。", "t.txt")
    assert rels(x, "won") == {("上海星曜影像科技有限公司", "创新银奖"), ("苏州星枢介入医疗有限公司", "创新铜奖")}
    assert ("苏州星枢介入医疗有限公司", "血管介入导航系统") in rels(x, "developed")


@pytest.mark.parametrize("text", ["这个规划让我们民营企业很受鼓舞。", "樊启航代表市人民政府向大会作政府工作报告。"])
def test_an_adverb_after_a_description_or_a_verb_before_an_ending_is_no_organisation(text):
    names = {n for _, n in ents(extract_text(text, "t.txt"))}
    assert "很受" not in names and "大会作政府" not in names


def test_an_interview_answer_goes_on_in_the_paragraph_after_it():
    x = extract_text("【人物专访】覃晓梅：把一碗米粉做成大产业\n\n记者：转折点在哪里？\n\n"
                     "覃晓梅：转折点是2015年前后袋装米粉的兴起。\n\n那两年真的很难。我们试了上百种配方。\n\n"
                     "覃晓梅说到这里，笑了起来。\n\n记者：下一步有什么打算？\n\n覃晓梅：我们准备走出去。\n", "t.txt")
    said = {t for s, t, _ in quotes(x) if s == "覃晓梅"}
    assert "那两年真的很难。我们试了上百种配方。" in said
    assert not [t for t in said if "说到这里" in t]


def test_a_prized_subject_is_what_was_developed_not_who_developed_it():
    x = extract_text("星江一院与星刃医疗联合研发脊柱内镜手术机器人获创新大奖", "t.txt")
    assert ents(x, "Achievement") == {("Achievement", "脊柱内镜手术机器人")}


def test_a_county_short_name_jieba_tags_as_a_time_word_opens_its_zones_name():
    x = extract_text("隆回县人民政府、隆回经济开发区管理委员会分别与各投资方签订了协议。", "t.txt")
    assert ("Institution", "隆回经济开发区管理委员会") in ents(x)


def test_a_county_bureau_is_one_body_whichever_finder_reads_it():
    x = extract_text("据县商务局相关负责人介绍，此次签约项目中外地企业投资项目6个。", "t.txt")
    assert ents(x, "Institution") == {("Institution", "县商务局")}


def test_the_unit_of_the_person_whose_team_completed_a_prized_work_developed_it():
    x = extract_text("由土木工程学院王振川教授团队牵头完成的“高原铁路隧道智能防控关键技术”获科技进步奖一等奖。", "t.txt")
    assert {("王振川", "高原铁路隧道智能防控关键技术"), ("土木工程学院", "高原铁路隧道智能防控关键技术")} <= rels(x, "developed")


@pytest.mark.parametrize("text, unit", [("此外；资源与环境工程学院白振国教授团队完成的项目获奖。", "资源与环境工程学院"),
                                        ("化学与材料工程学院刘书瑶教授团队的项目获奖。", "化学与材料工程学院")])
def test_a_college_named_after_two_fields_at_a_clauses_start(text, unit):
    assert ("Institution", unit) in ents(extract_text(text, "t.txt"))


def test_two_parties_joined_by_yu_stay_two():
    x = extract_text("，星河公司与环境学院签署协议。", "t.txt")
    assert rels(x, "signedWith") == {("星河公司", "环境学院")}


def test_a_quote_closing_what_an_analyst_warns_is_theirs():
    x = extract_text("不过，邵文轩也提醒，EPC模式对企业的资金周转要求较高，“投资者需要关注的是回款节奏，不能只看新签合同额。”", "t.txt")
    assert ("邵文轩", "投资者需要关注的是回款节奏，不能只看新签合同额。", "direct") in quotes(x)


@pytest.mark.parametrize("text, body", [("中国驻印尼使馆经济商务处参赞出席。", "中国驻印尼使馆"),
                                        ("中国驻印度尼西亚大使程立衡出席签约仪式。", "中国驻印度尼西亚")])
def test_a_countrys_mission_abroad_is_an_institution(text, body):
    assert ("Institution", body) in ents(extract_text(text, "t.txt"))


def test_a_kind_of_bank_branch_is_no_branch():
    x = extract_text("该行在高新区设立了全省首家科技金融专营支行——瀚星银行宁川高新科技支行。", "t.txt")
    assert "科技金融专营支行" not in {n for _, n in ents(x)}


def test_a_quoted_title_won_in_a_sentence_of_prizes_is_an_award():
    x = extract_text("活动尾声，星汐商城为新品颁发了“2025星汐金潮奖”，星澜X70 Pro获得“年度影像旗舰”，"
                     "星岳S07 Max获得“年度智能新能源车”。", "t.txt")
    assert {("Award", "年度影像旗舰"), ("Award", "年度智能新能源车")} <= ents(x)


def test_a_quoted_phrase_won_without_prizes_around_is_no_award():
    assert not ents(extract_text("该项目获得“真金白银”，企业获得“实惠”。", "t.txt"), "Award")


def test_the_two_sides_of_a_signing_then_signing_with_a_third_each_sign_with_it():
    x = extract_text("星舟能源科技股份有限公司与哈特曼氢能技术有限公司签署合资协议。"
                     "同日，合资双方还与东岭经济技术开发区管委会签订了项目投资协议。", "t.txt")
    assert rels(x, "signedWith") == {("星舟能源科技股份有限公司", "哈特曼氢能技术有限公司"),
                                     ("星舟能源科技股份有限公司", "东岭经济技术开发区管委会"),
                                     ("哈特曼氢能技术有限公司", "东岭经济技术开发区管委会")}


def test_our_school_on_a_schools_page_is_the_university_it_names_most():
    x = extract_text("本网讯 东陵理工大学举行大会。东陵理工大学校长出席。我校与东陵市高新区管委会签署了共建中心合作协议。", "t.txt")
    assert rels(x, "signedWith") == {("东陵理工大学", "东陵市高新区管委会")}


def test_our_school_names_nothing_when_the_page_names_no_school():
    x = extract_text("我校与东陵市高新区管委会签署了合作协议。", "t.txt")
    assert not rels(x, "signedWith")


def test_the_grade_of_that_prize_is_the_prize_named_before():
    x = extract_text("星岭路桥集团有限公司牵头的项目获得国家科学技术进步奖一等奖，这是该集团时隔九年再次获得该奖项一等奖。", "t.txt")
    assert ents(x, "Award") == {("Award", "国家科学技术进步奖一等奖")}
