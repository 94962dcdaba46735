"""The guilds, people, messages and interaction payloads FakeDiscord serves, shaped for discord.py.

Payloads carry every key discord.py 2.7 reads without a default (member ``flags``, message
``mentions``, guild ``threads``...), so a missing key shows up here rather than as a KeyError
deep inside the client.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

MEMBER_PERMISSIONS = 0x6_4C40  # view, send, embed links, attach, read history, use commands
MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | 0x20  # + manage guild
LOADING = 128  # message flag of a deferred ("thinking") response
TIMESTAMP = "2026-11-24T12:00:00.000000+00:00"

_GUILD_LISTS = ("emojis", "stickers", "threads", "voice_states", "presences", "stage_instances")
_MESSAGE_LISTS = ("mentions", "mention_roles", "attachments")


@dataclass(frozen=True)
class Role:
    id: int
    name: str
    permissions: int = 0

    def payload(self, position: int) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": position,
            "colors": {"primary_color": 0},
            "flags": 0,
        }


@dataclass(frozen=True)
class Person:
    """A user a test acts as; `permissions` is the resolved bitfield Discord puts in the member."""

    id: int
    name: str
    roles: tuple[Role, ...] = ()
    permissions: int = MEMBER_PERMISSIONS
    bot: bool = False

    def user(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
        }

    def member(self) -> dict[str, Any]:
        return {
            "user": self.user(),
            "roles": [str(r.id) for r in self.roles],
            "flags": 0,
            "joined_at": TIMESTAMP,
            "permissions": str(self.permissions),
        }


@dataclass
class Guild:
    """A guild with one text channel; its first role is @everyone (same id as the guild)."""

    id: int
    name: str
    channel_id: int
    roles: list[Role]
    members: list[Person]
    preferred_locale: str = "en-US"

    def channel(self) -> dict[str, Any]:
        return {
            "id": str(self.channel_id),
            "type": 0,
            "guild_id": str(self.id),
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
        }

    def create_event(self) -> dict[str, Any]:
        """The GUILD_CREATE payload: discord.py caches the guild, channel and members from it."""
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.id),
            "preferred_locale": self.preferred_locale,
            "roles": [role.payload(n) for n, role in enumerate(self.roles)],
            "channels": [self.channel()],
            "members": [person.member() for person in self.members],
            "member_count": len(self.members),
            "joined_at": TIMESTAMP,
            "unavailable": False,
            "features": [],
        } | {key: [] for key in _GUILD_LISTS}


def message_payload(
    message_id: int, channel_id: int, author: Person, body: dict[str, Any], guild_id: int | None
) -> dict[str, Any]:
    """A stored message as Discord returns it, made from a create body."""
    stored = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": 0,
        "author": author.user(),
        "content": body.get("content") or "",
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "flags": body.get("flags") or 0,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "pinned": False,
    } | {key: [] for key in _MESSAGE_LISTS}
    return stored | ({"guild_id": str(guild_id)} if guild_id is not None else {})


def application_payload(bot: Person, owner: Person) -> dict[str, Any]:
    """GET /oauth2/applications/@me; no interactions URL, so interactions come by gateway."""
    return {
        "id": str(bot.id),
        "name": bot.name,
        "icon": None,
        "description": "",
        "bot_public": False,
        "bot_require_code_grant": False,
        "owner": owner.user(),
        "verify_key": "0" * 64,
        "flags": 0,
        "interactions_endpoint_url": None,
    }


def option_payload(name: str, value: Any, focused: bool) -> dict[str, Any]:
    """A command option as the member filled it in; its type follows the Python value."""
    kinds = {bool: 5, int: 4, float: 10, str: 3}
    return {"name": name, "type": kinds[type(value)], "value": value} | (
        {"focused": True} if focused else {}
    )


class World:
    """Discord's state as the bot sees it: ids, guilds, people, messages, interaction payloads.

    Starts with one guild (`guild`), a plain member (`member`) and a moderator (`moderator`).
    """

    def __init__(self) -> None:
        self._ids = itertools.count(1_300_000_000_000_000_000)
        self.application_id = next(self._ids)
        self.bot_user = Person(self.application_id, "Fake Bot", bot=True)
        self.guilds: list[Guild] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self._dm_channels: dict[int, int] = {}
        self.guild = self.add_guild("Signpost Test")
        self.member = self.add_member(self.guild, "alice")
        moderator = Role(next(self._ids), "Moderator", MODERATOR_PERMISSIONS)
        self.guild.roles.append(moderator)
        self.moderator = self.add_member(
            self.guild, "mod", roles=(moderator,), permissions=MODERATOR_PERMISSIONS
        )

    def add_guild(self, name: str, *, preferred_locale: str = "en-US") -> Guild:
        guild_id = next(self._ids)
        guild = Guild(
            guild_id,
            name,
            next(self._ids),
            [Role(guild_id, "@everyone", MEMBER_PERMISSIONS)],
            [self.bot_user],
            preferred_locale,
        )
        self.guilds.append(guild)
        return guild

    def add_member(
        self,
        guild: Guild,
        name: str,
        *,
        roles: tuple[Role, ...] = (),
        permissions: int = MEMBER_PERMISSIONS,
    ) -> Person:
        person = Person(next(self._ids), name, roles, permissions)
        guild.members.append(person)
        return person

    def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        group: str | None = None,
        subcommand: str | None = None,
        focused: str | None = None,
        **where: Any,
    ) -> dict[str, Any]:
        """A slash command (type 2) payload; `focused` makes it autocomplete (type 4) instead."""
        inner = [
            option_payload(key, value, focused == key) for key, value in (options or {}).items()
        ]
        if subcommand is not None:
            inner = [{"name": subcommand, "type": 1, "options": inner}]
        if group is not None:
            inner = [{"name": group, "type": 2, "options": inner}]
        data = {"id": str(next(self._ids)), "name": name, "type": 1, "options": inner}
        return self._interaction(4 if focused else 2, data, **where)

    def autocomplete(
        self, name: str, options: dict[str, Any], focused: str, **kwargs: Any
    ) -> dict[str, Any]:
        """An autocomplete (type 4) payload: the member is typing in option `focused`."""
        return self.slash(name, options, focused=focused, **kwargs)

    def click(
        self,
        message: dict[str, Any] | None,
        custom_id: str,
        *,
        component_type: int = 2,
        values: list[str] | None = None,
        **where: Any,
    ) -> dict[str, Any]:
        """A component (type 3) payload on a stored `message`; in a DM when the message is."""
        assert message is not None, "click needs the message the component is on"
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        where.setdefault("dm", "guild_id" not in message)
        payload = self._interaction(3, data, **where)
        payload["message"] = message
        return payload

    def _interaction(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        user: Person | None = None,
        guild: Guild | None = None,
        dm: bool = False,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        user = user or self.member
        payload: dict[str, Any] = {
            "id": str(next(self._ids)),
            "application_id": str(self.application_id),
            "type": kind,
            "token": f"itoken-{next(self._ids)}",
            "version": 1,
            "data": data,
            "locale": locale,
            "app_permissions": str(MEMBER_PERMISSIONS),
            "entitlements": [],
            "attachment_size_limit": 10_485_760,
        }
        if dm:
            channel = {"id": str(self.dm_channel(user.id)), "type": 1, "recipients": [user.user()]}
            return payload | {
                "user": user.user(),
                "channel": channel,
                "channel_id": channel["id"],
                "context": 1,
                "authorizing_integration_owners": {"1": str(user.id)},
            }
        guild = guild or self.guild
        return payload | {
            "guild_id": str(guild.id),
            "guild_locale": guild.preferred_locale,
            "guild": {"id": str(guild.id), "locale": guild.preferred_locale, "features": []},
            "channel": guild.channel(),
            "channel_id": str(guild.channel_id),
            "member": user.member(),
            "context": 0,
            "authorizing_integration_owners": {"0": str(guild.id)},
        }

    def channel_messages(self, channel_id: int) -> list[dict[str, Any]]:
        """Messages stored in a channel, oldest first."""
        return [m for m in self.messages.values() if m["channel_id"] == str(channel_id)]

    def store_message(
        self, channel_id: int, body: dict[str, Any], *, from_webhook: bool = False
    ) -> dict[str, Any]:
        """Keep a message the bot created, as Discord returns it."""
        guild_id = next((g.id for g in self.guilds if g.channel_id == channel_id), None)
        message = message_payload(next(self._ids), channel_id, self.bot_user, body, guild_id)
        if from_webhook:  # interaction responses come from the application's webhook
            message["webhook_id"] = message["application_id"] = str(self.application_id)
        self.messages[int(message["id"])] = message
        return message

    def edit_message(self, message: dict[str, Any], body: dict[str, Any]) -> None:
        """Apply an edit body; a deferred ("thinking") message stops loading once edited."""
        for key in ("content", "embeds", "components", "attachments"):
            if key in body:
                message[key] = body[key] or ([] if key != "content" else "")
        message["flags"] = message["flags"] & ~LOADING
        message["edited_timestamp"] = TIMESTAMP

    def dm_channel(self, user_id: int) -> int:
        """The id of the DM channel between the bot and a user, made on first use."""
        return self._dm_channels.setdefault(user_id, next(self._ids))
