"""The sincerity linter: each rule flags its phrase and leaves the near-miss alone."""

from __future__ import annotations

import pytest

from gateway.messages import get_renderer, sample_context
from gateway.messages.lint import RULES, lint_facts, lint_rendered, lint_text
from gateway.messages.lint.evaluate import DEV_DIRS, HELDOUT, evaluate_corpus
from gateway.messages.render import Rendered

# (code, locale, must flag, near-miss it must not flag)
PHRASE_CASES = [
    ("blame_others", "en", "The outage was due to our vendor.",
     "We chose the vendor, so this is ours to fix."),
    ("blame_others", "en", "Delays were caused by the carrier.",
     "The delay was our fault, not the courier's."),
    ("blame_others", "en", "This was beyond our control.",
     "We have taken control of the repair ourselves."),
    ("blame_others", "zh-CN", "这应该怪快递公司。", "快递是我们选的，所以这是我们的责任。"),
    ("blame_others", "zh-CN", "由于第三方原因，订单失败。", "我们会联系第三位客服同事帮您。"),
    ("blame_others", "zh-CN", "属于不可抗力。", "我们会尽力修好。"),
    ("blame_customer", "en", "It failed because some customers entered the wrong code.",
     "Some customers wrote to tell us, and we thank them."),
    ("blame_customer", "zh-CN", "因用户操作不当导致异常。", "用户可以随时联系我们。"),
    ("non_apology", "en", "We apologise for any inconvenience.",
     "We're sorry. This was our mistake."),
    ("non_apology", "en", "We are sorry if you were affected.",
     "Even if you were not affected, change your password."),
    ("non_apology", "en", "We regret that you feel let down.",
     "We're sorry you had to find out from the news."),
    ("non_apology", "zh-CN", "给您带来的不便敬请谅解。", "我们很抱歉，这是我们的错。"),
    ("passive_evasion", "en", "Mistakes were made.", "We made mistakes."),
    ("passive_evasion", "en", "An error occurred while charging you.",
     "Our system charged you twice."),
    ("passive_evasion", "zh-CN", "系统出现异常。", "我们的系统重复扣了您的款。"),
    ("vague", "en", "The matter is being looked into.", "Anna is checking every order by hand."),
    ("vague", "zh-CN", "相关问题正在处理中。", "我们仍在处理，下午4点前告诉您结果。"),
    ("minimising", "en", "A small number of customers were affected.",
     "A small change we made broke the page."),
    ("minimising", "en", "It was a minor issue.", "A minority of warehouses were closed."),
    ("minimising", "en", "There was a slight delay.", "We slept little; we fixed it at 02:00."),
    ("minimising", "zh-CN", "少量用户受到轻微影响。", "我们做的一个小改动导致页面打不开。"),
    ("minimising", "zh-CN", "部分服务出现异常。", "我们需要更换一部分服务器。"),
    ("jargon", "en", "The P1 is mitigated.", "Please press 1 to talk to us."),
    ("jargon", "en", "Users saw upstream 502 errors.", "Order 502 left our warehouse."),
    ("jargon", "en", "SEV1 declared, RCA to follow.", "We will explain the cause."),
    ("jargon", "en", "Tracked in JIRA-123.", "Your order ORD-58213 is safe."),
    ("jargon", "en", "Service was degraded.", "The service was slow."),
    ("jargon", "en", 'Traceback (most recent call last): File "x.py", line 3',
     "Here is the full story."),
    ("jargon", "zh-CN", "上游服务返回502错误。", "订单502号已发出。"),
    ("jargon", "zh-CN", "本次P1故障已恢复。", "请按1号键。"),
]


@pytest.mark.parametrize("code,locale,bad,near_miss", PHRASE_CASES)
def test_phrase_rule_flags_and_spares_near_miss(code, locale, bad, near_miss):
    hits = [f for f in lint_text(bad, locale, "facts.impact") if f.code == code]
    assert hits, f"{code} missed: {bad}"
    hit = hits[0]
    assert hit.severity == RULES[code].severity and hit.field == "facts.impact"
    start, end = hit.span
    assert 0 <= start < end <= len(bad) and bad[start:end].strip()
    assert not [f for f in lint_text(near_miss, locale, "facts.impact")
                if f.code == code], near_miss


def test_blame_and_non_apology_are_errors_the_rest_warnings():
    assert {c for c, r in RULES.items() if r.severity == "error"} == {
        "blame_others", "blame_customer", "non_apology", "missing_element"}


def test_finding_shape():
    f = lint_text("We apologise for any inconvenience.", "en", "facts.impact")[0].as_dict()
    assert set(f) == {"code", "severity", "message", "field", "span", "suggestion"}
    assert isinstance(f["span"], list) and f["suggestion"]


def test_reading_ease_en():
    hard = ("Notwithstanding the aforementioned considerations, the organisation's infrastructural "
            "remediation initiatives necessitated comprehensive reconfiguration of interdependent "
            "authentication subsystems, consequently precipitating intermittent unavailability.")
    assert any(f.code == "reading_ease" for f in lint_text(hard, "en", "facts.what_happened"))
    easy = ("Our checkout was down for two hours this morning. You could not pay for your order. "
            "We fixed it at ten. It works now. We are sorry.")
    assert not any(f.code == "reading_ease" for f in lint_text(easy, "en", "facts.what_happened"))


