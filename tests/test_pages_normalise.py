"""normalise(): line endings, spaces, layout line breaks, continuation markers."""
from __future__ import annotations

import pytest

from tests.work import work
from zhitu.read.normalise import clean_characters, escape_characters, normalise

LONG = "今年以来，澄溪市各级工会围绕职工所需办实事，把一件件小事办成了暖心事，澄溪市青"


def test_line_endings_and_bom() -> None:
    assert normalise("\ufeff第一段。\r\n第二段。\r第三段。") == "第一段。\n第二段。\n第三段。"


def test_blank_line_runs_collapse_and_page_is_trimmed() -> None:
    assert normalise("\n\n第一段。\n\n\n\n第二段。\n\n\n") == "第一段。\n\n第二段。"


def test_full_width_space_indentation_dropped_and_inner_runs_become_one_space() -> None:
    text = "\u3000\u3000本报讯\u3000\u3000记者\u00a0张三报道。\n  第二段　有空格。 "
    assert normalise(text) == "本报讯 记者 张三报道。\n第二段 有空格。"


def test_layout_break_inside_a_word_is_joined() -> None:
    text = LONG + "\n\n岚县供电公司把夜间巡线作为“必修课”。"
    assert normalise(text) == LONG + "岚县供电公司把夜间巡线作为“必修课”。"


def test_layout_break_between_latin_words_keeps_one_space() -> None:
    text = "这家公司的英文名称是一个很长的名字，写作 Zhitu Knowledge\nGraph Company。"
    assert normalise(text) == "这家公司的英文名称是一个很长的名字，写作 Zhitu Knowledge Graph Company。"


@pytest.mark.parametrize("end", ["。", "！", "？", "!", "?", "：", "；", "”", "」", "）", ")", "……"])
def test_paragraph_break_after_sentence_final_punctuation_is_kept(end: str) -> None:
    text = f"会议指出，要扎实推进各项工作{end}\n\n会议强调，要加强基层工会规范化建设。"
    assert normalise(text) == f"会议指出，要扎实推进各项工作{end}\n\n会议强调，要加强基层工会规范化建设。"


def test_headings_are_never_joined() -> None:
    text = f"# 一个标题，有逗号但没有句号\n\n{LONG}\n\n## 下一个标题\n\n正文。"
    assert normalise(text) == text


def test_short_title_lines_and_masthead_are_not_joined() -> None:
    text = "2023年9月14日 星期四\n新年戏曲晚会在京举行\n各界群众欢聚一堂，一起观看演出。"
    assert normalise(text) == text


def test_indented_line_starts_a_paragraph() -> None:
    text = f"{LONG}\n\u3000\u3000白沙镇是另一段的开头。"
    assert normalise(text) == f"{LONG}\n白沙镇是另一段的开头。"


@pytest.mark.parametrize("nxt", ["本报澄溪3月5日电（记者张三）正文。", "新华社杭州9月13日电 正文。", "本报讯 正文。",
                                 "本报澄溪2023年3月5日电 正文。", "据中新社兰州10月9日电 正文。", "人民网澄溪1月2日电 正文。",
                                 "（一）第一项工作。", "2.第二项工作。", "三、第三项工作。"])
def test_datelines_and_list_items_start_a_paragraph(nxt: str) -> None:
    assert normalise(f"{LONG}\n{nxt}") == f"{LONG}\n{nxt}"


@pytest.mark.parametrize("credit", ["林小川 摄", "林小川 摄/澄溪图片社", "本报记者 何雨桐 本报通讯员 吴振华", "（通讯员 王五）",
                                    "许丛文摄（影像中国）", "刘晓 蔡庭摄影报道"])
def test_credit_lines_are_not_joined(credit: str) -> None:
    text = f"{LONG}\n\n{credit}\n\n下一段文字由此开始，讲的是另一件事"
    assert normalise(text) == text


def test_byline_ending_a_caption_is_not_joined_to_the_next_line() -> None:
    text = "3月18日，选手们在赛场上比拼焊接技能。本报记者 宋一帆 本报通讯员 柏岩\n\n另一篇稿件的正文从这里开始，和上面无关"
    assert normalise(text) == text


@pytest.mark.parametrize("marker", ["（上接第1版）", "(上接第1版)", "（下转第2版）", "(下转第2版)", "上接第一版",
                                    "下转第二版", "【接第3版】", "（转第十二版）", "〔上接第 2 版〕"])
def test_continuation_markers_are_dropped(marker: str) -> None:
    assert normalise(f"{marker}要把职工的冷暖放在心上。") == "要把职工的冷暖放在心上。"
    assert normalise(f"要把职工的冷暖放在心上。{marker}") == "要把职工的冷暖放在心上。"


@pytest.mark.parametrize("marker", ["转第3版", "接第2版"])
def test_bare_jump_markers_count_only_at_a_line_edge(marker: str) -> None:
    assert normalise(f"各级工会积极行动。{marker}") == "各级工会积极行动。"
    assert normalise(f"{marker}各级工会积极行动。") == "各级工会积极行动。"
    assert normalise("全力迎接第3版面的调整。") == "全力迎接第3版面的调整。"


