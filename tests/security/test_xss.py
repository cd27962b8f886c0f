"""XSS: payloads in query strings, next, lang, address fields, rules files and merchant content all come out inert."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from storefront_plugin.i18n import LOCALE_COOKIE
from tests.security.helpers import (
    ALLOWED_ADDRESS,
    CHECKOUT_API,
    GATE,
    MARK,
    SHIPPING_API,
    XSS_PAYLOADS,
    injection_problems,
    shop,
)

PAGES = ["/storefront/", "/storefront/legal", "/storefront/learn/safe-use", "/storefront/learn/faq", GATE, "/storefront/age/denied"]
ADDRESS_FIELDS = ["country", "region", "county", "city", "postal_code", "line1", "line2"]


@pytest.fixture(scope="module")
def shop_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return shop(tmp_path_factory.mktemp("xss"))


def test_the_detector_finds_what_it_should() -> None:
    # A suite that cannot fail proves nothing: feed the detector what an unescaped page would hold.
    for payload in XSS_PAYLOADS[:6]:
        assert injection_problems(f"<p>{payload}</p>"), payload
    assert injection_problems('<a href="java\tscript:alert(1)">x</a>')
    assert not injection_problems("<p>&lt;script&gt;alert('sfxss')&lt;/script&gt;</p>")


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=range(len(XSS_PAYLOADS)))
@pytest.mark.parametrize("path", PAGES)
def test_query_strings_next_and_lang_are_escaped(shop_app: Flask, path: str, payload: str) -> None:
    client = shop_app.test_client()
    query = {"q": payload, "next": "/" + payload, "lang": payload, payload: "1"}
    response = client.get(path, query_string=query)
    assert response.status_code in (200, 403)
    assert injection_problems(response.get_data(as_text=True)) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS[:4], ids=range(4))
def test_lang_header_and_cookie_are_escaped(shop_app: Flask, payload: str) -> None:
    client = shop_app.test_client()
    client.set_cookie(LOCALE_COOKIE, payload.replace(";", ""))
    for path in ("/", "/storefront/", GATE):
        response = client.get(path, headers={"Accept-Language": payload})
        assert injection_problems(response.get_data(as_text=True)) == [], path


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=range(len(XSS_PAYLOADS)))
def test_gate_form_values_are_escaped(shop_app: Flask, payload: str) -> None:
    response = shop_app.test_client().post(GATE, data={"day": payload, "month": payload, "year": payload, "next": "/" + payload})
    assert response.status_code == 400
    assert injection_problems(response.get_data(as_text=True)) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=range(len(XSS_PAYLOADS)))
@pytest.mark.parametrize("field", [*ADDRESS_FIELDS, "birth_date"])
def test_every_checkout_field_is_escaped_in_the_blocked_page(shop_app: Flask, field: str, payload: str) -> None:
    data = {**ALLOWED_ADDRESS, field: payload}  # no valid birth date: always blocked, so the page always renders
    response = shop_app.test_client().post("/checkout", data=data, headers={"Referer": "http://localhost/" + payload})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert injection_problems(page) == []


def test_typed_values_are_shown_escaped_not_dropped(shop_app: Flask) -> None:
    # The message quotes what was typed (so the buyer sees the mistake); it must arrive as text.
    payload = XSS_PAYLOADS[0]
    page = shop_app.test_client().post("/checkout", data={"country": payload}).get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;sfxss&#39;)&lt;/script&gt;" in page


@pytest.mark.parametrize("url", [SHIPPING_API, CHECKOUT_API])
def test_json_answers_are_json(shop_app: Flask, url: str) -> None:
    body = {"address": {key: XSS_PAYLOADS[1] for key in ADDRESS_FIELDS}, "birth_date": XSS_PAYLOADS[0]}
    for sent in (body, {"address": XSS_PAYLOADS[0]}):
        response = shop_app.test_client().post(url, json=sent)
        assert response.mimetype == "application/json"
        assert response.headers.get("X-Content-Type-Options", "nosniff") == "nosniff"


def _toml(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


@pytest.fixture(scope="module")
def hostile_rules_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    folder = tmp_path_factory.mktemp("rules")
    name, note = XSS_PAYLOADS[1], XSS_PAYLOADS[2]
    source = "https://example.org/" + XSS_PAYLOADS[0]
    rules = folder / "hostile.toml"
    rules.write_text(
        f"""[dataset]
as_of = 2026-11-01
version = {_toml("v" + XSS_PAYLOADS[3])}

[[rule]]
id = "us-or-portland-xss"
name = {_toml(name)}
country = "US"
state = "OR"
city = "Portland"
effect = "ban"
sources = [{_toml(source)}, {_toml("https://example.org/?q=" + XSS_PAYLOADS[4])}]
as_of = "2026-01-01"
confidence = "high"
note = {_toml(note)}