def test_sentence_length_zh():
    long = ("由于我们在周一晚上对支付系统进行的一次包含多个模块的较大规模升级改造过程中"
            "未能充分测试所有的边界情况因而导致部分订单在结算时被重复扣款")
    assert any(f.code == "sentence_length" for f in lint_text(long, "zh-CN", "facts.impact"))
    short = "我们很抱歉。周一晚上我们升级了支付系统。升级出了错，重复扣了您的款。多扣的钱已退回。"
    assert not any(f.code == "sentence_length" for f in lint_text(short, "zh-CN", "facts.impact"))


def test_sentence_length_zh_limit_is_about_thirty_english_words():
    """50 characters a sentence, as en allows 30 words: a 45-character sentence with its
    commas reads fine; one of 60 does not."""
    plain = ("周一晚上我们升级支付系统时出了错，重复扣了您的款，"
             "多扣的钱已在今天中午全部退回您的银行卡。")
    assert 40 < len(plain) < 50
    assert not any(f.code == "sentence_length" for f in lint_text(plain, "zh-CN", "facts.impact"))
    longer = plain[:-1] + "，如果您在本周五之前还没有收到退款，请直接回复这条短信联系我们。"
    assert len(longer) > 55
    assert any(f.code == "sentence_length" for f in lint_text(longer, "zh-CN", "facts.impact"))


def test_links_rule():
    found = lint_text("See http://evil.example.net/x and https://status.example.com/m/1.",
                      "en", "text", public_url="https://status.example.com")
    assert {f.code for f in found} == {"link_https", "link_foreign"}
    assert all(f.span[0] == 4 for f in found)
    assert not lint_text("Go to https://status.example.com/m/1.", "en", "text",
                         public_url="https://status.example.com")
    assert not [f for f in lint_text("http://127.0.0.1:8080/m/1", "en", "text",
                                     public_url="http://127.0.0.1:8080") if f.code == "link_https"]


def _sms(text: str) -> Rendered:
    return Rendered(None, text, None, "outage/sms.en.j2", "x", "en", False)


def test_sms_rules():
    ctx = sample_context("outage", "en")
    long = get_renderer().render("outage", "sms", "en", ctx).text + " " + "More words here. " * 12
    assert any(f.code == "sms_segments" for f in lint_rendered(_sms(long), "sms", "en", ctx))
    curly = get_renderer().render("outage", "sms", "en", ctx).text.replace("we're", "we’re")
    found = [f for f in lint_rendered(_sms(curly), "sms", "en", ctx) if f.code == "sms_ucs2"]
    at = curly.index("’")
    assert found and tuple(found[0].span) == (at, at + 1)
    assert "'" in found[0].suggestion
    clean = get_renderer().render("outage", "sms", "en", ctx).text
    assert not lint_rendered(_sms(clean), "sms", "en", ctx)


def test_missing_elements_detected_on_rendered_output():
    ctx = sample_context("data_breach", "en")
    good = get_renderer().render("data_breach", "email", "en", ctx)
    assert not [f for f in lint_rendered(good, "email", "en", ctx) if f.severity == "error"]
    stripped = Rendered(good.subject, "Hello. Something happened.", good.html, good.template,
                        good.template_version, "en", False)
    missing = {f.message for f in lint_rendered(stripped, "email", "en", ctx)
               if f.code == "missing_element" and f.field == "text"}
    assert "Missing a sincere apology" in missing
    assert "Missing how to reach a person" in missing
    assert "Missing the acknowledgement link" in missing
    assert "Missing what the customer can do (facts.customer_actions)" in missing
    ctx["facts"]["customer_actions"] = []
    again = get_renderer().render("data_breach", "email", "en", ctx)
    assert any(f.code == "missing_element" for f in lint_rendered(again, "email", "en", ctx))


def test_sms_needs_only_its_five_elements():
    ctx = sample_context("outage", "zh-CN")
    out = get_renderer().render("outage", "sms", "zh-CN", ctx)
    assert not lint_rendered(out, "sms", "zh-CN", ctx)
    bare = Rendered(None, "我们很抱歉。", None, out.template, "x", "zh-CN", False)
    messages = {f.message for f in lint_rendered(bare, "sms", "zh-CN", ctx)}
    assert "Missing the link to the full message page" in messages
    assert "Missing how to reach a person" not in messages


def test_lint_facts_single_object_uses_every_locale():
    facts = {"what_happened": "Due to our vendor, checkout failed.",
             "impact": "少量用户受到影响。",
             "actions_taken": "We fixed it.",
             "customer_actions": ["Nothing to do.", "Sorry for any trouble."],
             "compensation": {"description": "A minor credit", "amount": "5", "currency": "USD"}}
    found = lint_facts(facts, update_message="The matter is being looked into.")
    by_field = {(f.field, f.code) for f in found}
    assert ("facts.what_happened", "blame_others") in by_field
    assert ("facts.impact", "minimising") in by_field
    assert ("facts.customer_actions[1]", "non_apology") in by_field
    assert ("facts.compensation.description", "minimising") in by_field
    assert ("facts.compensation.when", "compensation_when") in by_field
    assert ("message", "vague") in by_field
    assert ("facts.next_update_at", "no_next_update") in by_field
    span = next(f.span for f in found if f.field == "facts.what_happened")
    assert facts["what_happened"][span[0]:span[1]] == "Due to our vendor"
    assert len(found) == len({(f.code, f.field, tuple(f.span)) for f in found})  # no duplicates


