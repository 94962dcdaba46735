"""Six Discord locales end to end: each member's own country privately, one public reply for all.

On the shipped content. en-US, en-GB, de and ja were covered before; fr and pt-BR are added:
France's 17 and 112 with French lines, Brazil's 190 with its 180 and 188 lines. Private replies
are in the member's language (ja has none of its own: English), so expectations are worded
through the same translations.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.chat.client import SignpostBot
from bot.chat.copy import REPORT_LABEL
from bot.content.localised import language_for_locale
from bot.language import _, speaking
from bot.settings import Settings
from bot.wording import DANGER_LINE, NO_COUNTRY_EMERGENCY
from tests.conftest import SHIPPED_DATA
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.signpost import buttons, click, configure, run, text_of


@dataclass(frozen=True)
class Expected:
    """What a member of one locale must see first in /urgent."""

    country: str | None
    """The country's code; its name is read in the member's language."""
    numbers: tuple[str, ...]
    lines: tuple[str, ...]


EXPECTED = {
    "en-US": Expected("US", ("`911`",), ("988 Suicide & Crisis Lifeline",)),
    "en-GB": Expected("GB", ("`999`",), ("Samaritans helpline", "`116 123`")),
    "de": Expected("DE", ("`110`", "`112`"), ("TelefonSeelsorge",)),
    "fr": Expected(
        "FR", ("`17`", "`112`"), ("3114 (Numéro national", "3919 Violences Femmes Info")
    ),
    "pt-BR": Expected("BR", ("`190`", "`180`", "`188`"), ("CVV 188", "Ligue 180")),
    "ja": Expected(None, (), ("Find A Helpline",)),
}
LOCALES = tuple(EXPECTED)


def said(locale: str, english: str) -> str:
    """`english` as Signpost writes it for a member of `locale`."""
    with speaking(language_for_locale(locale)):
        return _(english)


def name_of(bot: SignpostBot, code: str, locale: str = "en-US") -> str:
    """A country's name as a member of `locale` reads it."""
    country = bot.services.content.engine.find_country(code)
    assert country is not None
    return str(country.in_language(language_for_locale(locale)).name)


def emergency_in(bot: SignpostBot, code: str, locale: str) -> str:
    """How crisis help opens for a member of `locale` in the country `code`: "Emergency in X: "."""
    heading = said(locale, "Emergency in {country}: {numbers}")
    return heading.split("{numbers}")[0].format(country=name_of(bot, code, locale))


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"data_dir": SHIPPED_DATA})


async def test_urgent_gives_each_member_their_own_countrys_help_privately(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    """In a server that set no country, and in a DM: the member's locale decides."""
    for locale, expected in EXPECTED.items():
        for dm in (False, True):
            handle, reply = await run(fake_discord, "urgent", locale=locale, dm=dm)
            shown = text_of(reply)
            assert reply.is_ephemeral, (locale, dm)
            if expected.country is None:
                assert said(locale, NO_COUNTRY_EMERGENCY) in shown
                assert "signpost:country:urgent" in str(handle.message)
            else:
                assert emergency_in(bot, expected.country, locale) in shown
            assert all(number in shown for number in expected.numbers), (locale, shown)
            assert all(line in shown for line in expected.lines), (locale, shown)
            others = {e.country for e in EXPECTED.values() if e.country} - {expected.country}
            assert not any(emergency_in(bot, code, locale) in shown for code in others)


async def test_a_french_member_turns_to_the_rest_of_frances_lines(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    page = said("fr", "Page {number} of {count}")
    handle, first = await run(fake_discord, "urgent", locale="fr")
    assert page.format(number=1, count=2) in text_of(first)
    assert set(buttons(handle.message)) == {said("fr", "Previous"), said("fr", "Next")}
    rest = await click(fake_discord, handle.message, said("fr", "Next"), locale="fr")
    assert rest.json["type"] == 7 and page.format(number=2, count=2) in text_of(rest)
    assert "119 Allô Enfance en Danger" in text_of(rest)
    assert said("fr", "Call {number}").format(number="`119`") in text_of(rest)


MEMBERS_OF = {
    "fr": ("FR", "je veux mourir", "17", "fr-3919"),
    "pt-BR": ("BR", "quero morrer", "190", "br-ligue-180"),
}
"""The two newest locales: country, crisis words in their language, first emergency number, and
a line of theirs."""


async def test_french_and_brazilian_members_get_their_country_in_every_private_reply(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    for locale, (code, crisis, number, line) in MEMBERS_OF.items():
        country = name_of(bot, code, locale)
        _handle, reply = await run(fake_discord, "ask", {"question": crisis}, locale=locale)
        assert reply.is_ephemeral and f"{emergency_in(bot, code, locale)}`{number}`" in text_of(
            reply
        )
        card, _reply = await run(fake_discord, "ask", {"question": line}, locale=locale)
        reported = await click(
            fake_discord, card.message, said(locale, REPORT_LABEL), locale=locale
        )
        call = said(locale, DANGER_LINE).format(number=f"**{number}**")
        assert reported.is_ephemeral and call in text_of(reported)
        options = {"topic": "sexual-assault"}
        _handle, found = await run(fake_discord, "resources", options, locale=locale)
        where = said(locale, "Where to get support in {country}").format(country=country)
        assert found.is_ephemeral and where in text_of(found)
        handle, guide = await run(fake_discord, "support-a-friend", locale=locale)
        assert guide.is_ephemeral
        page, next_label = text_of(guide), said(locale, "Next")
        while next_label in buttons(handle.message) and not buttons(handle.message)[next_label].get(
            "disabled"
        ):
            page = text_of(await click(fake_discord, handle.message, next_label, locale=locale))
        lines = said(locale, "Lines that take calls from friends and family in {country}")
        assert lines.format(country=country) in page


async def test_a_public_reply_is_the_same_whoever_asks_and_crisis_help_stays_private(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await configure(bot, fake_discord, private_replies=False)
    fact = bot.services.content.engine.snapshot.facts[0].id
    public: dict[str, set[str]] = {}
    for locale in LOCALES:
        member = fake_discord.add_member(fake_discord.guild, f"member-{locale}")
        for name, options in (("facts", None), ("help", None), ("ask", {"question": fact})):
            _, reply = await run(fake_discord, name, options, locale=locale, user=member)
            assert not reply.is_ephemeral and reply.mentions_none, (name, locale)
            public.setdefault(name, set()).add(text_of(reply))
        _handle, urgent = await run(fake_discord, "urgent", locale=locale)
        assert urgent.is_ephemeral  # crisis help is never posted for the channel
        code = EXPECTED[locale].country
        assert code is None or emergency_in(bot, code, locale) in text_of(urgent)
    names = {name_of(bot, e.country, locale) for locale, e in EXPECTED.items() if e.country}
    for name, texts in public.items():
        assert len(texts) == 1, f"/{name} differs by the member's locale"
        [text] = texts
        assert not any(country in text for country in names), name
