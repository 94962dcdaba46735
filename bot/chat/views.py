"""Persistent buttons (open, read, share, delete, report a wrong number, country) and pages."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

import discord

from bot.chat.books import BOOKS, PRIVATE_BOOKS, urgent
from bot.chat.copy import (
    CHOOSE_COUNTRY,
    DELETE_FAILED,
    ENTRY_GONE,
    LINE_GONE,
    NO_SHARING_HERE,
    NOT_YOUR_POST,
    NOT_YOURS,
    REPORT_LABEL,
    SHARE_NOTE,
)
from bot.chat.embeds import (
    Page,
    answer_reply,
    entry_embed,
    report_reply,
    resource_embed,
)
from bot.chat.limits import ENTRY_CHARS, fit
from bot.chat.respond import Reply, respond, update
from bot.content.models import Resource
from bot.engine.answers import Answer
from bot.language import N_, _, current_language, use

if TYPE_CHECKING:
    from bot.chat.services import Services
    from bot.content.loader import Entry
    from bot.engine.matching import Engine
    from bot.engine.policy import Policy

log = logging.getLogger(__name__)

BUTTON_LABEL_LIMIT = 80
BUTTONS_PER_ROW = 5
_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"

SELECT_OPTIONS_LIMIT = 25
"""Discord shows at most 25 options in a select menu."""
T = TypeVar("T")

Press = discord.Interaction[Any]
Button = discord.ui.Button[Any]


class _PersistentButton(discord.ui.DynamicItem[Button], template=r"signpost:[a-z]+:\S+"):
    """A button that works after a restart: its custom id, `signpost:<kind>:<key>`, is its state.

    A subclass names its kind, the pattern its key matches, its label and style as class
    arguments, which narrow the shared template; discord.py rebuilds a registered subclass from
    any custom id its template matches (`add_dynamic_items` in client.py).
    """

    kind: ClassVar[str]
    label: ClassVar[str]
    style: ClassVar[discord.ButtonStyle]
    services: ClassVar[Services]
    """Set on the subclasses `Buttons.bound_to` makes, so a press reaches the bot's services."""
    kit: ClassVar[Buttons]
    answers_privately: ClassVar[bool] = True
    """Whether a press is answered only to the member, in their own language; sharing is not."""

    def __init_subclass__(
        cls,
        *,
        kind: str | None = None,
        key: str = "",
        label: str = "",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        if kind is None:  # a subclass bound to services keeps its parent's template
            super().__init_subclass__(template=cls.__discord_ui_compiled_template__)
            return
        super().__init_subclass__(template=rf"signpost:{kind}:(?P<key>{key})")
        cls.kind, cls.label, cls.style = kind, label, style

    def __init__(self, key: str | int, label: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=fit(_(self.label) if label is None else label, BUTTON_LABEL_LIMIT),
                style=self.style,
                custom_id=f"signpost:{self.kind}:{key}",
            )
        )
        self.key = str(key)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        """Rebuild the button from its custom id; a key gone stale is answered in the callback."""
        return cls(match["key"])

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Write the press's reply in the language its privacy calls for, as commands do."""
        policy = self.services.policy(interaction)
        use(policy.reply_language(always_private=self.answers_privately))
        return True


class _EntryKeyed(_PersistentButton):
    """A button whose key is an entry id: it reads the entry and the server's choices alike."""

    @property
    def entry_id(self) -> str:
        """The entry this button acts on."""
        return self.key

    def _entry(self, interaction: discord.Interaction[Any]) -> tuple[Engine, Policy, Entry | None]:
        engine = self.services.content.engine
        return engine, self.services.policy(interaction), engine.entry(self.entry_id)


class EntryButton(_EntryKeyed, kind="entry", key=_ID, label=N_("Open")):
    """Opens one entry privately: how a member picks from "did you mean…" suggestions."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Answer with the chosen entry, privately, within the server's topic choices."""
        engine, policy, entry = self._entry(interaction)
        if entry is None:
            await respond(interaction, Reply(content=_(ENTRY_GONE)), ephemeral=True)
            return
        answer = policy.apply(
            engine.answer_entry(entry, country=policy.private_country_for(engine)), engine
        )
        reply = with_buttons(
            answer_reply(answer, at=self.services.clock()),
            answer,
            self.kit,
            can_share=policy.may_post_publicly,
        )
        await respond(interaction, reply, ephemeral=True)
        self.services.record(answer, "ask", interaction)