def test_lint_facts_keyed_by_locale_uses_that_locale():
    found = lint_facts({"en": {"what_happened": "Mistakes were made.",
                               "impact": "x", "actions_taken": "y"},
                        "zh-CN": {"what_happened": "相关问题正在处理中。",
                                  "impact": "x", "actions_taken": "y"}})
    assert {(f.field, f.code) for f in found} >= {("facts.en.what_happened", "passive_evasion"),
                                                  ("facts.zh-CN.what_happened", "vague")}


def test_corpus_recall_and_false_positives():
    report = evaluate_corpus()
    for locale in ("en", "zh-CN"):
        figures = report[locale]
        assert figures["bad"] >= 80 and figures["good"] >= 80
        assert figures["recall"] >= 0.95, figures["missed"]
        assert figures["false_positive_rate"] <= 0.05, figures["false_positives"]


def test_sorry_state_is_not_an_apology():
    ctx = sample_context("outage", "en")
    out = get_renderer().render("outage", "chat", "en", ctx)
    text = out.text.replace("We're sorry.", "Our app was in a sorry state.")
    found = lint_rendered(Rendered(None, text, None, out.template, "x", "en", False),
                          "chat", "en", ctx)
    assert [f.message for f in found if f.code == "missing_element"] == [
        "Missing a sincere apology"]


def test_update_message_alone():
    assert lint_facts({}, update_message="We fixed it at 10:05.") == []
    assert [f.code for f in lint_facts({}, update_message="Mistakes were made.")] == [
        "passive_evasion"]


def test_facts_with_a_date_and_next_update_lint_clean():
    facts = sample_context("billing_error", "en")["facts"]
    assert lint_facts(facts) == []


