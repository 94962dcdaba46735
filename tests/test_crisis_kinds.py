"""Crisis reading with the shipped cues: each kind, its lines, calm look-alikes, every language.

These sentences are written for the tests, not taken from the evaluation sets in tests/quality.
"""

from __future__ import annotations

import pytest

from bot.content.loader import load_snapshot
from bot.engine.answers import HARM_TOPICS
from bot.engine.crisis import CrisisReader
from bot.engine.matching import Engine
from bot.wording import answer_text
from tests.conftest import SHIPPED_DATA


@pytest.fixture(scope="module")
def shipped() -> Engine:
    engine = Engine(load_snapshot(SHIPPED_DATA))
    engine.warm()
    return engine


@pytest.mark.parametrize(
    ("message", "locale", "kind"),
    [
        ("i have a bottle of pills next to me and tonight is the night", "en-GB", "suicide"),
        ("kms", "en-US", "suicide"),
        ("took 30 paracetamol an hour ago", "en-GB", "suicide"),
        ("giving my cat to my sister and writing goodbye letters", "en-US", "suicide"),
        ("hes outside my door screaming that he will kill me", "en-GB", "danger"),
        ("he locked me in the bedroom and took my phone", "en-US", "danger"),
        ("he just raped me and hes still in the flat", "en-GB", "danger"),
        ("my stepdad is hitting my little brother right now", "en-US", "child"),
        ("hit my head when he pushed me and i keep throwing up", "en-US", "medical"),
        ("je vais me tuer ce soir, j'ai les médicaments", "fr", "suicide"),
        ("quiero morirme esta noche", "es-ES", "suicide"),
        ("ich will sterben, heute nacht mache ich schluss", "de", "suicide"),
        ("ik wil dood, ik heb de pillen al klaar", "nl", "suicide"),
        ("vou me matar hoje", "pt-BR", "suicide"),
        ("mujhe marna hai aaj raat", "hi", "suicide"),
        ("gusto ko nang mamatay ngayong gabi", "en-US", "suicide"),
        ("il me frappe en ce moment, il est dans la maison", "fr", "danger"),
        ("mi marido me está pegando ahora mismo", "es-ES", "danger"),
        # "He is going to kill me" in each language: danger, so violence lines, not crisis lines.
        ("il va me tuer", "fr", "danger"),
        ("me va a matar", "es-ES", "danger"),
        ("er bringt mich um", "de", "danger"),
        ("hij gaat me vermoorden", "nl", "danger"),
        ("ele vai me matar", "pt-BR", "danger"),
        ("woh mujhe maar dalega", "hi", "danger"),
        ("papatayin niya ako", "en-US", "danger"),
    ],
)
def test_each_kind_of_crisis_is_read_in_every_language(
    shipped: Engine, message: str, locale: str, kind: str
) -> None:
    answer = shipped.ask(message, locale=locale)
    assert answer.emergency is not None, message
    assert answer.emergency.kind == kind
    # Its Open button leads to the danger's own topic, never to whatever else the words matched.
    assert answer.entry is not None and answer.entry.id in OPENED[kind], answer.entry


OPENED = {
    "suicide": {"suicide-and-crisis"},
    "danger": {"domestic-violence", "sexual-assault"},
    "child": {"child-abuse", "domestic-violence"},
    "medical": HARM_TOPICS,
}


@pytest.mark.parametrize(
    ("message", "locale"),
    [
        ("this exam is killing me", "en-GB"),
        ("i'm dead tired after that shift", "en-US"),
        ("he killed me in fortnite again lol", "en-US"),
        ("it happened years ago and i'm safe now, can i still report it", "en-GB"),
        ("how do i help a friend who says she wants to die", "en-US"),
        ("my phone is dying, what's the number for rainn", "en-US"),
        ("ce devoir de maths va me tuer", "fr"),
        ("me muero de risa con este video", "es-ES"),
        ("ich lach mich tot", "de"),
        ("ik ga dood van het lachen", "nl"),
        ("to morrendo de rir kkkk", "pt-BR"),
        ("what is suicide prevention", "en-US"),
        pytest.param(
            "j'ai acheté de quoi faire un gâteau ce soir",
            "fr",
            marks=pytest.mark.xfail(
                strict=True,
                reason="a known false alarm of the crisis model retrained in session 11: 'ce soir' "
                "(tonight) weighs as a crisis even beside a cake (docs/quality.md, round 14: "
                "everyday chat)",
            ),
        ),
        ("ik weet niet waar ik ben met mijn studie", "nl"),
        ("we're not done with the project when he gets back", "en-GB"),
        ("ye semester mujhe maar daalega yaar", "hi"),
        ("hello", "en-US"),
        ("hello?", "en-GB"),
        ("thanks", "en-US"),
        pytest.param(
            "ich könnte meinen ex grad umbringen so wütend bin ich (mach ich natürlich nicht)",
            "de",
            marks=pytest.mark.xfail(
                strict=True,
                reason="a known false alarm of the crisis model retrained in session 10: 'grad' "
                "(right now) weighs more than the denial, and calm cues do not reach the model "
                "(letting them did more harm than good: docs/quality.md, round 13)",
            ),
        ),
    ],
)
def test_calm_look_alikes_stay_calm_in_every_language(
    shipped: Engine, message: str, locale: str
) -> None:
    assert shipped.ask(message, locale=locale).emergency is None, message


