"""Preview and catalogue over HTTP, with roles."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.api import OUTAGE, auth
from tests.support.lint_texts import EXAMPLES, lint_texts


def test_preview_email_renders_subject_html_and_text(client, keys):
    r = client.post("/v1/templates/preview", headers=auth(keys["comms"]),
                    json={"kind": "outage", "channel": "email", "locale": "en", "facts": OUTAGE,
                          "customer": {"name": "<script>alert(1)</script>",
                                       "timezone": "Europe/Berlin"}})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["subject"] and "payments" in body["text"]
    assert "<script>alert(1)</script>" not in body["html"]
    assert "&lt;script&gt;" in body["html"]
    assert body["readability"]["metric"] == "flesch_reading_ease"


def test_preview_sms_reports_encoding_and_segments(client, keys):
    zh = {**OUTAGE, "what_happened": "我们的结账页面出了故障。", "impact": "您无法付款。",
          "actions_taken": "我们已撤回改动。"}
    r = client.post("/v1/templates/preview", headers=auth(keys["comms"]),
                    json={"kind": "outage", "channel": "sms", "locale": "zh-CN", "facts": zh})
    body = r.get_json()
    assert body["sms"]["encoding"] == "UCS-2"
    assert body["sms"]["segments"] >= 1
    assert body["readability"]["metric"] == "avg_sentence_chars"
    english = client.post("/v1/templates/preview", headers=auth(keys["comms"]), json={
        "kind": "outage", "channel": "sms", "locale": "zh-CN", "facts": OUTAGE}).get_json()
    assert english["sms"]["encoding"] == "GSM-7"  # English facts: the whole SMS is English


def test_preview_flags_blame_in_facts(client, keys):
    facts = {**OUTAGE, "what_happened": "Due to our vendor, checkout failed."}
    body = client.post("/v1/templates/preview", headers=auth(keys["comms"]),
                       json={"kind": "outage", "channel": "email", "locale": "en",
                             "facts": facts}).get_json()
    assert any(f["severity"] == "error" for f in body["lint"])


def test_preview_rejects_unknown_and_traversal_names(client, keys):
    for kind in ("meteor", "../../etc/passwd"):
        r = client.post("/v1/templates/preview", headers=auth(keys["comms"]),
                        json={"kind": kind, "channel": "email", "locale": "en", "facts": OUTAGE})
        assert r.status_code == 422
        assert r.get_json()["error"]["details"][0]["field"] == "kind"


def test_preview_roles(client, keys):
    body = {"kind": "outage", "channel": "email", "locale": "en", "facts": OUTAGE}
    for role in ("system", "approver", "auditor"):
        assert client.post("/v1/templates/preview", headers=auth(keys[role]),
                           json=body).status_code == 403
    assert client.post("/v1/templates/preview", headers=auth(keys["admin"]),
                       json=body).status_code == 200


def test_catalogue_lists_every_kind_channel_locale(client, keys):
    r = client.get("/v1/templates", headers=auth(keys["auditor"]))
    assert r.status_code == 200
    paths = {t["path"] for t in r.get_json()["templates"]}
    assert "outage/email.en.j2" in paths and "data_breach/sms.zh-CN.j2" in paths
    assert client.get("/v1/templates", headers=auth(keys["system"])).status_code == 403


@settings(max_examples=max(EXAMPLES // 4, 10),
          deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                HealthCheck.data_too_large,
                                                HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["email", "sms", "chat"]), st.sampled_from(["en", "zh-CN"]), st.data())
def test_preview_with_the_linters_words_as_facts_is_never_a_500(client, keys, channel, locale,
                                                                data):
    """Facts made of the linter's own words, mutated (tests/messages/test_msg_lint_fuzz.py)."""
    text = st.one_of(lint_texts("en"), lint_texts("zh-CN"))
    facts = {**OUTAGE, **data.draw(st.fixed_dictionaries(
        {}, optional={"what_happened": text, "impact": text, "actions_taken": text}))}
    update = {"stage": "monitoring", "message": data.draw(text)[:4000]}
    kind = data.draw(st.sampled_from(["outage", "update"]))
    r = client.post("/v1/templates/preview", headers=auth(keys["comms"]), json={
        "kind": kind, "channel": channel, "locale": locale, "facts": facts,
        **({"update": update} if kind == "update" else {})})
    assert r.status_code in (200, 422), r.get_json()
