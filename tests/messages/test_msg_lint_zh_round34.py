"""The thirty-fourth round of issue 17, zh-CN (h197):

- ``blame_others`` (chinese/blame.py ``third_party``, ``_sanctioned``): a party whose predicate
  is a sanction (the lexicon's ``sanctions``: 停职, 停止上岗, 辞退 …, maybe after 已经/已被)
  is the one we dealt with, not the one blamed ("涉事的厨师已经停止上岗"); a party that stopped
  doing its work is still blamed ("快递员已经停止派送").
- ``blame_others`` (chinese/blame.py ``_their_fault``, ``_hired``): the party we brought in,
  named where the fault is said to sit ("责任在于我们委托的装卸队伍不够专业", "问题出在我们请的
  施工队…"; the lexicon's ``hired``), is still a party: flagged, and the rewrite owns the choice
  ("装卸队伍是我们委托的"). The fault placed on us ("责任在我们") stays clean.
- ``non_apology`` (chinese/apology.py ``_FORMAL``): regret as the manner of the telling, 遗憾
  as an adverbial with 地 ("遗憾地通知您，…"), is a regret, not an apology; with our act owned
  in the sentence it is not.
- ``sentence_length`` (checks.py ``_salutation``, ``_as_read``): a letter's salutation before
  its colon ("各位业主：", "尊敬的投资者：", "致各位家长：", "王女士您好，我是门店店长李强：";
  the lexicon's ``salutation_marks``, ``greetings``, ``titles`` and ``customers``) is the
  letter's head, not read as part of the sentence after it; a label ("停水原因：", "温馨提示：")
  or a time ("03:00") is not a salutation.
- ``blame_others`` (chinese/blame.py ``third_party``, ``_OWNED_NEXT``): a party's side
  ("花农那边今年玫瑰减产") followed at once by a clause that says the failure was ours
  ("，是我们没有早点备货") is their event and our failure owned, not blame; not where that
  clause says we could do nothing ("是我们没办法的事") or names the party as ours to shelter
  behind ("是我们的合作快递").
- ``vague`` (checks.py ``_OWNED_RIGHT_AFTER``): a vague fault word owned at once by the
  copula ("温度不稳定是我们没有验收好") is the fault named and owned; not where what follows
  owns nothing ("服务不稳定是我们正在处理的问题").
- ``minimising`` (chinese/segment.py ``some_of_them_owned``, ``_OUR_BA``): 部分 as what we did
  the act to, after 我们 … 把/将 ("我们的系统把一部分订单重复发了…") is the part we harmed, not
  a harm made small; with no 我们 it stays flagged.
- ``blame_others`` (chinese/blame.py ``self_named``): the sender naming itself, 本/我 and an
  organisation head (the lexicon's ``self_heads``: "本公司", "本行", "我院"), is no third
  party, as the subject ("本公司一部列车车门故障") or after 是 ("是本行更换伺服器时设定出错");
  "本地快递公司" is still one.
- ``blame_others`` (chinese/blame.py ``_speaks_for_us``): a statement in the third person that
  opens with its sender ("电讯公司表示，…", "学校在家长信中说明，…"; the lexicon's
  ``speaker_verbs``) and names itself again ("因公司机房…", "是幼儿园值班老师忘了") is the
  sender speaking, not someone else's account passed on; the sender and its staff in it are
  not blamed. A party's account ("公司强调，…由于航空管制所致"), one with only a remedy
  ("快递公司表示，包裹延误了，可以退款", round 27), one giving an outside cause ("由于天气
  原因") or one with 我们 speaking too ("…，我们会退还运费") still is.
- ``passive_evasion`` (chinese/passive.py ``wrong_result``): a clause whose subject is a staff
  post ("店员配药时看错了处方") names who did it, so it is no thing's wrong result with nobody
  in it (blame_others still judges whose staff); after it, a customer who got the wrong thing
  ("一名顾客拿到了错误剂量的药") is who it reached. Alone, that clause is still flagged.

Every sentence here was written for this file."""

