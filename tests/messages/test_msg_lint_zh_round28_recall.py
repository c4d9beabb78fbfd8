"""Round 28 recall by whole rules (h171, issue 17, zh-CN): a fault reported as an event with
no doer before it (``chinese/occurred.py``), the shape of bad sentences in dev-25 and dev-27,
written here in new words: before 发生/出现/突发 + a fault word stand only a time (also a
"…的时候/时/期间" span), a connective or an adverb, or a thing. Not a possibility or a
prevention (一旦, 为避免…再次), nor where an earlier clause has us do the wrong thing or the
sentence owns it."""

from tests.support.lint_cases import round_tests

_SAY_WHO = "写出是谁的哪一步出了错"

FLAGGED = [
    ("可是昨晚还是出现了故障。", "passive_evasion", _SAY_WHO),
    ("迁移数据时发生了错误。", "passive_evasion", _SAY_WHO),
    ("上周五凌晨突发故障，机房停电两小时。", "passive_evasion", _SAY_WHO),
    ("仓库搬迁期间出现了偏差。", "passive_evasion", _SAY_WHO),
    ("然而周一上午又发生了中断。", "passive_evasion", _SAY_WHO),
]

CLEAN = [
    "我们在升级时改错了一项设置，发生了异常。",
    "为避免再次发生类似问题，我们加了一道检查。",
    "昨晚发生了异常，是我们的工程师改错了配置，我们已经改回来了。",
]

test_flags_with_a_rewrite, test_leaves_near_misses_alone = round_tests(
    FLAGGED, CLEAN, "zh-CN", field="text")