[[rule]]
id = "us-vt-xss"
name = {_toml(XSS_PAYLOADS[5])}
country = "US"
state = "VT"
effect = "min_age"
min_age = 21
sources = ["https://example.org/vt"]
as_of = "2026-01-01"
confidence = "low"
note = {_toml(XSS_PAYLOADS[7])}
conflict = {_toml(XSS_PAYLOADS[8])}
""",
        encoding="utf-8",
    )
    return shop(folder, {"STOREFRONT_RULES_FILES": [str(rules)]})


def test_rules_file_strings_are_escaped_everywhere_they_show(hostile_rules_app: Flask) -> None:
    client = hostile_rules_app.test_client()
    legal = client.get("/storefront/legal").get_data(as_text=True)
    assert MARK in legal  # the payloads are shown, as text
    pages = {
        "legal": legal,
        "host page with disclaimer": client.get("/", headers={"Cookie": ""}).get_data(as_text=True),
        "gate": client.get(GATE).get_data(as_text=True),
        "blocked Portland": client.post(
            "/checkout", data={"country": "US", "region": "OR", "city": "Portland", "postal_code": "97201", "birth_date": "1980-07-04"}
        ).get_data(as_text=True),
        "blocked Vermont under 21": client.post(
            "/checkout", data={"country": "US", "region": "VT", "postal_code": "05401", "birth_date": "2006-01-01"}
        ).get_data(as_text=True),
    }
    assert 'data-code="shipping.banned"' in pages["blocked Portland"]
    for where, page in pages.items():
        assert injection_problems(page) == [], where


@pytest.fixture(scope="module")
def merchant_content_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    folder = tmp_path_factory.mktemp("content")
    (folder / "en").mkdir()
    body = "\n\n".join(
        [
            "Plain text with <script>alert('sfxss')</script> inside.",
            "<img src=x onerror=\"alert('sfxss')\"> <svg onload=alert('sfxss')></svg>",
            "<a href=\"javascript:alert('sfxss')\">click</a> and [md link](javascript:alert('sfxss'))",
            "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgnc2Z4c3MnKTwvc2NyaXB0Pg==)",
            "<iframe src=\"https://evil.example\"></iframe><object data=x></object><embed src=x>",
            "<style>body{background:url(javascript:alert('sfxss'))}</style><base href=\"https://evil.example/\">",
            "<p style=\"background:url(javascript:alert('sfxss'))\" onclick=\"alert('sfxss')\">styled</p>",
            "<form action=\"https://evil.example\"><input name=x></form>",
            "<a href=\"java&#x09;script:alert('sfxss')\">entity tab</a> <a href=\" &#14; javascript:alert('sfxss')\">ctl</a>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert('sfxss')></style></mglyph></table></mtext></math>",
        ]
    )
    (folder / "en" / "evil.md").write_text(
        f"---\ntitle: {_toml(XSS_PAYLOADS[1])}\nsummary: {_toml(XSS_PAYLOADS[2])}\nlast_reviewed: 2026-11-01\n---\n\n{body}\n",
        encoding="utf-8",
    )
    (folder / "en" / "faq.md").write_text(
        "---\ntitle: FAQ\nschema: FAQPage\nlast_reviewed: 2026-11-01\n---\n\n"
        # Entities survive sanitising as text and reach the JSON-LD as "</script>...": the real test of its escaping.
        "## Does &lt;/script&gt;&lt;script&gt;alert('sfxss')&lt;/script&gt; break out?\n\n"
        "No: <b onmouseover=alert('sfxss')>never</b>.\n",
        encoding="utf-8",
    )
    return shop(folder, {"STOREFRONT_CONTENT_DIR": str(folder)})


def test_merchant_html_is_sanitised(merchant_content_app: Flask) -> None:
    client = merchant_content_app.test_client()
    article = client.get("/storefront/learn/evil")
    assert article.status_code == 200
    page = article.get_data(as_text=True)
    assert "Plain text with" in page and "styled" in page  # the text survives; only markup goes
    assert injection_problems(page) == []
    assert "<style" not in page.split("</head>", 1)[1] and "<form" not in page
    index = client.get("/storefront/").get_data(as_text=True)
    assert MARK in index  # the hostile title and summary are listed, as text
    assert injection_problems(index) == []


def test_merchant_faq_cannot_break_out_of_the_json_ld(merchant_content_app: Flask) -> None:
    page = merchant_content_app.test_client().get("/storefront/learn/faq").get_data(as_text=True)
    head, _, rest = page.partition('<script type="application/ld+json">')
    assert rest, "the FAQ page has its JSON-LD"
    json_ld, _, after = rest.partition("</script>")
    assert "<" not in json_ld
    data = json.loads(json_ld)
    assert "</script>" in data["mainEntity"][0]["name"]  # kept as data, escaped as \u003c
    assert injection_problems(page) == []
