"""Whatever comes in, the module answers or says NotAnEmail; it never crashes."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.understanding import NotAnEmail, parse_email, understand_text

HEADERS = st.sampled_from([b"From: a@b.c\r\n", b"Subject: =?utf-8?q?x=C5?=\r\n", b"Content-Type: multipart/mixed; b=\r\n",
                           b"Content-Type: text/html; charset=koi8-r\r\n", b"Content-Transfer-Encoding: base64\r\n",
                           b"MIME-Version: 1.0\r\n", b"Content-Type: multipart/alternative; boundary=z\r\n"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_parse_email_raises_only_not_an_email_on_arbitrary_bytes(raw):
    try:
        parse_email(raw).to_dict()
    except NotAnEmail:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HEADERS, min_size=1, max_size=5), st.binary(max_size=1500))
def test_parse_email_survives_messages_with_arbitrary_bodies(headers, body):
    try:
        parse_email(b"".join(headers) + b"\r\n" + body).to_dict()
    except NotAnEmail:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=1500), st.text(max_size=200))
def test_understand_text_never_raises(text, subject):
    result = understand_text(text, subject).to_dict()
    assert result["language"] in ("tr", "hr", "lt", "en")