import pytest

from gateway.messages.lint import lint_text


def _codes(sentence: str) -> set[str]:
    return {f.code for f in lint_text(sentence, "zh-CN", "text")}


def _suggestions(sentence: str, code: str) -> list[str]:
    return [f.suggestion for f in lint_text(sentence, "zh-CN", "text") if f.code == code]


@pytest.mark.parametrize("sentence", [
    "涉事的厨师已经停止上岗，检测机构下周一来检查整个厨房。",
    "该名快递员已被停职，您的包裹由我们今天重新寄出。",
    "那位司机已经被辞退，我们会在明天上午把车费全额退回。",
])
def test_a_party_we_sanctioned_is_not_blamed(sentence: str) -> None:
    assert "blame_others" not in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "快递员已经停止派送，您的包裹还在站点。",
    "物流公司已经停发了所有包裹，所以您的订单才晚了三天。",
])
def test_a_party_that_stopped_its_work_is_still_blamed(sentence: str) -> None:
    assert "blame_others" in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "您的搬家物品受损，责任在于我们委托的装卸队伍不够专业。",
    "问题出在我们请的施工队没有关好阀门。",
    "这次停电的问题出在我们聘请的电工公司接错了线。",
])
def test_a_party_we_hired_named_as_where_the_fault_sits_is_blamed(sentence: str) -> None:
    assert "blame_others" in _codes(sentence)


def test_the_rewrite_of_a_hired_party_owns_the_choice() -> None:
    (suggestion,) = _suggestions(
        "您的搬家物品受损，责任在于我们委托的装卸队伍不够专业。", "blame_others"
    )
    assert suggestion.startswith("您的搬家物品受损，这是我们的责任：装卸队伍是我们委托的")


@pytest.mark.parametrize("sentence", [
    "我们请的装卸工人打碎了您的镜子，他们是我们挑的，责任在我们，我们会照价赔偿。",
    "问题出在我们的排班上，周六的课我们会补上。",
])
def test_the_fault_placed_on_us_stays_clean(sentence: str) -> None:
    assert "blame_others" not in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "遗憾地通知您，您预订的宴会厅当天无法使用。",
    "我们很遗憾地告诉各位，本周六的讲座取消。",
])
def test_regret_as_the_manner_of_telling_is_a_non_apology(sentence: str) -> None:
    assert "non_apology" in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "对不起，我们遗憾地通知您：是我们把您的预约弄丢了，今天已为您重新约到周五上午。",
    "很遗憾，这次是我们把您的预约弄丢了，对不起，已为您改到周五上午。",
])
def test_regret_with_our_act_owned_is_not_a_non_apology(sentence: str) -> None:
    assert "non_apology" not in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "各位业主：今年本小区推迟了五天供暖，原因是我们和燃气公司签约晚了，这五天的取暖费会在12月底前"
    "按户退到缴费账户，家里有老人需要电暖器的，请打物业电话，我们今天就送上门。",
    "赵女士您好，我是门店店长王磊：您上周六在我们店做的烫发，因为我们的理发师把药水时间看错了，"
    "发尾受损了，我代表门店向您道歉，护理和修剪全部免费，您方便的时候告诉我时间就行。",
])
def test_a_salutation_is_not_read_as_part_of_the_sentence(sentence: str) -> None:
    assert "sentence_length" not in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    # the same sentence after a label, not a salutation: read whole
    "停水通知和原因说明：今年本小区推迟了五天供暖，原因是我们和燃气公司签约晚了，这五天的取暖费会在"
    "12月底前按户退到缴费账户，家里有老人需要电暖器的，请打物业电话，我们今天就送上门。",
    # a salutation before a sentence that is long on its own
    "尊敬的各位业主：受今冬持续低温、上游气源供应紧张以及部分老旧管网改造工程尚未全部完工等多重因素"
    "叠加影响，本供暖季开栓时间较往年有所推迟，具体供暖时间以后续通知为准。",
])
def test_a_label_or_a_long_sentence_after_a_salutation_is_still_long(sentence: str) -> None:
    assert "sentence_length" in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "花农那边今年玫瑰减产，是我们没有早点备货，您订的玫瑰换成了同价的百合，不想要可以全额退款。",
    "供应商那边断货了，是我们备货太晚，新货周五到。",
])
def test_their_side_then_our_failure_owned_is_not_blame(sentence: str) -> None:
    assert "blame_others" not in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "银行那边审核太严，是我们没办法的事。",
    "快递那边分拣太慢，是我们的合作快递，您的包裹晚了两天。",
    "快递那边分拣太慢，所以您的包裹晚了两天。",
])
def test_their_side_with_no_failure_of_ours_owned_is_still_blame(sentence: str) -> None:
    assert "blame_others" in _codes(sentence)


