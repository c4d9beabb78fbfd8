"""A text's findings are the same in every process: none may depend on the order
of a set, which Python's hash seed changes from one process to the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.support.processes import ROOT

# "仅" and "仅仅" both start at 2: which one a finding named used to follow set order
TEXT = "晚 仅仅仅仅仅 OMS里的订单状态没有更新 今天的农家乐午饭晚了一个小时。"
SHOW = ("import json, sys; from gateway.messages.lint import lint_text; "
        "print(json.dumps([f.as_dict() for f in lint_text(sys.argv[1], 'zh-CN', 'body')], "
        "ensure_ascii=False))")


def findings_with_hash_seed(seed: int) -> list[dict[str, object]]:
    done = subprocess.run([sys.executable, "-c", SHOW, TEXT], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": str(seed)},
                          check=True)
    return list(json.loads(done.stdout))


def test_findings_do_not_depend_on_the_hash_seed():
    seed_0, seed_2 = findings_with_hash_seed(0), findings_with_hash_seed(2)  # differed before
    assert seed_0 == seed_2
    [shrug] = [f for f in seed_0 if f["code"] == "minimising"]
    assert TEXT[slice(*shrug["span"])] == "仅仅"  # at one place, the longer word is named
