"""Discord misbehaving: rate limits, outages, expired tokens and gateway drops never crash the bot
or answer anyone twice."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.chat.client import SignpostBot
from bot.chat.copy import KIND_ERROR
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.signpost import text_of
from tests.reliability.traffic import ask

CALLBACK = r"^/interactions/\d+/[^/]+/callback$"
FOLLOWUP = r"^/webhooks/\d+/[^/]+$"


def failing_record(*args: object, **kwargs: object) -> None:
    raise RuntimeError("usage recording broke after the answer was sent")


async def test_rate_limited_callback_is_retried_and_answered_once(
    fake_discord: FakeDiscord, signpost: SignpostBot
) -> None:
    fake_discord.fail_next(CALLBACK, status=429, times=2)
    reply = await ask(fake_discord)
    assert "Samaritans helpline" in text_of(reply)
    statuses = [r.status for r in fake_discord.requests if r.is_callback]
    assert statuses == [429, 429, 200]


async def test_callback_outage_is_retried_then_answered_once(
    fake_discord: FakeDiscord, signpost: SignpostBot
) -> None:
    fake_discord.fail_next(CALLBACK, status=502)
    reply = await ask(fake_discord)
    assert "Samaritans helpline" in text_of(reply)
    assert [r.status for r in fake_discord.requests if r.is_callback] == [502, 200]


async def test_callback_that_keeps_failing_is_given_up_without_a_crash(
    fake_discord: FakeDiscord, signpost: SignpostBot
) -> None:
    fake_discord.fail_next(CALLBACK, status=503, times=1)
    first = await fake_discord.interact(fake_discord.slash("urgent"))
    await fake_discord.wait_for(lambda r: r.token == first.token and r.status == 503)
    await asyncio.sleep(0.1)
    assert first.callbacks == []
    assert "Samaritans helpline" in text_of(await ask(fake_discord))  # the next member is answered


@pytest.mark.parametrize("status", [429, 502])
async def test_followup_rate_limit_or_outage_still_delivers_one_message(
    fake_discord: FakeDiscord, signpost: SignpostBot, monkeypatch: pytest.MonkeyPatch, status: int
) -> None:
    monkeypatch.setattr(signpost.services, "record", failing_record)
    fake_discord.fail_next(FOLLOWUP, status=status, method="POST")
    handle = await fake_discord.interact(fake_discord.slash("ask", {"question": "samaritans"}))
    followup = await handle.followup(timeout=10)
    assert followup.is_ephemeral and KIND_ERROR in str(followup.json)
    assert len(handle.callbacks) == 1
    assert [r.status for r in handle.requests if not r.is_callback] == [status, 200]


async def test_expired_token_is_logged_and_the_bot_goes_on(
    fake_discord: FakeDiscord, signpost: SignpostBot, caplog: pytest.LogCaptureFixture
) -> None:
    payload = fake_discord.slash("ask", {"question": "samaritans"})
    fake_discord.expire(payload["token"])
    with caplog.at_level(logging.WARNING):
        handle = await fake_discord.interact(payload)
        refused = await fake_discord.wait_for(lambda r: r.token == handle.token)
        await asyncio.sleep(0.1)
    assert refused.status == 404 and handle.callbacks == []
    assert "expired" in caplog.text and "Traceback" not in caplog.text
    assert "Samaritans helpline" in text_of(await ask(fake_discord))


async def test_gateway_drop_in_the_middle_of_traffic_resumes_and_answers_each_once(
    fake_discord: FakeDiscord, signpost: SignpostBot
) -> None:
    def send(question: str) -> asyncio.Task:
        return asyncio.create_task(ask(fake_discord, question, locale="en-GB"))

    before = [send("samaritans") for _ in range(10)]
    await asyncio.sleep(0)
    async with fake_discord.gateway_outage():
        during = [send("samaritans") for _ in range(10)]
        await asyncio.sleep(0.05)
    after = [send("samaritans") for _ in range(10)]
    replies = await asyncio.gather(*before, *during, *after)
    await asyncio.sleep(0.1)  # room for a duplicate answer to arrive
    assert all("Samaritans helpline" in text_of(reply) for reply in replies)
    callbacks = [r for r in fake_discord.requests if r.is_callback]
    assert len(callbacks) == 30 and len({r.token for r in callbacks}) == 30
    assert (fake_discord.identify_count, fake_discord.resume_count) == (1, 1)