class ReadButton(_EntryKeyed, kind="read", key=_ID, label=N_("Read all")):
    """Shows the whole of an answer that the first screen cut short, privately."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Answer with the entry's full text."""
        _engine, _policy, entry = self._entry(interaction)
        if entry is None:
            await respond(interaction, Reply(content=_(ENTRY_GONE)), ephemeral=True)
            return
        await respond(interaction, Reply(embeds=[entry_embed(entry, full=True)]), ephemeral=True)


class ShareButton(
    _EntryKeyed,
    kind="share",
    key=_ID,
    label=N_("Share in channel"),
    style=discord.ButtonStyle.primary,
):
    """Posts one support line in the channel, by the member's choice and never their question."""

    answers_privately: ClassVar[bool] = False

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Post the line publicly where sharing is allowed; otherwise explain privately."""
        engine, policy, entry = self._entry(interaction)
        if not isinstance(entry, Resource) or policy.is_withheld(entry, engine):
            await respond(interaction, Reply(content=_(LINE_GONE)), ephemeral=True)
            return
        if interaction.guild is None or not policy.may_post_publicly:
            await respond(
                interaction,
                Reply(content=_(NO_SHARING_HERE)),
                ephemeral=True,
            )
            return
        view = discord.ui.View(timeout=None)
        view.add_item(self.kit.delete(interaction.user.id))
        view.add_item(self.kit.report(entry.id))
        reply = Reply(content=_(SHARE_NOTE), embeds=[resource_embed(entry)], view=view)
        await respond(interaction, reply, ephemeral=False)


class ReportButton(_EntryKeyed, kind="report", key=_ID, label=REPORT_LABEL):
    """Tells the editors a line's number may be wrong; only the line and the day are kept."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Pass the report on, then thank the member privately and say where the number is from.

        Queued before the reply (it never waits), so a reply that fails loses no report.
        """
        engine, policy, entry = self._entry(interaction)
        if not isinstance(entry, Resource):
            await respond(interaction, Reply(content=_(LINE_GONE)), ephemeral=True)
            return
        self.services.report_line(entry.id, interaction)
        country = policy.private_country_for(engine)
        await respond(interaction, report_reply(entry, country), ephemeral=True)


class DeleteButton(_PersistentButton, kind="delete", key="[0-9]{1,20}", label=N_("Delete")):
    """Removes a shared post; only its sharer or a moderator may.

    The sharer's id lives in the custom id, on Discord's own message: Signpost stores nothing.
    """

    @property
    def sharer_id(self) -> int:
        """Who shared the post, read back from the custom id."""
        return int(self.key)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Delete the post for its sharer or a moderator; refuse anyone else privately."""
        if not may_delete(interaction.user.id, self.sharer_id, verified_permissions(interaction)):
            await respond(interaction, Reply(content=_(NOT_YOUR_POST)), ephemeral=True)
            return
        await interaction.response.defer()
        try:
            await interaction.delete_original_response()
        except discord.HTTPException as error:
            log.warning("Could not delete a shared post (status %s)", error.status)
            await respond(interaction, Reply(content=_(DELETE_FAILED)), ephemeral=True)