# (locale, sentence, code, the rewrite the suggestion must contain)
STRUCTURE_CASES = [
    ("en", "The courier company lost track of several packages.", "blame_others",
     "We lost track of several packages."),
    ("en", "The carrier has been unable to deliver on schedule.", "blame_others",
     "We have been unable to deliver on schedule."),
    ("en", "Our supplier let us down.", "blame_others", "We let you down."),
    ("en", "Some data was inadvertently made accessible.", "passive_evasion",
     "We made some data accessible."),
    ("en", "Several invoices were wrongly sent to old addresses.", "passive_evasion",
     "We wrongly sent several invoices to old addresses."),
    ("en", "We saw elevated error rates across multiple AZs.", "abbreviation",
     "We saw elevated error rates across multiple data centres."),
    ("en", "If you had contacted us sooner, we could have stopped the charge.", "blame_customer",
     "We should have stopped the charge."),
    ("en", "Shoppers who ignored the reminder missed the sale.", "blame_customer",
     "We should have made the reminder harder to miss."),
    ("zh-CN", "都是银行处理太慢，退款才迟迟没到账。", "blame_others",
     "我们处理太慢，退款才迟迟没到账。"),
    ("zh-CN", "我们的供应商让我们失望了。", "blame_others", "我们让您失望了。"),
    ("zh-CN", "由于快递方面的原因，您的包裹晚到了。", "blame_others",
     "您的包裹晚到了。这是我们的错。"),
    ("zh-CN", "您未按说明书安装，导致设备损坏。", "blame_customer", "我们没有提醒您按说明书安装"),
    ("zh-CN", "我们将进一步加强管理，全面提升服务质量。", "officialese", "加强管理"),
    ("zh-CN", "我们的AZ出现故障。", "abbreviation", "我们的机房出现故障。"),
    ("zh-CN", "机房运营方关错了机柜。", "blame_others", "我们关错了机柜。"),
    ("zh-CN", "合作酒店临时关闭，您的预订只能取消。", "blame_others", "我们临时关闭"),
    ("zh-CN", "银行系统升级，导致扣款失败。", "blame_others", "这是我们的错。"),
    ("zh-CN", "都怪短信通道商，提醒短信才没发出去。", "blame_others",
     "提醒短信才没发出去。这是我们的错。"),
    ("zh-CN", "您在多个网站使用同一个密码，才导致账号被盗。", "blame_customer", "不是您的错"),
    ("zh-CN", "积分被扣了两次。", "passive_evasion", "我们把积分扣了两次。"),
    ("zh-CN", "中断的时间比较短。", "minimising", "确切的数字"),
    ("zh-CN", "数据在迁移过程中丢失了。", "passive_evasion", "我们在迁移过程中把数据弄丢了。"),
    ("zh-CN", "部分退款被延后处理。", "passive_evasion", "我们把部分退款延后处理了。"),
    ("en", "Our booking agent double-booked several rooms.", "blame_others",
     "We double-booked several rooms."),
    ("en", "Our logistics contractor fell behind on collections.", "blame_others",
     "We fell behind on collections."),
    ("en", "A number of accounts were locked by mistake.", "passive_evasion",
     "We locked a number of accounts by mistake."),
    ("en", "If you'd contacted support first, we could have stopped the order.", "blame_customer",
     "We should have stopped the order."),
    ("en", "Customer phone numbers were visible in the order history.", "passive_evasion",
     "We made customer phone numbers visible in the order history."),
    ("en", "The landlord switched off the power to our shop.", "blame_others",
     "We switched off the power to our shop."),
    ("en", "The refund was delayed by a week.", "passive_evasion",
     "We delayed the refund by a week."),
    ("en", "Eleven of your emails were sent twice.", "passive_evasion",
     "We sent eleven of your emails twice."),
    ("zh-CN", "我们的包装供应商让我们很失望，很多盒子都是破的。", "blame_others", "我们让您很失望"),
    ("en", "We expect things to improve soon.", "vague",
     "We expect things to improve by 16:00 today."),
    ("zh-CN", "酒店的预订系统没有记录您的订单。", "blame_others",
     "我们的预订系统没有记录您的订单。这是我们的错。"),
    ("zh-CN", "电力公司给我们的抄表数据有误。", "blame_others", "我们的抄表数据有误。"),
    # what they failed to do was done to us: no "我们一直没给我们回执"
    ("zh-CN", "话费充值迟迟不到账，运营商一直没给我们回执。", "blame_others",
     "运营商一直没给我们回执——这家合作方是我们选的。"),
    ("zh-CN", "您的申请材料不完整，所以审核被延误了。", "blame_customer",
     "我们应该早点告诉您申请材料不完整"),
    ("zh-CN", "您要是早点联系我们，问题早就解决了。", "blame_customer", "我们本该早点联系您。"),
    ("zh-CN", "如果您仔细阅读了条款，就会知道这张票不能退。", "blame_customer",
     "我们本该提醒您仔细阅读条款。"),
    ("zh-CN", "对于此次延误，我们深表歉意。", "non_apology", "对不起，延误是我们的错。"),
    ("zh-CN", "我们理解您的心情。", "non_apology", "对不起，这是我们的错。"),
    ("zh-CN", "后续将加强系统稳定性建设。", "officialese", "加强系统稳定性"),
    ("zh-CN", "这只是一个小插曲。", "minimising", "确切的数字"),
    ("zh-CN", "网站上显示了错误的价格。", "passive_evasion", "我们在网站上显示了错误的价格"),
    ("zh-CN", "演出场地被临时更换了。", "passive_evasion", "我们把演出场地临时更换了。"),
    ("zh-CN", "都是因为机场安检排队太久，您才误了航班。", "blame_others",
     "您误了航班，这是我们的错：我们本该提前想到机场安检排队太久。"),
    ("zh-CN", "由于港口拥堵，您的货要晚到一周。", "blame_others", "您的货要晚到一周，这是我们的错"),
    ("zh-CN", "这次漏寄是分拣中心的失误。", "blame_others", "这次漏寄是我们的失误。"),
    ("zh-CN", "外卖小哥把餐送到了隔壁楼。", "blame_others", "我们把餐送到了隔壁楼。"),
    ("zh-CN", "中转仓人手不够，所以发货慢了。", "passive_evasion", "我们的中转仓人手不够"),
    ("zh-CN", "您选择了错误的套餐，所以被多扣了费用。", "blame_customer", "我们没有把套餐说清楚"),
    ("zh-CN", "请您以后仔细核对收件信息。", "blame_customer", "这次是我们没做好"),
    ("zh-CN", "如果我们的工作有不到位的地方，请您多多理解。", "non_apology", "对不起"),
    ("zh-CN", "感谢您一直以来的包容。", "non_apology", "对不起，这是我们的错。"),
    ("zh-CN", "您的快递在派送途中遗失了。", "passive_evasion", "我们在派送途中把您的快递弄丢了。"),
    ("zh-CN", "您在高峰期下单，配送时间自然会长一些。", "blame_customer", "这是我们没有安排好"),
    ("zh-CN", "这是银行风控的决定，我们无权干预。", "blame_others", "这件事我们来负责"),
    ("zh-CN", "希望您能理解我们的难处。", "non_apology", "直接道歉"),
    ("zh-CN", "如果您因此感到不快，我们很抱歉。", "non_apology", "对不起"),
    ("zh-CN", "本次延误源于铁路部门的临时调度。", "blame_others", "本次延误源于我们的临时调度。"),
    # sixth round (h7): shapes met in fresh sentences
    ("zh-CN", "具体补偿方案还在讨论中。", "vague", "还在讨论中，今天下午4点前"),
    ("zh-CN", "我们会尽最大努力早日解决。", "vague", "今天下午4点前"),
    ("zh-CN", "有最新消息我们会告诉您。", "vague", "今天下午4点前"),
    ("zh-CN", "抱歉让您有了不好的感受。", "non_apology", "对不起，我们"),
    ("zh-CN", "这次的事情，我们也不想发生。", "non_apology", "对不起，这次的事情是我们的错"),
    ("zh-CN", "请接受我们诚挚的歉意。", "non_apology", "对不起，这是我们的错"),
    ("zh-CN", "我们会认真汲取教训，不断改进工作。", "officialese", "汲取教训"),
    ("zh-CN", "受影响的订单占比不到百分之一。", "minimising", "受影响的订单占比（写出确切"),
    ("zh-CN", "泄露的只是昵称，不是什么重要信息。", "minimising", "（写出具体是哪些）"),
    ("zh-CN", "有几件包裹在分拣时放错了区域。", "passive_evasion",
     "我们把几件包裹在分拣时放错了区域"),
    ("zh-CN", "这笔款项重复扣除了。", "passive_evasion", "我们把这笔款项重复扣除了"),
    ("zh-CN", "错误的账单已经寄出去了。", "passive_evasion", "我们把错误的账单寄出去了"),
    ("zh-CN", "多位乘客的行李被遗漏在了始发站。", "passive_evasion",
     "我们把多位乘客的行李遗漏在了始发站"),
    ("zh-CN", "您下单时勾选了无需发票，所以我们没有开票。", "blame_customer",
     "我们没有开票，是我们没有提前把这一点说清楚"),
    ("zh-CN", "您上传的照片太模糊，审核没有通过。", "blame_customer", "告诉您照片太模糊"),
    ("zh-CN", "系统显示您在签收时并未当面验货。", "blame_customer", "我们没有提醒您当面验货"),
    ("zh-CN", "未在截止日期前提交资料的客户，视为自动放弃。", "blame_customer",
     "提前提醒大家在截止日期前提交资料"),
    ("zh-CN", "航班延误主要是空管流量控制的结果。", "blame_others", "航班延误是我们的责任"),
    ("zh-CN", "快递小哥说他敲过门，但家里没人。", "blame_others", "不要转述快递小哥的说法"),
    ("zh-CN", "代收点把您的包裹和别人的搞混了。", "blame_others", "我们把您的包裹和别人的搞混了"),
    ("zh-CN", "您预留的手机号不是本人的，所以收不到验证码。", "blame_customer", "手机号"),
    ("zh-CN", "您购买的是不可退款的特价票。", "blame_customer", "在您下单前就说清楚"),
    ("zh-CN", "您可能误触了自动续费按钮。", "blame_customer", "我们没有把自动续费按钮说清楚"),
    ("zh-CN", "我们理解这件事让您不太开心。", "non_apology", "对不起"),
    ("zh-CN", "我们对此事的发生感到非常难过。", "non_apology", "对不起"),
    ("zh-CN", "您的账单金额计算有误。", "passive_evasion", "我们把您的账单金额算错了"),
    ("zh-CN", "您的体检报告发给了另一位客户。", "passive_evasion",
     "我们把您的体检报告发给了另一位客户"),
    ("zh-CN", "偶尔会有一两次扣款失败，属于正常现象。", "minimising", "不要淡化"),
    ("zh-CN", "问题的根子在于合作健身房没有及时更新课表。", "blame_others",
     "问题的根子在于我们没有及时更新课表"),
    ("zh-CN", "这次故障持续的时间并不算太长。", "minimising", "写出确切的人数、金额或时长"),
    ("zh-CN", "本次事件并非我们所愿。", "non_apology", "对不起"),
    ("zh-CN", "我们一直把用户放在第一位。", "non_apology", "对不起"),
    ("zh-CN", "后续将建立健全投诉快速响应机制。", "officialese", "建立健全"),
    ("zh-CN", "新学期的课表排重了。", "passive_evasion", "我们把新学期的课表排重了"),
    ("zh-CN", "您家的维修单在派单时漏掉了。", "passive_evasion",
     "我们在派单时把您家的维修单漏掉了"),
    ("zh-CN", "恢复时间视抢修进度而定。", "vague", "今天下午4点前"),
    ("zh-CN", "待系统稳定后我们再通知您。", "vague", "今天下午4点前"),
    ("zh-CN", "您的设备系统版本过低，才会出现闪退。", "blame_customer", "系统版本过低"),
    ("zh-CN", "您已超过无理由退货期限，我们无法受理。", "blame_customer", "说清楚这一点"),
    ("zh-CN", "请您务必确保账户余额充足，以免扣款失败。", "blame_customer", "说清楚这一点"),
    ("zh-CN", "我们会把您的意见转达给相关同事。", "non_apology", "对不起"),
    ("zh-CN", "扣错的也就几块钱。", "minimising", "写出确切的人数、金额或时长"),
    ("zh-CN", "您的押金退到了错误的账户。", "passive_evasion", "我们把您的押金退到了错误的账户"),
    ("zh-CN", "您的订单状态显示异常。", "passive_evasion", "我们把您的订单状态显示错了"),
    ("zh-CN", "您预约的医生号源已释放。", "passive_evasion", "我们把您预约的医生号源释放了"),
    ("zh-CN", "部分快递在运输途中受潮。", "passive_evasion", "我们没有保护好"),
    ("zh-CN", "您的孩子使用了您的账号充值，所以才有这几笔扣款。", "blame_customer",
     "这几笔扣款，是我们没有提前把这一点说清楚"),
    ("zh-CN", "您上次的投诉信息填写不完整，我们无法跟进。", "blame_customer", "投诉信息不完整"),
    ("zh-CN", "您的退款卡在了支付宝那边。", "blame_others", "您的退款还没有到，这是我们的事"),
    ("zh-CN", "希望这件事没有影响您的心情。", "non_apology", "对不起"),
    ("zh-CN", "抱歉，系统就是这么设计的。", "non_apology", "对不起"),
    ("zh-CN", "您的座位已经调换。", "passive_evasion", "我们把您的座位调换了"),
    ("zh-CN", "有两份合同在归档时丢失了。", "passive_evasion", "我们在归档时把合同弄丢了"),
    ("zh-CN", "只是部分图片暂时无法显示。", "minimising", "写出确切的人数、金额或时长"),
    ("zh-CN", "您的车辆长期未保养，所以保修不适用。", "blame_customer",
     "告诉您车辆长期未保养会有什么后果"),
    ("zh-CN", "请您今后按时缴费，以免再次停机。", "blame_customer", "说清楚这一点"),
    ("zh-CN", "您的包裹无人签收，已按规定退回。", "blame_customer", "说清楚这一点"),
    ("zh-CN", "您在非营业时间打来的电话，当然没人接。", "blame_customer", "这是我们没有安排好"),
    ("zh-CN", "您的心情我们完全可以理解，但规定就是规定。", "non_apology", "对不起"),
    ("zh-CN", "辛苦您了。", "non_apology", "先道歉"),
    ("zh-CN", "问题并没有大家想象的那么严重。", "minimising", "写出确切的人数、金额或时长"),
    ("zh-CN", "您的快递在中转站滞留了五天。", "passive_evasion", "我们没有看好您的快递"),
    # eighth round (h14): shapes, checked on sentences of no corpus
    ("en", "A technician visiting the exchange unplugged the wrong cable.", "blame_others",
     "We unplugged the wrong cable."),
    ("en", "The licensing board rejected 40 of our taxi renewals by mistake.", "blame_others",
     "We rejected 40 of our taxi renewals by mistake."),
    ("en", "Certain branches could close early this week.", "vague",
     "<which ones, how many> branches will close early this week"),
    ("en", "We are experiencing an issue with some of our tills.", "vague",
     "We are experiencing <what went wrong> with <which ones, how many> of our tills"),
    ("en", "Should the outage have disrupted your evening, we apologise.", "non_apology",
     "We're sorry the outage disrupted your evening."),
    ("en", "We regret the delay to your order.", "non_apology", "We're sorry"),
    ("en", "The overdraft fee applied because you let your balance drop below zero.",
     "blame_customer", "We have taken the fee off your account."),
    ("en", "We could not read your meter as it was locked behind a gate.", "blame_customer",
     "We will come back and read your meter by <day and time>."),
    ("en", "You deleted your saved photos by tapping reset instead of restore.",
     "blame_customer", "tapping reset instead of restore could delete your saved photos"),
    ("en", "Your wheelie bin was not emptied on Thursday.", "passive_evasion",
     "We did not empty your wheelie bin on Thursday."),
    ("en", "We failed to reconcile your account with the ledger.", "jargon",
     "We failed to match up your account with the account records."),
    ("en", "The water looked brown because of high turbidity in the trunk main.", "jargon",
     "high cloudiness in the large water pipe"),
    ("en", "It seems the removals firm lost two of your boxes.", "blame_others",
     "We lost two of your boxes."),
    ("en", "You could have avoided the overdraft charge by moving money across on Friday.",
     "blame_customer", "moving money across on Friday avoids the overdraft charge"),
    ("en", "The crack in the screen was caused by misuse.", "blame_customer",
     "We will repair or replace it free of charge"),
    ("en", "Having not returned the form, you lost your place.", "blame_customer",
     "We should have reminded you to return the form."),
    ("en", "Your bag went missing, but these things happen.", "minimising",
     '"Your bag went missing. <what happened'),
    ("en", "We acknowledge that the repair did not go as planned.", "non_apology", "We're sorry"),
    ("en", "It's a pity your stay was cut short.", "non_apology", "We're sorry"),
    ("en", "We're sorry you had cause to write to us about your invoice.", "non_apology",
     "We're sorry we got your invoice wrong"),
    ("en", "Were you to have checked the box, the parcel would have been insured.",
     "blame_customer", "We should have"),
    ("en", "Under our policy, your membership was cancelled after two missed payments.",
     "blame_customer", "We should have warned you before your membership was cancelled."),
    ("en", "Checking the delivery address is the buyer's responsibility.", "blame_customer",
     "We will check it with you"),
    ("en", "Please be assured that the double booking was not intended.", "non_apology",
     "We're sorry for the double booking"),
    ("en", "The fault lies entirely with their software supplier.", "blame_others",
     "We chose to rely on their software supplier"),
    ("en", "It has come to our attention that the cleaning firm skipped your office on Monday.",
     "blame_others", "We skipped your office on Monday."),
    ("en", "Haven't you read our email about the new opening hours?", "blame_customer",
     "We should have made sure our email reached you."),
    ("en", "Members who opt to pay in cash accept that receipts are not posted.",
     "blame_customer", "We will tell you the cost before you choose"),
    ("en", "Your curtains were hemmed shorter than you asked.", "passive_evasion",
     "We hemmed your curtains shorter than you asked."),
    ("en", "Your opinion really matters to us, and your feedback is valued.", "non_apology",
     "We're sorry <what we did>"),
    ("en", "Lost keys left in lockers are not our responsibility.", "blame_customer",
     "We should have checked this with you."),
    ("en", "We're sorry the hotel room was not quite to your liking.", "non_apology",
     "We're sorry the hotel room <what was wrong with it>"),
    ("en", "Work on the new checkout is making good progress.", "vague",
     "<the rest> by <day and time>"),
    ("en", "Cyclists who skip the bike check are the ones who end up stranded.",
     "blame_customer", "We should have made the bike check harder to miss."),
]

