"""Buttons: open a suggestion, share a line and delete the share (persistent), and the paginator."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

import discord

from bot.chat.copy import (
    BUTTON_FAILED,
    CHOOSE_COUNTRY,
    DELETE_FAILED,
    ENTRY_GONE,
    LINE_GONE,
    NO_SHARING_HERE,
    NOT_YOUR_POST,
    NOT_YOURS,
    SHARE_NOTE,
)
from bot.chat.embeds import Page, answer_reply, entry_embed, resource_embed, urgent_reply
from bot.chat.limits import ENTRY_CHARS, fit
from bot.chat.respond import Reply, respond
from bot.content.models import Resource
from bot.engine.answers import Answer

if TYPE_CHECKING:
    from bot.chat.services import Services

log = logging.getLogger(__name__)

BUTTON_LABEL_LIMIT = 80
BUTTONS_PER_ROW = 5
_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
PAGE_TIMEOUT = 600.0
"""Ten minutes after the last press; editing the reply needs a token that lives fifteen."""

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
                label=fit(self.label if label is None else label, BUTTON_LABEL_LIMIT),
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


class EntryButton(_PersistentButton, kind="entry", key=_ID, label="Open"):
    """Opens one entry privately: how a member picks from "did you mean…" suggestions."""

    @property
    def entry_id(self) -> str:
        """The entry this button opens."""
        return self.key

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Answer with the chosen entry, privately, within the server's topic choices."""
        engine = self.services.content.engine
        policy = self.services.policy(interaction)
        entry = engine.entry(self.entry_id)
        if entry is None:
            await respond(interaction, Reply(content=ENTRY_GONE), ephemeral=True)
            return
        answer = policy.apply(
            engine.answer_entry(entry, country=policy.private_country_for(engine)), engine
        )
        reply = with_buttons(
            answer_reply(answer), answer, self.kit, can_share=policy.may_post_publicly
        )
        await respond(interaction, reply, ephemeral=True)
        self.services.record(answer, "ask", interaction)


class ReadButton(_PersistentButton, kind="read", key=_ID, label="Read all"):
    """Shows the whole of an answer that the first screen cut short, privately."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Answer with the entry's full text."""
        entry = self.services.content.engine.entry(self.key)
        if entry is None:
            await respond(interaction, Reply(content=ENTRY_GONE), ephemeral=True)
            return
        await respond(interaction, Reply(embeds=[entry_embed(entry, full=True)]), ephemeral=True)


class ShareButton(
    _PersistentButton,
    kind="share",
    key=_ID,
    label="Share in channel",
    style=discord.ButtonStyle.primary,
):
    """Posts one support line in the channel, by the member's choice and never their question."""

    @property
    def entry_id(self) -> str:
        """The line this button shares."""
        return self.key

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Post the line publicly where sharing is allowed; otherwise explain privately."""
        engine = self.services.content.engine
        policy = self.services.policy(interaction)
        entry = engine.entry(self.entry_id)
        if not isinstance(entry, Resource) or policy.is_withheld(entry, engine):
            await respond(interaction, Reply(content=LINE_GONE), ephemeral=True)
            return
        if interaction.guild is None or not policy.may_post_publicly:
            await respond(
                interaction,
                Reply(content=NO_SHARING_HERE),
                ephemeral=True,
            )
            return
        view = discord.ui.View(timeout=None)
        view.add_item(self.kit.delete(interaction.user.id))
        reply = Reply(content=SHARE_NOTE, embeds=[resource_embed(entry)], view=view)
        await respond(interaction, reply, ephemeral=False)


class DeleteButton(_PersistentButton, kind="delete", key="[0-9]{1,20}", label="Delete"):
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
            await respond(interaction, Reply(content=NOT_YOUR_POST), ephemeral=True)
            return
        await interaction.response.defer()
        try:
            await interaction.delete_original_response()
        except discord.HTTPException as error:
            log.warning("Could not delete a shared post (status %s)", error.status)
            await respond(interaction, Reply(content=DELETE_FAILED), ephemeral=True)


class CountryPicker(
    discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"signpost:country:urgent"
):
    """Asks where the member is when nothing says so, rather than guess another country's number.

    Persistent like the buttons: a choice made after a restart still answers.
    """

    services: ClassVar[Services]

    def __init_subclass__(cls) -> None:
        # The subclass `Buttons.bound_to` makes keeps this template.
        super().__init_subclass__(template=cls.__discord_ui_compiled_template__)

    def __init__(self) -> None:
        countries = self.services.content.engine.snapshot.countries
        super().__init__(
            discord.ui.Select(
                custom_id="signpost:country:urgent",
                placeholder=CHOOSE_COUNTRY,
                options=[
                    discord.SelectOption(label=fit(country.name, 100), value=country.code)
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

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Answer privately with the chosen country's emergency numbers and 24/7 lines."""
        engine = self.services.content.engine
        values = self.item.values
        country = engine.find_country(values[0]) if values else None
        await respond(interaction, urgent_reply(engine.urgent(country)), ephemeral=True)


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
    country: type[CountryPicker]

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
            bind(CountryPicker),
        )
        for button in (made.entry, made.share, made.delete, made.read):
            button.kit = made
        return made

    @property
    def kinds(self) -> tuple[type[discord.ui.DynamicItem[Any]], ...]:
        """Every kind, for `add_dynamic_items`."""
        return (self.entry, self.share, self.delete, self.read, self.country)

    def choose_country(self, reply: Reply) -> Reply:
        """Add the country menu to a reply that had no country to go on."""
        view = reply.view or discord.ui.View(timeout=None)
        view.add_item(self.country())
        reply.view = view
        return reply


