"""A customer's mailbox shows an incident's or a complaint's messages as one thread."""

import pytest

from gateway.messages.threading import thread_headers


def test_the_first_message_starts_the_thread():
    assert thread_headers("email", "<c-7.m1@x>", "<c-7.m1@x>") == {"Message-ID": "<c-7.m1@x>"}


def test_a_later_message_answers_the_first():
    assert thread_headers("email", "<c-7.m3@x>", "<c-7.m1@x>") == {
        "Message-ID": "<c-7.m3@x>", "In-Reply-To": "<c-7.m1@x>", "References": "<c-7.m1@x>"}


@pytest.mark.parametrize("channel", ["sms", "whatsapp", "chat"])
def test_only_a_mailbox_gets_headers(channel):
    assert thread_headers(channel, "<c-7.m3@x>", "<c-7.m1@x>") == {}
