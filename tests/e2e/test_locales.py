"""Six Discord locales end to end: each member's own country privately, one public reply for all.

On the shipped content. en-US, en-GB, de and ja were covered before; fr and pt-BR are added:
France's 17 and 112 with French lines, Brazil's 190 with its 180 and 188 lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.chat.client import SignpostBot
from bot.chat.copy import REPORT_LABEL
from bot.settings import Settings
from tests.conftest import SHIPPED_DATA
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.signpost import buttons, click, run, text_of


@dataclass(frozen=True)
class Expected:
    """What a member of one locale must see first in /urgent."""

    country: str | None
    numbers: tuple[str, ...]
    lines: tuple[str, ...]


EXPECTED = {
    "en-US": Expected("United States", ("`911`",), ("988 Suicide & Crisis Lifeline",)),
    "en-GB": Expected("United Kingdom", ("`999`",), ("Samaritans helpline", "`116 123`")),
    "de": Expected("Germany", ("`110`", "`112`"), ("TelefonSeelsorge",)),
    "fr": Expected(
        "France", ("`17`", "`112`"), ("3114 (Numéro national", "3919 Violences Femmes Info")
    ),
    "pt-BR": Expected("Brazil", ("`190`",), ("Call `180`", "Call `188`", "CVV 188", "Ligue 180")),
    "ja": Expected(None, (), ("Find A Helpline",)),
}
LOCALES = tuple(EXPECTED)
NAMES = {name for expected in EXPECTED.values() if (name := expected.country)}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"data_dir": SHIPPED_DATA})


async def set_server(bot: SignpostBot, fake: FakeDiscord, name: str, value: object) -> None:
    assert bot.services.servers is not None
    await bot.services.servers.set(fake.guild.id, name, value)


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
                assert "Call your local emergency number" in shown
                assert "signpost:country:urgent" in str(handle.message)
            else:
                assert f"Emergency in {expected.country}: " in shown
            assert all(number in shown for number in expected.numbers), (locale, shown)
            assert all(line in shown for line in expected.lines), (locale, shown)
            others = NAMES - {expected.country}
            assert not any(f"Emergency in {name}" in shown for name in others)


async def test_a_french_member_turns_to_the_rest_of_frances_lines(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    handle, first = await run(fake_discord, "urgent", locale="fr")
    assert "Page 1 of 2" in text_of(first) and set(buttons(handle.message)) == {"Previous", "Next"}
    rest = await click(fake_discord, handle.message, "Next", locale="fr")
    assert rest.json["type"] == 7 and "Page 2 of 2" in text_of(rest)
    assert "119 Allô Enfance en Danger" in text_of(rest) and "Call `119`" in text_of(rest)


MEMBERS_OF = {
    "fr": ("France", "je veux mourir", "17", "fr-3919"),
    "pt-BR": ("Brazil", "quero morrer", "190", "br-ligue-180"),
}
"""The two newest locales: country, crisis words in their language, first emergency number, and
a line of theirs."""


async def test_french_and_brazilian_members_get_their_country_in_every_private_reply(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    for locale, (country, crisis, number, line) in MEMBERS_OF.items():
        _, reply = await run(fake_discord, "ask", {"question": crisis}, locale=locale)
        assert reply.is_ephemeral and f"Emergency in {country}: `{number}`" in text_of(reply)
        card, _ = await run(fake_discord, "ask", {"question": line}, locale=locale)
        reported = await click(fake_discord, card.message, REPORT_LABEL, locale=locale)
        assert reported.is_ephemeral and f"Call **{number}**" in text_of(reported)
        options = {"topic": "sexual-assault"}
        _, found = await run(fake_discord, "resources", options, locale=locale)
        assert found.is_ephemeral and f"in {country}" in text_of(found)
        handle, guide = await run(fake_discord, "support-a-friend", locale=locale)
        assert guide.is_ephemeral
        page = text_of(guide)
        while "Next" in buttons(handle.message) and not buttons(handle.message)["Next"].get(
            "disabled"
        ):
            page = text_of(await click(fake_discord, handle.message, "Next", locale=locale))
        assert f"Lines that take calls from friends and family in {country}" in page


async def test_a_public_reply_is_the_same_whoever_asks_and_crisis_help_stays_private(
    fake_discord: FakeDiscord, bot: SignpostBot
) -> None:
    await set_server(bot, fake_discord, "private_replies", False)
    fact = bot.services.content.engine.snapshot.facts[0].id
    public: dict[str, set[str]] = {}
    for locale in LOCALES:
        member = fake_discord.add_member(fake_discord.guild, f"member-{locale}")
        for name, options in (("facts", None), ("help", None), ("ask", {"question": fact})):
            _, reply = await run(fake_discord, name, options, locale=locale, user=member)
            assert not reply.is_ephemeral and reply.mentions_none, (name, locale)
            public.setdefault(name, set()).add(text_of(reply))
        _, urgent = await run(fake_discord, "urgent", locale=locale)
        assert urgent.is_ephemeral  # crisis help is never posted for the channel
        country = EXPECTED[locale].country
        assert country is None or f"Emergency in {country}" in text_of(urgent)
    for name, texts in public.items():
        assert len(texts) == 1, f"/{name} differs by the member's locale"
        [text] = texts
        assert not any(country in text for country in NAMES), name
