"""Link tokens with the cached derived key are the tokens itsdangerous makes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from itsdangerous import Signer

from gateway.delivery import tokens


def test_cached_key_gives_identical_tokens_and_reads_them() -> None:
    secret = "s3cret-for-the-test"
    for kind, name in tokens.KINDS.items():
        plain = Signer(secret, salt=f"gateway-link-{name}")
        for token in (tokens.LinkToken(1, 2, "email"), tokens.LinkToken(0xABCDEF, 77, "sms", 3),
                      tokens.LinkToken(5, 9, "chat", 0)):
            ours = tokens.make(secret, kind, token)
            payload = ours.rsplit(".", 1)[0]
            assert ours == plain.sign(payload).decode()
            assert ours == tokens.make(secret, kind, token)  # second use: the cached key
            assert tokens.read(secret, kind, ours) == token
            assert tokens.read(secret, kind, plain.sign(payload).decode()) == token


def test_cached_key_still_refuses_tampered_and_foreign_tokens() -> None:
    token = tokens.LinkToken(1, 2, "email")
    good = tokens.make("one-secret", "a", token)
    assert tokens.read("other-secret", "a", good) is None
    assert tokens.read("one-secret", "u", good) is None  # another kind's salt
    assert tokens.read("one-secret", "a", good[:-1] + ("A" if good[-1] != "A" else "B")) is None


@given(secret=st.text(min_size=1, max_size=200), kind=st.sampled_from(sorted(tokens.KINDS)),
       customer=st.integers(0, 2**63 - 1), incident=st.integers(0, 2**63 - 1),
       channel=st.sampled_from(sorted(tokens.CHANNEL_CODES)), message=st.integers(0, 2**31))
def test_any_secret_and_token_signs_as_itsdangerous_does(secret, kind, customer, incident,
                                                          channel, message) -> None:
    token = tokens.LinkToken(customer, incident, channel, message)
    ours = tokens.make(secret, kind, token)
    assert ours == Signer(secret, salt=f"gateway-link-{tokens.KINDS[kind]}").sign(
        ours.rsplit(".", 1)[0]).decode()
    assert tokens.read(secret, kind, ours) == token