# near-misses the structural checks must leave alone
STRUCTURE_CLEAN = [
    ("en", "We chose the courier, so the late delivery is our responsibility."),
    ("en", "Your bank may take up to five days to show the refund."),
    ("en", "Your email address and name were seen by someone who should not have seen them."),
    ("en", "Your card number was not exposed."),
    ("en", "Our single sign-on (SSO) page is back; use your PIN and the SMS code."),
    ("en", "If you have not had your parcel by Friday, reply to this email."),
    ("zh-CN", "快递是我们选的，所以这是我们的责任。"),
    ("zh-CN", "多扣的钱我们已退回，银行一般需要三到五天显示到账。"),
    ("zh-CN", "如果您还没收到包裹，请直接回复。"),
    ("zh-CN", "您的银行卡号没有泄露。"),
    ("zh-CN", "延误是我们的错，不是快递的错。"),
    ("zh-CN", "您什么都没做错，是我们的问题。"),
    ("zh-CN", "您的姓名和邮箱被看到了，银行卡号没有泄露。"),
    ("zh-CN", "我们的网站出错了，我们在10:05修好了。"),
    ("zh-CN", "对不起，您的家具在我们这里被弄坏了。"),
    ("en", "If the parcel is damaged, please send us a photo."),
    ("en", "Your refund was approved this morning."),
    ("en", "Your card details were not visible to anyone."),
    ("zh-CN", "您的账户里没有任何钱被转走。"),
    ("zh-CN", "有14个包裹丢了，其中一个是您的。"),
    ("zh-CN", "您的数据没有丢失。"),
    ("en", "Your customer ID starts with the letters CU."),
    ("en", "We are sorry. Your furniture was damaged while in our care."),
    ("zh-CN", "您的银行会在三个工作日内解除冻结。"),
    ("zh-CN", "对不起，我们把您的快递单号填错了。"),
    ("zh-CN", "如果您已经付了款，周五前会收到退款。"),
    ("zh-CN", "您的收货电话没有问题，是我们抄错了一位数。"),
    ("zh-CN", "对不起，我们理解您为什么着急：您的药今天没送到。"),
    ("zh-CN", "我们的一台电脑出了故障，内存被慢慢占满了。"),
    ("zh-CN", "周六刷卡被拒的每一位顾客，我们都向您道歉。"),
    ("zh-CN", "我们给您报错了电价套餐，会按更低的那档收费。"),
    ("zh-CN", "我们已经给仓库加了一道称重检查。"),
    ("zh-CN", "您没选错日期，是我们的页面显示错了。"),
    ("zh-CN", "很抱歉给您添了麻烦：您的快递晚到了两天。"),
    ("zh-CN", "谢谢您的意见，我们已经把等待时间缩短到了10分钟。"),
    ("zh-CN", "如果您当初买了延保，也可以直接来店里免费维修。"),
    ("zh-CN", "您的会员等级没有变化。"),
    ("zh-CN", "您的银行没有问题，是我们这边拦截了付款。"),
    ("zh-CN", "清洁公司是我们请的，您的行李被扔掉是我们的错，我们会按价赔偿。"),
    ("zh-CN", "快递退回不是您的问题，我们今天重新寄出。"),
    ("zh-CN", "还没确认订单的客户，我们会把订单保留到周五。"),
    ("zh-CN", "没有买运费险的客户，运费也由我们承担。"),
    ("zh-CN", "负责账单的同事每天上午会核对一遍重复扣款。"),
    ("zh-CN", "您的优惠券已过期，无法使用。"),
    ("zh-CN", "快递员说明天上午会再送一次。"),
    ("zh-CN", "我们会在三个工作日内退款。"),
    ("zh-CN", "航班取消后我们没有及时通知您，对不起。"),
    ("zh-CN", "司机绕了远路，多收的28元我们已退回，这是我们没管好。"),
    ("zh-CN", "我们把您的体检报告发给了另一位客户，这是严重的错误。"),
    ("zh-CN", "您不需要改密码，您的密码没有泄露。"),
    ("zh-CN", "维护期间，贵宾通道暂停服务。"),
    ("zh-CN", "支付密码输错两次后交易会被拦截，这个提示我们没写清楚，对不起。"),
    ("zh-CN", "您的快递被一位邻居签收了，我们已找到他，下午送到您家。"),
    ("zh-CN", "您退货时没有附发票也没关系，我们照样退款。"),
    ("zh-CN", "对不起，我们的页面写错了价格，让大家困惑了好几天。"),
    ("zh-CN", "您的账户没有被冻结。"),
    ("zh-CN", "您可以在常见问题页面找到答案。"),
    ("zh-CN", "虽然已经过了退货期限，我们还是给您退。"),
    ("zh-CN", "系统稳定后我们会马上通知您，最晚今晚9点。"),
    ("zh-CN", "合作商户改了价格，我们没有检查出来，多收的钱我们来退。"),
    ("zh-CN", "有14个包裹在分拣时丢了，其中一个是您的，我们明天补发。"),
    ("zh-CN", "我们关闭了您的工单，其实问题还没解决，对不起。"),
    ("zh-CN", "您的银行卡没有泄露，所以不用换卡。"),
    ("zh-CN", "辛苦您等了这么久，对不起，是我们处理太慢。"),
    ("en", "Your card was not charged on Monday."),
    ("en", "Our driver did not ring the bell; we will bring it tomorrow by noon."),
    ("en", "Some of the 40 orders arrived late; we refunded the delivery fee."),
    ("en", "We blocked your card by mistake, and we regret the worry that caused you."),
    ("en", "We have called only 12 of the 31 families so far; the rest hear from us today."),
    ("en", "Our ledger (the record of what you owe) showed the payment twice."),
    ("en", "I'm sorry you had to chase us twice."),
    ("en", "There is nothing to pay and nothing you need to do about it."),
    ("en", "Our records show we never sent the letter, so we have sent it today."),
    ("en", "For instance, you can pay by card at the desk."),
    ("en", "We double-charged you by mistake; it was not deliberate, and the money is back today."),
    ("en", "Should you have any questions, reply to this email."),
    ("en", "Your booking was moved to Friday, as you asked."),
    ("en", "Customers who were charged a late fee will get it back on Friday."),
    ("en", "We have fixed the checkout, and the progress page is working again since 10:00."),
]