def test_nothing_joins_across_a_jump_marker() -> None:
    text = f"{LONG}（下转第2版）\n\n另一篇稿件的正文从这里开始，和上面无关"
    assert normalise(text) == f"{LONG}\n\n另一篇稿件的正文从这里开始，和上面无关"


def test_marker_on_a_line_of_its_own_leaves_a_paragraph_break() -> None:
    text = f"{LONG}\n\n(下转第2版)\n\n另一篇稿件的正文从这里开始，和上面无关"
    assert normalise(text) == f"{LONG}\n\n另一篇稿件的正文从这里开始，和上面无关"


def test_punctuation_and_characters_are_kept_as_written() -> None:
    text = "“港城工匠”、“茶农工会小组”，全角。ASCII,(半角)！ＡＢＣ１２３"
    assert normalise(text) == text


def test_a_megabyte_line_without_punctuation_is_joined() -> None:
    line = "职工" * 500_000
    assert normalise(line + "\n\n" + line) == line + line


def test_a_megabyte_of_short_broken_lines_is_joined() -> None:
    lines = ["各级工会，推动工作"] * 110_000
    assert normalise("\n".join(lines)) == "".join(lines)


# How fast normalise runs is bench/reading_scale.py's question; here the work is
# counted (tests/work.py), which a slow or a busy machine does not change.

def test_work_on_a_line_does_not_grow_with_its_length() -> None:
    """A long line is scanned only by regular expressions, never character by character in Python."""
    normalise("预热")  # the character classes are built on first use
    line = "职工" * 5_000
    short, long = work(normalise, line + "\n\n" + line), work(normalise, line * 4 + "\n\n" + line * 4)
    assert long < 1.5 * short, (short, long)


def test_work_on_broken_lines_grows_linearly() -> None:
    """Joining a line looks at the paragraph's tail, not the whole paragraph so far."""
    normalise("预热")
    lines = ["各级工会，推动工作"] * 500
    short, long = work(normalise, "\n".join(lines)), work(normalise, "\n".join(lines * 4))
    assert long / short < 5, (short, long)  # quadratic work would give about 16


@pytest.mark.parametrize(("text", "cleaned"), [
    ("张\u200b三", "张三"),  # zero-width space
    ("张\u200d\u200c三", "张三"),  # joiners
    ("张\u2060三\ufeff", "张三"),  # word joiner, a BOM inside the text
    ("信\u00ad息", "信息"),  # soft hyphen
    ("\u202e张三\u202c\u200e\u2067李四\u2069", "张三李四"),  # bidi controls and marks
    ("张三\U000e0063\U000e006e\U000e007f", "张三"),  # tag characters
    ("葛\U000e0100优\ufe0f", "葛优"),  # variation selectors
    ("张\x00三\x1b李\x7f四\x9b", "张三李四"),  # C0 and C1 controls
    ("张\ud800三\udfff", "张\ufffd三\ufffd"),  # lone surrogates
    ("张\ufdd0三\U0001fffe\ufffe", "张\ufffd三\ufffd\ufffd"),  # noncharacters
    ("王\ue000五\U000f0000\U0010fffd", "王\ufffd五\ufffd\ufffd"),  # private use
    ("一\ufffc二", "一二"),  # object replacement
    ("行\t间\n换\r行\u3000空", "行\t间\n换\r行\u3000空"),  # white space is normalise()'s business
])
def test_clean_characters(text: str, cleaned: str) -> None:
    assert clean_characters(text) == cleaned


def test_the_character_classes_hold_every_range_they_are_built_from() -> None:
    # The classes merge adjacent and overlapping ranges (one range a run: much faster to
    # scan); every code point must still be dropped exactly when a declared range holds it.
    from zhitu.read import normalise as module
    invisible = [*module._DEFAULT_IGNORABLE, *module._CONTROLS, *module._OBJECT_REPLACEMENT,
                 *module._format_characters()]
    merged = module._char_class([(5, 5), (6, 6), (7, 9), (8, 8), (11, 12)])
    assert merged == r"[\U00000005-\U00000009\U0000000b-\U0000000c]"
    dropped = {c for lo, hi in invisible for c in range(lo, hi + 1)}
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    pattern, _, _ = module._patterns()
    assert {ord(ch) for ch in every} - {ord(ch) for ch in pattern.sub("", every)} == dropped


def test_normalise_cleans_characters_before_joining_lines() -> None:
    assert normalise("\u200b\u3000\u3000张\u00ad三出席会议。\u2028李四\u200b讲话。") == "张三出席会议。\n李四讲话。"
    assert normalise("第一段。\u2029第二段。\x85第三段。") == "第一段。\n\n第二段。\n第三段。"


def test_escape_characters_keeps_names_apart_on_one_line() -> None:
    assert escape_characters("a\nb\tc") == "a%0Ab%09c"
    assert escape_characters("张\u200b三") == "张%E2%80%8B三" != escape_characters("张三")
    assert escape_characters("caf\udce9.txt") == "caf%E9.txt"  # a byte Python kept as a surrogate
    assert escape_characters("新闻 50%.txt") == "新闻 50%25.txt"
    # A percent sign is escaped too, so no escaped name reads as another's.
    assert escape_characters("%0A.txt") == "%250A.txt" != escape_characters("\n.txt")
