"""Closed word lists of Chinese news language that the rule components share.

Linguistic knowledge only (position words, organisation heads, trigger verbs);
world knowledge (places, abbreviations of bodies) lives in ``zhitu.ontology``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of ``words``, longest first (so 总工会 wins over 工会)."""
    return "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"


#: The words that end the name of an administrative division (浙江省, 澄溪县, 白沙镇), by level.
#: County level and above; a body named by its level alone (市文旅局, 自治区商务厅)
#: belongs to the last such place named.
DIVISION_LEVELS = ("自治区", "省", "市", "州", "盟", "县", "区", "旗")
#: The levels that have towns below them (…县白沙镇).
COUNTY_LEVELS = ("县", "区", "市", "旗")
TOWN_LEVELS = ("镇", "乡", "街道")
VILLAGE_LEVELS = ("村", "社区")
LEVEL_WORDS = DIVISION_LEVELS + TOWN_LEVELS + VILLAGE_LEVELS

#: Heads that end an organisation's name.
ORG_HEADS = (
    "总工会", "工会", "联合会", "委员会", "执委会", "主席团", "书记处", "领导小组", "小组", "公司", "集团",
    "有限公司", "分公司", "银行", "协会", "学会", "研究会", "商会", "基金会", "促进会", "联盟",
    "局", "厅", "部", "委", "办", "署", "处", "院", "所", "站", "馆", "中心", "学校", "小学", "中学",
    "大学", "学院", "医院", "法院", "检察院", "海关", "报社", "日报", "电视台", "出版社", "党委",
    "政府", "人大", "政协", "支队", "大队", "总队", "车间", "厂", "矿", "队", "社",
)
ORG_HEAD_RE = re.compile(alternation(ORG_HEADS) + "$")

#: Heads that end a named zone or facility (a place, not a body).
PLACE_HEADS = ("口岸", "综合保税区", "保税区", "综保区", "货运区", "陆港区", "港区", "经济带", "开发区", "高新区",
               "新区", "自贸区", "自由贸易试验区", "核心区", "示范区", "经济区", "试验区", "园区", "产业园")
PLACE_HEAD_RE = re.compile(alternation(PLACE_HEADS) + "$")

#: Position words; modifiers (副, 常务副, 党组, 第一…) are added by POSITION_RE.
POSITION_CORES = (
    "书记", "主席", "主任", "秘书长", "委员", "常委", "部长", "厅长", "局长", "处长", "科长", "司长",
    "省长", "市长", "县长", "区长", "州长", "镇长", "乡长", "村长", "村支书", "校长", "院长", "所长",
    "馆长", "站长", "厂长", "矿长", "队长", "社长", "台长", "总编辑", "主编", "行长", "董事长", "董事",
    "总经理", "经理", "总裁", "总监", "总工程师", "理事长", "理事", "会长", "监事长", "负责人",
    "讲解员", "记者", "通讯员", "首席技师", "班组长", "班长", "组长", "总干事", "干事", "大使",
    "总书记", "总理", "主席团成员", "执行主席", "检察长", "审判长", "政委", "司令员",
    # Parliaments, spokespeople, chief officers, the army and front-line posts.
    "委员长", "议长", "新闻发言人", "发言人", "总经济师", "总会计师", "总审计师", "总规划师",
    "参谋长", "政治委员", "军长", "师长", "旅长", "团长", "营长", "连长", "排长", "军团长", "教育长",
    "列车长", "民警", "党组成员",
)
#: Parts of a body that begin a title (党组书记, 工会主席): the role keeps them.
TITLE_PREFIXES = ("党组", "党委", "党工委", "纪委", "书记处", "执委会", "主席团", "工会", "团委", "党支部", "党总支",
                  "监事会", "董事会", "理事会")
_POSITION_PREFIX = "(?:" + "|".join(TITLE_PREFIXES) + ")?"
_POSITION_MOD = r"(?:常务副|第一副|副|常务|执行|名誉|第一|首席|专职|兼职|驻会|代理|联合|全国执行|全国|国际)?"
POSITION_RE = re.compile(
    _POSITION_PREFIX + _POSITION_MOD
    + alternation(POSITION_CORES)
)

#: Words that are never a person's name, though LAC sometimes tags them PER.
NOT_PERSON_SUFFIXES = ("骑士", "小哥", "快递员", "外卖员", "师傅", "劳模", "工匠", "脸", "们", "族")

#: Organisation mentions that are generic plurals or eras, not named bodies.
#: 全国 starts generic plurals (全国工会) but also the standard short names of national bodies
#: (全国人大, 全国政协, 全国妇联: ontology/data/abbreviations.tsv), which it must not drop.
NATIONAL_BODY_STARTS = ("人大", "人民代表大会", "政协", "委员会", "总工会", "妇联", "青联", "学联", "工商联", "台联",
                        "对外友协", "供销")