@pytest.mark.parametrize("locale,sentence,code,rewrite", STRUCTURE_CASES)
def test_structural_check_flags_and_suggests_a_rewrite(locale, sentence, code, rewrite):
    hits = [f for f in lint_text(sentence, locale, "facts.impact") if f.code == code]
    assert hits, f"{code} missed: {sentence}"
    assert rewrite in hits[0].suggestion
    start, end = hits[0].span
    assert 0 <= start < end <= len(sentence)


@pytest.mark.parametrize("locale,sentence", STRUCTURE_CLEAN)
def test_structural_checks_spare_plain_sentences(locale, sentence):
    assert lint_text(sentence, locale, "facts.impact") == []


def test_one_finding_per_mistake_when_a_phrase_and_a_structure_agree():
    found = lint_text("Customers who did not update the app could not log in.",
                      "en", "facts.impact")
    assert [f.code for f in found] == ["blame_customer"]
    assert found[0].suggestion == "We should have made it easier to update the app."


def test_earlier_heldout_sets_now_development_stay_above_target():
    """Their misses were read while tuning, so they are development material (pooled per locale)."""
    for locale in ("en", "zh-CN"):
        bad = good = missed = flagged = 0
        for d in DEV_DIRS:
            figures = evaluate_corpus(d).get(locale)
            if figures is None:
                continue  # a development set of the other locale only (dev-8 is zh-CN)
            bad, good = bad + figures["bad"], good + figures["good"]
            missed += len(figures["missed"])
            flagged += len(figures["false_positives"])
        assert (bad - missed) / bad >= 0.95 and flagged / good <= 0.05, (locale, missed, flagged)