class CountryPicker(
    discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"signpost:country:urgent"
):
    """Asks where the member is when nothing says so, rather than guess another country's number.

    Persistent like the buttons: a choice made after a restart still answers.
    """

    services: ClassVar[Services]
    kit: ClassVar[Buttons]

    def __init_subclass__(cls) -> None:
        # The subclass `Buttons.bound_to` makes keeps this template.
        super().__init_subclass__(template=cls.__discord_ui_compiled_template__)

    def __init__(self) -> None:
        countries = self.services.content.engine.snapshot.countries
        super().__init__(
            discord.ui.Select(
                custom_id="signpost:country:urgent",
                placeholder=_(CHOOSE_COUNTRY),
                options=[
                    discord.SelectOption(
                        label=fit(country.in_language(current_language()).name, 100),
                        value=country.code,
                    )
                    for country in countries[:SELECT_OPTIONS_LIMIT]
                ],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        """Rebuild the menu; the chosen value arrives with the interaction."""
        return cls()

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """The emergency numbers chosen here are private: the member's own language."""
        use(self.services.policy(interaction).reply_language(always_private=True))
        return True

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Answer privately with the chosen country's numbers and 24/7 lines, as /urgent does."""
        values = self.item.values
        country = self.services.content.engine.find_country(values[0]) if values else None
        code = country.code.casefold() if country else ""
        pages = urgent(self.services.shelf(interaction), code)
        reply = paged("urgent", code, pages, interaction.user.id, self.kit)
        await respond(interaction, reply, ephemeral=True)


def verified_permissions(interaction: discord.Interaction[Any]) -> discord.Permissions:
    """Permissions both resolved in the interaction and granted by the member's roles.

    The payload's resolved permissions are checked against the roles the bot itself knows from
    the gateway, so an interaction claiming rights the member's roles do not give gains nothing.
    Outside a server (or before the member's server is known) there are none.
    """
    user = interaction.user
    if not isinstance(user, discord.Member) or interaction.guild is None:
        return discord.Permissions.none()
    return discord.Permissions(interaction.permissions.value & user.guild_permissions.value)


def may_delete(user_id: int, sharer_id: int, permissions: discord.Permissions) -> bool:
    """Allow the sharer, or anyone who may manage messages or the server here."""
    return user_id == sharer_id or permissions.manage_messages or permissions.manage_guild


@dataclass(frozen=True)
class Buttons:
    """The persistent button kinds, bound to one bot's services.

    discord.py rebuilds a pressed button from its custom id with the class registered for the
    id's pattern, and registers the class of every button sent; so the classes sent and the
    classes registered are the same bound ones, and each press reaches the services it needs.
    """

    entry: type[EntryButton]
    share: type[ShareButton]
    delete: type[DeleteButton]
    read: type[ReadButton]
    report: type[ReportButton]
    country: type[CountryPicker]
    page: type[PageButton]

    @classmethod
    def bound_to(cls, services: Services) -> Buttons:
        """Subclasses of each kind that carry `services`."""

        def bind(kind: type[T]) -> type[T]:
            return type(kind.__name__, (kind,), {"services": services})

        made = cls(
            bind(EntryButton),
            bind(ShareButton),
            bind(DeleteButton),
            bind(ReadButton),
            bind(ReportButton),
            bind(CountryPicker),
            bind(PageButton),
        )
        for button in (made.entry, made.share, made.delete, made.read, made.report):
            button.kit = made
        made.country.kit = made
        return made

    @property
    def kinds(self) -> tuple[type[discord.ui.DynamicItem[Any]], ...]:
        """Every kind, for `add_dynamic_items`."""
        return (
            self.entry,
            self.share,
            self.delete,
            self.read,
            self.report,
            self.country,
            self.page,
        )

    def choose_country(self, reply: Reply) -> Reply:
        """Add the country menu to a reply that had no country to go on."""
        view = reply.view or discord.ui.View(timeout=None)
        view.add_item(self.country())
        reply.view = view
        return reply


def with_buttons(
    reply: Reply, answer: Answer, buttons: Buttons, *, can_share: bool = False
) -> Reply:
    """Add the buttons an answer invites: share or report its line, open others, pick a country.

    Share is offered only where the member could post it (`can_share`): never in DMs.
    """
    view = discord.ui.View(timeout=None)
    entry = answer.entry
    if answer.emergency is not None:
        if answer.emergency.country is None:
            view.add_item(buttons.country())
        if entry is not None:  # crisis help filled the screen; the answer is one press away
            view.add_item(buttons.entry(entry.id, _("Open: {title}").format(title=entry.title)))
    elif entry is not None and len(entry.body) > ENTRY_CHARS and not isinstance(entry, Resource):
        view.add_item(buttons.read(entry.id))
    if isinstance(entry, Resource) and answer.emergency is None:
        if can_share:
            view.add_item(buttons.share(entry.id))
        view.add_item(buttons.report(entry.id))
    for suggestion in answer.suggestions[: BUTTONS_PER_ROW * 2]:
        view.add_item(buttons.entry(suggestion.id, suggestion.title))
    if view.children:
        # Each button is a registered DynamicItem that discord.py rebuilds from its custom id on
        # any press, as after a restart; a stopped View is sent but not kept, so no reply holds
        # its buttons and a 15-minute timer in memory (issue 13, problem 11: most objects left
        # alive under load, and the garbage collector's pauses with them).
        view.stop()
        reply.view = view
    return reply


_MOVES: dict[str, str] = {
    "p": N_("Previous"),
    "n": N_("Next"),
    "r": N_("Read"),
    "v": N_("Short version"),
    "k": N_("Skip to next"),
}
"""Page buttons by the letter their custom id carries, and the label members see."""
_MODE = {True: "r", False: "s"}
"""Reading the fuller account, or the short version, as a page's custom id says."""


class PageButton(
    discord.ui.DynamicItem[Button],
    template=r"signpost:page:(?P<book>[a-z]+):(?P<arg>[a-z0-9-]*):(?P<owner>[0-9]{1,20}):"
    r"(?P<index>[0-9]{1,4}):(?P<mode>[rs]):(?P<move>[pnrvk])",
):
    """Turns a page of a book; its custom id holds the whole state, so it outlives the process.

    A story page with a fuller account offers Read, and while reading offers Short version and
    Skip to next: nothing graphic shows unless the member asks. Only the member who ran the
    command may turn the pages.
    """

    services: ClassVar[Services]

    def __init_subclass__(cls) -> None:
        # The subclass `Buttons.bound_to` makes keeps this template.
        super().__init_subclass__(template=cls.__discord_ui_compiled_template__)

    def __init__(
        self, book: str, arg: str, owner: int, index: int, reading: bool, move: str
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=_(_MOVES[move]),
                style=discord.ButtonStyle.primary if move == "r" else discord.ButtonStyle.secondary,
                custom_id=f"signpost:page:{book}:{arg}:{owner}:{index}:{_MODE[reading]}:{move}",
            )
        )
        self.book, self.arg, self.owner = book, arg, owner
        self.index, self.reading = index, reading

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        """Rebuild the button from its custom id."""
        return cls(
            match["book"],
            match["arg"],
            int(match["owner"]),
            int(match["index"]),
            match["mode"] == "r",
            match["move"],
        )

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Turn the page in the language the book was opened in: its privacy decided that."""
        policy = self.services.policy(interaction)
        use(policy.reply_language(always_private=self.book in PRIVATE_BOOKS))
        return True

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Show the page this button leads to, rebuilt from the current content."""
        if interaction.user.id != self.owner:
            await respond(interaction, Reply(content=_(NOT_YOURS)), ephemeral=True)
            return
        pages = (
            BOOKS[self.book](self.services.shelf(interaction), self.arg)
            if self.book in BOOKS
            else []
        )
        if not pages:
            await respond(interaction, Reply(content=_(ENTRY_GONE)), ephemeral=True)
            return
        index = min(self.index, len(pages) - 1)
        page = pages[index]
        reading = self.reading and page.fuller is not None
        view = page_view(type(self), self.book, self.arg, self.owner, pages, index, reading)
        embed = (page.fuller if reading else None) or page.embed
        await update(interaction, Reply(embeds=[embed], view=view))


def page_view(
    button: type[PageButton],
    book: str,
    arg: str,
    owner: int,
    pages: Sequence[Page],
    index: int,
    reading: bool,
) -> discord.ui.View | None:
    """The buttons that make sense on a page; ends disable their arrows; one page has none."""
    if len(pages) == 1 and pages[0].fuller is None:
        return None
    last = len(pages) - 1
    targets = {
        "p": (max(index - 1, 0), False),
        "n": (min(index + 1, last), False),
        "r": (index, True),
        "v": (index, False),
        "k": (min(index + 1, last), False),
    }
    if reading:
        shown = ["p", "v", "k"]
    else:
        shown = ["p", "n", *(["r"] if pages[index].fuller is not None else [])]
    if len(pages) == 1:
        shown = [move for move in shown if move not in ("p", "n", "k")]
    view = discord.ui.View(timeout=None)
    for move in shown:
        item = button(book, arg, owner, *targets[move], move)
        item.item.disabled = (move == "p" and index == 0) or (move in ("n", "k") and index == last)
        view.add_item(item)
    return view


def paged(book: str, arg: str, pages: Sequence[Page], owner: int, buttons: Buttons) -> Reply:
    """The first page of a book, with its page buttons."""
    view = page_view(buttons.page, book, arg, owner, pages, 0, False)
    return Reply(embeds=[pages[0].embed], view=view)