GENERIC_ORG_RE = re.compile(r"^(?:各级|各地|各|全国(?!" + "|".join(NATIONAL_BODY_STARTS) + r")|全省|全市|全区|全县|基层|有关|相关|广大|本级|上级)")
NOT_ORG = frozenset({"新时代", "新征程", "新阶段", "新常态", "党", "国家", "政府", "人民", "中华民族", "中华民族共同体"})
#: Kinds of body every village, company or county has: alone, they name no particular one.
GENERIC_BODIES = frozenset({
    "党支部", "党总支", "党组", "党委", "党工委", "纪委", "监委", "组织部", "宣传部", "统战部", "政法委", "村委会",
    "居委会", "业委会", "管委会", "村两委", "物业公司", "派出所", "人民法院", "人民检察院", "公安局", "公安机关",
    "卫生院", "人民医院", "人民政府", "市政府", "县政府", "区政府", "乡政府", "镇政府", "省政府",
})
#: What follows a name when the words name an idea or a prize, not the person (马克思主义, 诺贝尔奖).
NOT_PERSON_AFTER = ("主义", "奖")
#: Verbs whose object is a thing owed or lived up to (不负韶华, 辜负期望), never a person named
#: on their own: a name right after them that ends the clause is a common noun the NER misread.
NOT_PERSON_AFTER_VERBS = ("不负", "辜负")
#: Words before or after a title in title marks (医学期刊《…》, 《…》杂志, 《…》上发表) that make it a periodical's.
PERIODICAL_BEFORE = ("期刊", "杂志", "刊物", "周刊", "月刊")
PERIODICAL_AFTER = ("杂志", "期刊", "周刊", "月刊", "上发表", "上发文", "上刊登", "发表", "发文", "刊登", "刊发", "主编",
                    "创刊", "官网")
#: Kinds of storm named with them (台风利奇马, “利奇马”台风): the name is a storm's, not a person's.
STORM_WORDS = ("台风", "飓风")
#: Periods written before a body's name, not part of it (新时代中国共产党).
PERIOD_PREFIXES = ("新时代",)
#: Words tagged as places (or people) that name a people or an idea, not a place or a person.
#: 金山银山 (riches) is half of the slogan 绿水青山就是金山银山, in the Party constitution since 2017;
#: 封城 is a lockdown (封 a city), not a city; 非典 (SARS, short for 非典型肺炎) and 埃博拉 (Ebola
#: virus disease; its river is written 埃博拉河) are diseases.
NOT_PLACE = frozenset({"中华", "中华民族", "华夏", "金山银山", "封城", "非典", "埃博拉"})

#: Central bodies that issue documents together (中共中央、国务院; 中共中央办公厅、国务院办公厅):
#: written as one name (a title without 、) → where the second begins. Two bodies, neither a unit of the other.
JOINT_ISSUERS = {first + second: len(first) for first, second in (
    ("中共中央", "国务院"), ("中共中央办公厅", "国务院办公厅"), ("中办", "国办"))}

#: Titles that follow a name and are not part of it (张某某同志 → 张某某).
TITLE_SUFFIXES = ("总书记", "同志", "主席", "总理", "先生", "女士", "大叔", "大妈", "大姐", "老师", "师傅")

#: Heads of programme names (PROG).
PROGRAMME_HEADS = (
    "主题宣传教育", "宣传教育活动", "专项行动", "行动", "活动", "竞赛", "工程", "计划", "规划", "项目",
    "改革", "服务", "试点", "战略", "驻村工作", "工作", "品牌", "贷", "工程建设", "行动计划",
    "倡议", "评选", "宣传月", "月",
)
#: Heads of named occurrences (EVENT).
EVENT_HEADS = (
    "全体会议", "全委会", "执委会", "常委会", "主席团会议", "代表大会", "座谈会", "工作会议", "会议",
    "大会", "大赛", "比赛", "运动会", "博览会", "交易会", "论坛", "峰会", "特别节目", "晚会",
    "研讨会", "发布会", "培训班", "培训", "典礼", "仪式", "开幕式", "闭幕式", "年会",
)
#: A counted or pointed-at noun (一家…公司, 这个…): no name.
INDEFINITE_RE = re.compile(r"(?:一|这|那|多|几|某|各)(?:家|个|所|批)")
#: Heads that make a quoted name a method or slogan rather than a programme.
NOT_PROGRAMME_HEADS = ("模式", "机制", "体系", "工作法", "精神", "理念", "原则", "要求", "方针", "思想")

CN_NUMERAL = "〇零一二三四五六七八九十百千两"

#: Trigger verbs of relations.
ORGANIZE_VERBS = (
    "主办", "承办", "协办", "举办", "开展", "启动", "推出", "发起", "组织", "召开", "发布", "制定",
    "实施", "选树", "打造", "制定", "推动实施", "设立", "开设", "举行", "评选", "推行", "部署", "创建", "策划",
)
PARTICIPATE_VERBS = ("参加", "参与", "出席", "参赛", "列席", "参加了", "参与了", "出席了", "推进", "加入")
FOUND_VERBS = ("成立", "组建", "挂牌", "揭牌", "创立", "创建")
LOCATED_VERBS = ("位于", "地处", "坐落于", "坐落在", "地处于")
APPOINT_VERBS = ("任", "担任", "出任", "当选", "兼任", "任命为", "当选为", "担任了")