def test_heldout_corpus_is_labelled_and_large_enough():
    for locale, heldout_dir in HELDOUT.items():
        figures = evaluate_corpus(heldout_dir, figures_only=True)[locale]
        assert figures["bad"] >= 60 and figures["good"] >= 60
        assert "missed" not in figures and "unlabelled" not in figures["by_kind"]


def test_phrase_lookup_by_first_word_finds_what_a_full_scan_finds():
    """Patterns are tried only where one of their first words starts (speed); same matches."""
    from gateway.bench.lint import _message
    from gateway.messages.lint.phrases import rules_for

    def keep(hits):
        out, last = [], -1
        for h in sorted(hits, key=lambda h: (h[0], -h[1])):
            if h[0] >= last:
                out.append(h)
                last = h[1]
        return out

    texts = {"en": [_message("en"), "Sorry for any trouble. Errors were found; an outage at "
                    "our vendor. Customers who didn't update. SORRY IF"],
             "zh-CN": [_message("zh-CN")]}
    for locale, samples in texts.items():
        for phrase_set in rules_for(locale).categories.values():
            for text in samples:
                scan = [(m.start(), m.end(), s) for p, s in phrase_set.matchers
                        for m in p.finditer(text) if m.end() > m.start()]
                assert keep(phrase_set.finditer(text)) == keep(scan)
