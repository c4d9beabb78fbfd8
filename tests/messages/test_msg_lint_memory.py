"""An API process that lints many different texts stays under issue 14's 128 MB.

A subprocess is an API worker as `gateway up` runs one (gateway/cli/up.py): Python under
-OO, gunicorn's worker modules imported, then wsgi.py (glibc's heap set up, ``create_app()``,
the linter's ``warm_up()``, the heap trimmed). It then lints every development text of both
locales (tests/support/lint_texts.corpus: the corpus's top files and ``dev-*``, never a
held-out set; ~7,000 texts a locale) through ``lint_facts``, as the intake API lints facts
keyed by locale. All of them, not a sample: the checks' word caches (2,048 entries at most,
english/*.py) fill after ~1,000 English texts, and the process's resident size still grew
slowly over the next thousands. Measured on SQLite: 117.0 -> 150.5 MB before (numpy, imported
by lemminflect's guess for the first "-ed" word outside its lexicon; caches of 4,096-32,768
entries), 116.9 -> 125.5 MB after (english/guess.py; the caches sized by their hits); with
the learned models' n-grams in a marisa trie (learned.py) ~115.4 MB. On PostgreSQL the
process starts ~6-7 MB higher (its driver), which this test pins away: there it peaked at
133.6 MB before the trie, 122.8 MB after. No time is asserted; the subprocess takes ~10 s of
CPU.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.lint_texts import corpus
from tests.support.processes import ROOT

BUDGET_MB = 127.0  # the peak resident size (VmHWM), start-up included: under 128 with room
GROWTH_MB = 10.0  # what linting may add to the warmed-up process (~8.5 measured)

SCRIPT = r"""
import json, sys

def status():
    found = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                found[line[:5]] = int(line.split()[1]) / 1024
    return found

import gunicorn.app.wsgiapp, gunicorn.workers.gthread  # noqa: what a gunicorn worker has loaded
import wsgi  # noqa: the app and the linter's warm-up, as each API worker
from gateway.messages.lint import lint_facts

warm = status()
texts = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:  # one at a time: the texts themselves are not held
        locale, text = json.loads(line)
        lint_facts({locale: {"what_happened": text}})
        texts += 1
print(json.dumps({"warm": warm, "after": status(), "texts": texts,
                  "imported": sorted(m for m in sys.modules
                                     if m.split(".")[0] in ("numpy", "lemminflect"))}))
"""


def test_an_api_process_that_lints_every_dev_text_stays_under_128_mb(tmp_path: Path,
                                                                     redis_url: str):
    texts = tmp_path / "texts.jsonl"
    with texts.open("w", encoding="utf-8") as f:
        for locale in ("en", "zh-CN"):
            for text in corpus(locale):
                f.write(json.dumps([locale, text], ensure_ascii=False) + "\n")
    env = {**os.environ, "GATEWAY_INSTANCE_PATH": str(tmp_path / "instance"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.db'}", "REDIS_URL": redis_url}
    done = subprocess.run([sys.executable, "-OO", "-c", SCRIPT, str(texts)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["texts"] > 12_000  # both locales' development corpora, whole
    assert figures["imported"] == []  # lemminflect's guesses run without it, or numpy
    warm, after = figures["warm"]["VmRSS"], figures["after"]["VmRSS"]
    assert after - warm < GROWTH_MB, figures
    assert figures["after"]["VmHWM"] < BUDGET_MB, figures