def test_danger_from_someone_puts_violence_lines_after_the_number(shipped: Engine) -> None:
    answer = shipped.ask("hes outside my door and says he will kill me", locale="en-GB")
    assert answer.emergency is not None and answer.emergency.kind == "danger"
    ids = [line.id for line in answer.emergency.lines]
    assert "gb-samaritans" not in ids
    assert any(
        {"domestic-violence", "sexual-assault"} & set(line.topics)
        for line in answer.emergency.lines[:1]
    )
    text = answer_text(answer)
    assert text.startswith("Emergency in United Kingdom: 999")


def test_suicide_risk_puts_crisis_lines_after_the_number(shipped: Engine) -> None:
    answer = shipped.ask("i have the pills and tonight is the night", locale="en-GB")
    assert answer.emergency is not None and answer.emergency.kind == "suicide"
    assert answer.emergency.lines[0].is_crisis_line


def test_a_child_in_danger_gets_child_lines(shipped: Engine) -> None:
    answer = shipped.ask("my stepdad is hitting my little brother right now", locale="en-GB")
    assert answer.emergency is not None and answer.emergency.kind == "child"
    assert "child-abuse" in answer.emergency.lines[0].topics


def test_cues_of_another_language_do_not_raise_alarms(shipped: Engine) -> None:
    """Dutch "mes" is a knife; French "mes" is "my".

    The cues alone are asked: the learned reader, which reads no cue lists, may find this
    message near enough to "not let out tonight" to flag it (0.68 against 0.6), and only ever
    adds help.
    """
    snapshot = shipped.snapshot
    cues = CrisisReader(snapshot.phrases, snapshot.cues, snapshot.combos, snapshot.calm)
    assert cues.read("mes parents me laissent pas sortir ce soir", "fr") is None


def test_danger_in_the_last_sentence_of_a_long_message_is_read(shipped: Engine) -> None:
    opening = "it has been a long year and i wanted to write it all down somewhere. " * 30
    answer = shipped.ask(opening + "i have the pills in my hand and i am doing it tonight")
    assert len(opening) > 1500 and answer.emergency is not None


@pytest.mark.parametrize(
    ("question", "locale"),
    [
        ("he checks my phone every night and wont let me see my friends", "en-GB"),
        ("my uncle touched me when i was little and i never told anyone", "en-US"),
        ("someone leaked my nudes in the group chat", "en-US"),
        ("mon copain me contrôle et lit tous mes messages", "fr"),
        ("mein chef fasst mich ständig an", "de"),
    ],
)
def test_on_topic_questions_are_never_left_empty_handed(
    shipped: Engine, question: str, locale: str
) -> None:
    answer = shipped.ask(question, locale=locale)
    assert answer.entry is not None, question
    assert answer.lines or answer.entry.kind == "topic", question


def test_answers_about_harm_open_on_the_emergency_number(shipped: Engine) -> None:
    answer = shipped.ask("where can i get help after a sexual assault", locale="en-GB")
    assert not answer.is_crisis and answer.is_about_harm
    assert answer_text(answer).startswith("In danger right now? Call 999.")
    assert answer.lines, "the member gets lines to call, not a menu"


def test_off_topic_questions_get_no_confident_answer(shipped: Engine) -> None:
    for question in ("how do i bake sourdough bread", "best settings for elden ring"):
        answer = shipped.ask(question, locale="en-US")
        assert answer.entry is None or answer.guessed, question
