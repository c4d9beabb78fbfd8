"""Round 27 recall (h163, issue 17, zh-CN): bad sentences of real public notices
(dev-heldout26) the checks missed, caught by their shape, with nearby good sentences clean.

- ``non_apology``: a rumour only called untrue ("网传信息不实"), with nothing said of what we
  checked; answered with what we checked, supposed ("如果网传的情况属实"), or a complaint
  confirmed ("您说的情况属实"), it is clean.
- ``vague``: measures taken with only their purpose said ("已采取即时措施以防止…类似攻击");
  measures named, listed, or our failure to take them owned, are clean."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    # a rumour only called untrue (the first from dev-heldout26, as published)
    ("网传信息不实，铁路12306网站未发生用户信息泄漏。", "non_apology", "我们查了"),
    ("网上有传言说我们泄露了会员密码，这不属实。", "non_apology", "我们查了"),
    ("关于门店使用过期食材的传闻纯属谣言。", "non_apology", "我们查了"),
    # measures taken with only their purpose said (the first from dev-heldout26, as published)
    ("集团已采取即时措施以防止日後任何类似攻击。", "vague", "具体做法"),
    ("我们已采取必要措施。", "vague", "具体做法"),
    ("对此我们将采取相应的补救措施，防止类似问题再次发生。", "vague", "具体做法"),
]

CLEAN = [
    # a rumour answered with what we checked
    "网上有传言说我们泄露了会员密码。我们查了三天的登录记录，没有发现有人异常登录。",
    "如果网传的情况属实，我们会在周五前给每位受影响的会员打电话。",
    "您说的情况属实，我们多收了您一个月的管理费。",
    # measures named, or our failure to take them
    "我们已经关掉了那个漏洞，并给所有账户加了短信验证，以防止类似攻击。",
    "我们已采取措施，今后每笔退款都由两个人核对。",
    "我们采取了以下措施：关闭旧的登录页，给所有账户加短信验证。",
    "我们没有及时采取措施，这是我们的错。",
]

test_round27_recall_flagged, test_round27_recall_left_alone = round_tests(
    FLAGGED, CLEAN, "zh-CN", field="text")
