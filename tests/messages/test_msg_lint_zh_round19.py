"""zh-CN jargon of the nineteenth round of issue 17 (h107), by the shape of a trade's operation
(``chinese/procedures.py``): a thing that "triggers" a state, a second pass named as a term
(二次…, not 第二次), a procedure named after 做/进行/走/进入 ending in 处理/操作/流程, what a
thing needs said as one operation, a part of the machinery named by its head (引擎, 系数, …),
a measure's reading as the fault (余氯超标).
Sentences in wording no corpus uses; each rewrite keeps the sentence and asks for the term in
everyday words."""

from tests.support.lint_cases import round_tests

FLAGGED = [
    ("这次游泳池的余氯超标，今天暂停开放。", "jargon",
     "这次游泳池的（用日常的话说“余氯超标”对您有什么影响），今天暂停开放"),
    ("您的净水器触发了滤芯寿命锁，暂时停止出水。", "jargon",
     "（用日常的话说“触发了滤芯寿命锁”是什么）"),
    ("这批瓷盘釉面起泡，需要二次施釉后再烧。", "jargon",
     "需要（用日常的话说“二次施釉”是什么）后再烧"),
    ("您的快递已进入异常件拦截流程，请耐心等待。", "jargon",
     "（用日常的话说“异常件拦截”是什么）流程"),
    ("您的琴需要做一次整体调音校准。", "jargon",
     "需要做一次（用日常的话说“整体调音校准”是什么）"),
    ("由于派单引擎的权重系数设置有误，师傅没能按时上门。", "jargon",
     "（用日常的话说“派单引擎”是什么）"),
]

CLEAN = [
    "您的净水器滤芯到期了，我们周三上门免费换新。",
    "这是我们第二次推迟您的课，真的对不起，这节课免费。",
    "您不用做任何操作，我们已经把房间改好了。",
    "我们下周二免费再给您做一次清洁。",
    "您的体检报告里血糖偏高，请按医生的建议复查。",
    "您家的水压还是偏低，我们周四上门再查一次。",
]

test_round19_flagged, test_round19_left_alone = round_tests(FLAGGED, CLEAN, "zh-CN")
