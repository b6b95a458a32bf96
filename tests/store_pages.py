"""Pages written for the store tests (invented people and companies; real
place names only as places), and a generator of many small news records for
builds that must run long enough to be interrupted."""
from __future__ import annotations

import json
from pathlib import Path

#: Both pages name 青禾港务集团有限公司 and 湖州市总工会: one node each in a store.
PAGE_A = """2023年9月14日 星期四

# 青禾港务集团召开职工代表大会

本报讯 9月12日，青禾港务集团有限公司（以下简称青禾港务）在湖州市召开第三届职工代表大会。青禾港务董事长韩立川出席会议并讲话。湖州市总工会副主席宁书瑶到会指导。
"""

PAGE_B = """2023年9月15日 星期五

# 青禾港务集团启动“海港工匠”培育工程

本报讯 9月14日，青禾港务集团有限公司启动“海港工匠”培育工程。青禾港务集团有限公司副董事长莫知远介绍，湖州市总工会将参加该工程。
"""

SHARED_ORG = "青禾港务集团有限公司"
PUBLISHER = "澄溪工人报"


def write_pages(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    a, b = folder / "a.md", folder / "b.md"
    a.write_text(PAGE_A, encoding="utf-8")
    b.write_text(PAGE_B, encoding="utf-8")
    return a, b


_SURNAMES = "韩莫宁柏蓝苏程秦尹邵"
_GIVEN = ["立川", "知远", "书瑶", "若川", "青禾", "望舒", "闻溪", "临风", "思齐", "景行"]
_TRADES = ["港务", "机床", "纺织", "电池", "物流", "建材", "食品", "船舶"]
_CITIES = ["湖州市", "嘉兴市", "绍兴市", "金华市", "台州市", "丽水市"]


def news_records(count: int) -> list[dict]:
    """``count`` short, different JSON Lines records (one document each)."""
    records = []
    for n in range(count):
        city = _CITIES[n % len(_CITIES)]
        trade = _TRADES[n % len(_TRADES)]
        company = f"{city[:-1]}青禾{trade}集团有限公司"
        chair = _SURNAMES[n % len(_SURNAMES)] + _GIVEN[(n // len(_SURNAMES)) % len(_GIVEN)]
        deputy = _SURNAMES[(n + 3) % len(_SURNAMES)] + _GIVEN[(n + 7) % len(_GIVEN)]
        text = (f"本报讯 9月{n % 28 + 1}日，{company}召开第{n + 1}届职工代表大会。"
                f"{company}董事长{chair}出席会议并讲话，{city}总工会副主席{deputy}到会指导。"
                f"会议审议通过了{company}年度工作报告。")
        records.append({"id": f"r{n:04d}", "title": f"{company}召开职工代表大会", "date": "2023-09-30",
                        "text": text})
    return records


def write_records(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in news_records(count)),
                    encoding="utf-8")
    return path