def test_a_vague_fault_word_owned_at_once_is_not_vague() -> None:
    assert "vague" not in _codes("冷藏柜温度不稳定是我们没有验收好，坏掉的药品全部按原价赔偿。")


def test_a_vague_fault_word_with_nothing_owned_is_still_vague() -> None:
    assert "vague" in _codes("服务不稳定是我们正在处理的问题。")


def test_part_of_what_we_did_the_act_to_is_not_minimising() -> None:
    sentence = "周三上午我们的系统把一部分订单重复发了两次提醒，订单本身没有重复。"
    assert "minimising" not in _codes(sentence)


def test_part_with_no_doer_of_ours_is_still_minimising() -> None:
    assert "minimising" in _codes("周三上午系统把一部分订单重复发了两次提醒。")


@pytest.mark.parametrize("sentence", [
    "本公司一部电梯今早停运了四十分钟，住户可到管理处领取停运证明。",
    "本行发言人表示，昨天网上银行无法登入一个小时，是本行更换设备时设定出错，相关手续费全数退还。",
])
def test_the_sender_naming_itself_is_no_third_party(sentence: str) -> None:
    assert "blame_others" not in _codes(sentence)


def test_a_party_whose_name_opens_with_ben_is_still_one() -> None:
    assert "blame_others" in _codes("本地快递公司分拣太慢，您的包裹晚了两天。")


@pytest.mark.parametrize("sentence", [
    "燃气公司表示，今早因公司调压站故障，城西约两千户停气一小时，本月燃气费将减收一天，用户无须申请。",
    "幼儿园在家长信中说明，午睡时空调没开是幼儿园值班老师忘了，当天的托管费全部退还。",
])
def test_the_sender_speaking_of_itself_is_not_an_account_passed_on(sentence: str) -> None:
    assert "blame_others" not in _codes(sentence)


@pytest.mark.parametrize("sentence", [
    "公司强调，航班延误是由于航空管制所致，属不可抗力。",
    "快递公司表示，包裹延误是因为天气原因。",
    "快递公司表示，包裹延误是分拣中心出错，我们会退还运费。",
    "快递公司表示，包裹晚到了两天，可以申请退款。",
    "航空公司表示，由于天气原因航班延误，公司会全额退款。",
])
def test_a_party_s_account_passed_on_is_still_blame(sentence: str) -> None:
    assert "blame_others" in _codes(sentence)


def test_a_staff_doer_then_the_customer_reached_is_not_passive() -> None:
    sentence = "眼镜店表示，店员配镜时看错了度数，一位顾客拿到了错误度数的眼镜，店里已免费重配。"
    assert "passive_evasion" not in _codes(sentence)


def test_a_customer_who_got_the_wrong_thing_with_no_doer_is_still_passive() -> None:
    assert "passive_evasion" in _codes("一位顾客拿到了错误度数的眼镜。")
