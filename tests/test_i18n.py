"""Every screen in Dutch by default, fully translated to French and English."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def hashable(text):
    return tuple(text) if isinstance(text, list | tuple) else text


def catalog(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_message_is_translated_and_none_is_fuzzy(language):
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        template = {message.id for message in read_po(handle) if message.id}
    messages = {message.id: message for message in catalog(language) if message.id}
    assert template <= set(messages), f"not merged into {language}: {template - set(messages)}"
    for message_id, message in messages.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{language}: untranslated {message_id!r}"
        assert not message.fuzzy, f"{language}: fuzzy {message_id!r}"


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_compiled_catalog_matches_the_source(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo", "rb") as handle:
        compiled = {hashable(m.id): hashable(m.string) for m in read_mo(handle) if m.id}
    source = {hashable(m.id): hashable(m.string) for m in catalog(language) if m.id}
    assert compiled == source, "run `jobatelier translate compile`"


def test_pages_are_dutch_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="nl">' in page and "Aanmelden" in page


@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", ["Se connecter", "Nom d’utilisateur"]), ("en", ["Log in", "Username"])],
)
def test_the_user_picks_a_language(client, language, words):
    response = client.post("/language", data={"language": language, "next": "/login"})
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert f'<html lang="{language}">' in page
    assert all(word in page for word in words)


def test_the_language_follows_the_user_to_the_desk_and_its_help_types(as_volunteer):
    as_volunteer.post("/language", data={"language": "fr", "next": "/visits/new"})
    page = as_volunteer.get("/visits/new").get_data(as_text=True)
    assert "Nouvelle visite" in page and "Rédiger ou adapter un CV" in page


@pytest.mark.parametrize("target", [
    "//evil.example", "/\\evil.example", "https://evil.example", "/desk\r\nSet-Cookie: x=1",
    "/desk\nX: y", "",
])
def test_the_language_switch_never_redirects_off_site_nor_fails(client, target):
    response = client.post("/language", data={"language": "en", "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/login"


def test_an_unknown_language_is_ignored(client):
    client.post("/language", data={"language": "xx", "next": "/login"})
    assert '<html lang="nl">' in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize(("language", "rate", "median"), [
    ("nl", "44,9\u00a0%", "2,5"), ("fr", "44,9\u00a0%", "2,5"), ("en", "44.9\u00a0%", "2.5")])
def test_numbers_are_written_as_the_language_writes_them(app, language, rate, median):
    from flask_babel import force_locale

    from jobatelier.i18n import decimal, percent

    with app.test_request_context(), force_locale(language):
        assert (percent(44.9), decimal(2.5), decimal(2.0), percent(None)) == (
            rate, median, "2", "–")