def with_buttons(
    reply: Reply, answer: Answer, buttons: Buttons, *, can_share: bool = False
) -> Reply:
    """Add the buttons an answer invites: share its line, open a suggestion, pick a country.

    Share is offered only where the member could post it (`can_share`): never in DMs.
    """
    view = discord.ui.View(timeout=None)
    entry = answer.entry
    if answer.emergency is not None:
        if answer.emergency.country is None:
            view.add_item(buttons.country())
        if entry is not None:  # crisis help filled the screen; the answer is one press away
            view.add_item(buttons.entry(entry.id, f"Open: {entry.title}"))
    elif entry is not None and len(entry.body) > ENTRY_CHARS and not isinstance(entry, Resource):
        view.add_item(buttons.read(entry.id))
    if isinstance(entry, Resource) and answer.emergency is None and can_share:
        view.add_item(buttons.share(entry.id))
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


class Paginator(discord.ui.View):
    """Turns pages chat.embeds built; only the member who ran the command may press.

    A page with a fuller version (a story's account) offers Read, and while reading offers
    Short version and Skip to next: nothing graphic shows unless the member asks for it.
    """

    def __init__(self, pages: Sequence[Page], *, owner_id: int, origin: Press) -> None:
        super().__init__(timeout=PAGE_TIMEOUT)
        self.pages = pages
        self.owner_id = owner_id
        self.latest = origin
        self.index = 0
        self.is_reading = False
        self._arrange()

    @property
    def embed(self) -> discord.Embed:
        """The embed the member should see now."""
        page = self.pages[self.index]
        return page.fuller if self.is_reading and page.fuller is not None else page.embed

    def reply(self) -> Reply:
        """The first page with its buttons, ready to send."""
        return Reply(embeds=[self.embed], view=self)

    async def interaction_check(self, interaction: Press) -> bool:
        """Refuse other people's presses privately, leaving the reply as it was."""
        if interaction.user.id == self.owner_id:
            return True
        await respond(interaction, Reply(content=NOT_YOURS), ephemeral=True)
        return False

    async def on_timeout(self) -> None:
        """Disable the buttons in place, so an old reply does not look pressable."""
        if self.latest.client.is_closed():
            return  # shutting down: the HTTP session is gone, and the reply ages out by itself
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        try:
            await self.latest.edit_original_response(view=self)
        except discord.HTTPException as error:
            log.debug("Could not disable expired buttons (status %s)", error.status)

    async def on_error(
        self, interaction: Press, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        """Log the failure and tell the member privately, without a stack trace."""
        log.error("Paginator button failed", exc_info=error)
        await respond(interaction, Reply(content=BUTTON_FAILED), ephemeral=True)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous_page(self, interaction: Press, button: Button) -> None:
        """Go back one page, to its short version."""
        await self._show(interaction, self.index - 1, reading=False)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next_page(self, interaction: Press, button: Button) -> None:
        """Go on one page."""
        await self._show(interaction, self.index + 1, reading=False)

    @discord.ui.button(label="Read", style=discord.ButtonStyle.primary)
    async def read(self, interaction: Press, button: Button) -> None:
        """Reveal the fuller account, which may describe what happened."""
        await self._show(interaction, self.index, reading=True)

    @discord.ui.button(label="Short version", style=discord.ButtonStyle.secondary)
    async def short_version(self, interaction: Press, button: Button) -> None:
        """Go back to the short version of this page."""
        await self._show(interaction, self.index, reading=False)

    @discord.ui.button(label="Skip to next", style=discord.ButtonStyle.secondary)
    async def skip_to_next(self, interaction: Press, button: Button) -> None:
        """Leave this account for the next page's short version."""
        await self._show(interaction, self.index + 1, reading=False)

    async def _show(self, interaction: Press, index: int, *, reading: bool) -> None:
        self.index = min(max(index, 0), len(self.pages) - 1)
        self.is_reading = reading and self.pages[self.index].fuller is not None
        self.latest = interaction
        self._arrange()
        await interaction.response.edit_message(
            embed=self.embed, view=self, allowed_mentions=discord.AllowedMentions.none()
        )

    def _arrange(self) -> None:
        """Offer only the buttons that make sense on this page; ends disable their arrows."""
        is_last = self.index == len(self.pages) - 1
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.skip_to_next.disabled = is_last
        moves: list[Button] = [self.previous_page, self.next_page, self.skip_to_next]
        if self.is_reading:
            shown = [self.previous_page, self.short_version, self.skip_to_next]
        else:
            shown = [self.previous_page, self.next_page]
            if self.pages[self.index].fuller is not None:
                shown.append(self.read)
        if len(self.pages) == 1:
            shown = [button for button in shown if button not in moves]
        self.clear_items()
        for button in shown:
            self.add_item(button)


def paged(pages: Sequence[Page], interaction: Press) -> Reply:
    """The first page, with buttons when there is more to see."""
    if len(pages) == 1 and pages[0].fuller is None:
        return Reply(embeds=[pages[0].embed])
    return Paginator(pages, owner_id=interaction.user.id, origin=interaction).reply()
