"""Loopback fake of Discord's REST API and gateway that the unmodified discord.py client talks to.

Pointing discord.py at it (the `fake_discord` fixture does this; production code has no switch):
``discord.http.Route.BASE`` becomes `FakeDiscord.api_base` (REST calls and interaction webhooks
both build their URLs from it) and ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` becomes
`FakeDiscord.gateway_url` (a plain `Client` connects there without asking ``GET /gateway/bot``,
which is served too, for sharded clients). Frames go out as plain JSON text, which discord.py
accepts whatever compression it asked for.

A test, acting as a member::

    async with run_bot(bot):                             # fixture: login, READY, GUILD_CREATE
        handle = await fake.interact(fake.slash("ask", {"query": "helpline"}))
        reply = await handle.response()                  # the accepted callback, a Request
        assert reply.is_ephemeral and reply.mentions_none
        click = await fake.interact(fake.click(handle.message, "signpost:next"))
        assert (await click.response()).json["type"] == 7
        later = await handle.followup()                  # POST /webhooks/{app}/{token}

The world (fake_world.World, which FakeDiscord extends): `guild` with one text channel and the
roles @everyone and Moderator, `member` and `moderator`; `add_guild`/`add_member` make more
before the bot starts. Builders `slash` (options, ``group``/``subcommand``), `autocomplete`
(``focused`` option) and `click` (custom_id on a stored message) return INTERACTION_CREATE
payloads with a fresh id and token, in a guild (member with roles and permissions, locale,
guild_locale) or, with ``dm=True``, in a DM (user, no guild). `interact` dispatches one and
returns an `InteractionHandle` that awaits the callback, followups and edits, with `latency`.
Several bots may connect at once, each with its shards: `shard_sockets` holds each shard's
connection and `interact(payload, shard=n)` sends to one.

Records: every REST call is a `Request` in `requests` (method, path, query, json, time, status).
Messages made by callbacks, followups and channel posts live in `messages`, so edits, deletes and
clicks refer to real ones; a deferral's first followup fills the "thinking" message, as on
Discord. `commands` holds what ``PUT .../commands`` registered, keyed by guild id (None: global).

Checks: each JSON body is validated against the OpenAPI spec and message bodies against
Discord's limits (discord_contract.py); a second acknowledgement of one interaction, a callback
later than `callback_deadline` and a route the fake lacks are violations too. They gather in
`violations`; the fixture fails the test at teardown if any is left. With
``require_no_mentions``, a message body without ``allowed_mentions: {"parse": []}`` is one.

Faults: `fail_next(pattern, status=429)` answers the next matching requests with 429 (Via header
and retry_after body, so discord.py sleeps and retries) or with 5xx; `expire(token)` makes the
callback answer 404 Unknown Interaction (10062) and the webhook 404 Unknown Webhook (10015);
`delay_next(pattern, seconds)` accepts the next matching requests at once (they count as
received) but holds their HTTP replies, as a slow network would;
``async with gateway_outage():`` closes the socket mid-traffic and holds the client's
reconnection for the block; dispatches made inside it are replayed after the client's RESUME,
then RESUMED.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import discord
from aiohttp import WSMsgType, web

from tests.e2e.discord_contract import choice_errors, message_errors, modal_errors, schema_errors
from tests.e2e.fake_world import LOADING, World, application_payload

EPHEMERAL = 64
HEARTBEAT_MS = 41_250
READY_WAIT = 0.05  # seconds discord.py waits after the last GUILD_CREATE before `ready`

_MESSAGE_PATH = re.compile(
    r"^/(webhooks/\d+/[^/]+(/messages/[^/]+)?"  # followups and edits of interaction messages
    r"|channels/\d+/messages(/\d+)?)$"  # channel posts and their edits
)
_CALLBACK_PATH = re.compile(r"^/interactions/(\d+)/([^/]+)/callback$")
_WEBHOOK_PATH = re.compile(r"^/webhooks/\d+/([^/]+)")


@dataclass
class Request:
    """One HTTP request the bot made, as the fake received it (path is below /api/v10)."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    at: float
    status: int = 0

    @property
    def token(self) -> str | None:
        """The interaction token of a callback or webhook request."""
        match = _CALLBACK_PATH.match(self.path) or _WEBHOOK_PATH.match(self.path)
        return match.group(match.re.groups) if match else None

    @property
    def is_callback(self) -> bool:
        return self.method == "POST" and bool(_CALLBACK_PATH.match(self.path))

    @property
    def message(self) -> dict[str, Any] | None:
        """The message body carried: callback data of types 4 and 7, or a create/edit body."""
        if self.method not in ("POST", "PATCH") or not isinstance(self.json, dict):
            return None
        if self.is_callback:
            return (self.json.get("data") or {}) if self.json.get("type") in (4, 7) else None
        return self.json if _MESSAGE_PATH.match(self.path) else None

    @property
    def mentions_none(self) -> bool:
        """Whether the message body sets allowed_mentions to parse nothing and list nobody."""
        mentions = (self.message or {}).get("allowed_mentions") or {}
        return (
            mentions.get("parse") == [] and not mentions.get("users") and not mentions.get("roles")
        )

    @property
    def flags(self) -> int:
        """Message flags sent: of the callback's data, or of a create/edit body."""
        body = self.json if isinstance(self.json, dict) else {}
        return int(((body.get("data") or {}) if self.is_callback else body).get("flags") or 0)

    @property
    def is_ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)


@dataclass
class _Fault:
    pattern: re.Pattern[str]
    method: str | None
    status: int
    remaining: int
    retry_after: float


@dataclass
class _Delay:
    pattern: re.Pattern[str]
    seconds: float
    remaining: int


@dataclass
class InteractionHandle:
    """One injected interaction; awaits what the bot sent back for it."""

    fake: FakeDiscord
    payload: dict[str, Any]
    dispatched_at: float = 0.0
    message: dict[str, Any] | None = None  # the message the initial response created or updated
    is_acknowledged: bool = False

    @property
    def id(self) -> int:
        return int(self.payload["id"])

    @property
    def token(self) -> str:
        return str(self.payload["token"])

    @property
    def requests(self) -> list[Request]:
        """Every callback and webhook request made with this interaction's token."""
        return [r for r in self.fake.requests if r.token == self.token]

    @property
    def callbacks(self) -> list[Request]:
        """Accepted initial responses: more than one is a bug (and a violation)."""
        return [r for r in self.requests if r.is_callback and 200 <= r.status < 300]

    @property
    def latency(self) -> float | None:
        """Seconds from dispatch to the accepted callback reaching the fake."""
        callbacks = self.callbacks
        return callbacks[0].at - self.dispatched_at if callbacks else None

    async def response(self, timeout: float = 5.0) -> Request:
        """Wait for the accepted initial response (callback answered 2xx)."""
        return await self.fake.wait_for(
            lambda r: r.token == self.token and r.is_callback and 200 <= r.status < 300, timeout
        )

    async def followup(self, index: int = 0, timeout: float = 5.0) -> Request:
        """Wait for the `index`-th followup message (POST /webhooks/{app}/{token})."""
        return await self._nth("POST", index, timeout)

    async def edit(self, index: int = 0, timeout: float = 5.0) -> Request:
        """Wait for the `index`-th edit (PATCH .../messages/@original or a followup's id)."""
        return await self._nth("PATCH", index, timeout)

    async def _nth(self, method: str, index: int, timeout: float) -> Request:
        def is_nth(request: Request) -> bool:
            found = [
                r
                for r in self.requests
                if r.method == method and not r.is_callback and 200 <= r.status < 300
            ]
            return len(found) > index and request is found[index]

        return await self.fake.wait_for(is_nth, timeout)


class FakeDiscord(World):
    """Discord on 127.0.0.1 for one bot at a time; see the module docstring."""

    callback_deadline = 3.0  # Discord drops an interaction not answered within 3 s

    def __init__(self, *, require_no_mentions: bool = False) -> None:
        super().__init__()
        self.require_no_mentions = require_no_mentions
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.identify_payload: dict[str, Any] = {}  # the last IDENTIFY, token left out
        self.identify_count = 0
        self.resume_count = 0
        self.replayed_count = 0  # dispatches sent again after a RESUME
        self._handles: dict[str, InteractionHandle] = {}
        self._expired: set[str] = set()
        self._faults: list[_Fault] = []
        self._delays: list[_Delay] = []
        self._waiters: list[tuple[Callable[[Request], bool], asyncio.Future[Request]]] = []
        self._session = ""
        self._history: list[dict[str, Any]] = []
        self._ws: web.WebSocketResponse | None = None
        self.shard_sockets: dict[int, web.WebSocketResponse] = {}  # by shard id, as identified
        self._sockets: set[web.WebSocketResponse] = set()
        self._send_lock = asyncio.Lock()
        self._resumed = asyncio.Event()
        self._online = asyncio.Event()
        self._online.set()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # lifecycle

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close(code=1001)
        for _, future in self._waiters:
            future.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.base_url.removeprefix('http://')}/gateway"

    # interactions

    async def interact(
        self, payload: dict[str, Any], *, shard: int | None = None
    ) -> InteractionHandle:
        """Dispatch INTERACTION_CREATE, as if the member had used the command or component.

        `shard` picks the gateway connection of that shard (several bots, each with some
        shards); by default it goes to the connection that identified last.
        """
        handle = InteractionHandle(self, payload, time.monotonic())
        self._handles[handle.token] = handle
        if shard is None:
            await self.dispatch("INTERACTION_CREATE", payload)
        else:
            await self._send(self.shard_sockets[shard], "INTERACTION_CREATE", payload)
        return handle

    def expire(self, token: str) -> None:
        """Make an interaction token unknown, as Discord does after 3 s or 15 minutes."""
        self._expired.add(token)

    # recording

    async def wait_for(self, predicate: Callable[[Request], bool], timeout: float = 5.0) -> Request:
        """Return the first answered request matching `predicate`, waiting for it if need be."""
        for request in self.requests:
            if request.status and predicate(request):
                return request
        future: asyncio.Future[Request] = asyncio.get_running_loop().create_future()
        waiter = (predicate, future)
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            seen = "\n  ".join(f"{r.status} {r.method} {r.path}" for r in self.requests)
            raise AssertionError(f"no matching request in {timeout} s; saw:\n  {seen}") from None
        finally:
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)

    def fail_next(
        self,
        pattern: str,
        *,
        status: int = 429,
        times: int = 1,
        method: str | None = None,
        retry_after: float = 0.05,
    ) -> None:
        """Answer the next `times` requests whose path matches `pattern` with `status`."""
        self._faults.append(_Fault(re.compile(pattern), method, status, times, retry_after))

    def delay_next(self, pattern: str, seconds: float, *, times: int = 1) -> None:
        """Accept the next `times` requests matching `pattern`, but reply `seconds` late."""
        self._delays.append(_Delay(re.compile(pattern), seconds, times))

    # gateway

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a dispatch frame now, or keep it for replay if the client is disconnected."""
        await self._send(None, event, data)

    async def _send(
        self, ws: web.WebSocketResponse | None, event: str, data: dict[str, Any]
    ) -> None:
        """Number and keep a dispatch frame, and send it to `ws` (None: the current socket)."""
        async with self._send_lock:
            frame = {"op": 0, "t": event, "s": len(self._history) + 1, "d": data}
            self._history.append(frame)
            ws = ws or self._ws
            if ws is not None and not ws.closed:
                await ws.send_json(frame)

    @contextlib.asynccontextmanager
    async def gateway_outage(self, code: int = 4000, timeout: float = 5.0) -> AsyncIterator[None]:
        """Close the gateway socket mid-traffic and keep it down for the block.

        Dispatches made inside the block are kept; on leaving it the client's RESUME is
        answered with them (replayed in order) and RESUMED, which this waits for.
        """
        self._online.clear()
        self._resumed.clear()
        async with self._send_lock:
            ws, self._ws = self._ws, None
        if ws is not None:
            await ws.close(code=code)
        try:
            yield
        finally:
            self._online.set()
        await asyncio.wait_for(self._resumed.wait(), timeout)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.add(ws)
        try:
            await ws.send_json({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}})
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    break
                await self._on_frame(ws, json.loads(message.data))
        finally:
            self._sockets.discard(ws)
        return ws

    async def _on_frame(self, ws: web.WebSocketResponse, frame: Any) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == 1:
            await ws.send_json({"op": 11})
        elif op == 2:
            await self._online.wait()
            await self._identify(ws, data)
        elif op == 6:
            await self._online.wait()
            await self._resume(ws, data)
        elif op == 8:
            guild = next(g for g in self.guilds if str(g.id) == str(data["guild_id"]))
            await self.dispatch(
                "GUILD_MEMBERS_CHUNK",
                {
                    "guild_id": str(guild.id),
                    "members": [p.member() for p in guild.members],
                    "chunk_index": 0,
                    "chunk_count": 1,
                    "nonce": data.get("nonce"),
                },
            )

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        self.identify_payload = {k: v for k, v in data.items() if k != "token"}
        self.identify_count += 1
        shard = data.get("shard") or [0, 1]
        async with self._send_lock:
            self._session, self._history, self._ws = f"session-{self.identify_count}", [], ws
            self.shard_sockets[shard[0]] = ws
        # To this socket, not the latest: another bot's shard may identify meanwhile.
        await self._send(
            ws,
            "READY",
            {
                "v": 10,
                "user": self.bot_user.user(),
                "session_id": self._session,
                "resume_gateway_url": self.gateway_url,
                "shard": shard,
                "guilds": [{"id": str(g.id), "unavailable": True} for g in self.guilds],
                "application": {"id": str(self.application_id), "flags": 0},
            },
        )
        for guild in self.guilds:
            await self._send(ws, "GUILD_CREATE", guild.create_event())

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("session_id") != self._session:
            await ws.send_json({"op": 9, "d": False})
            return
        async with self._send_lock:
            for frame in self._history[int(data.get("seq") or 0) :]:
                await ws.send_json(frame)
                self.replayed_count += 1
            self._ws = ws
        self.resume_count += 1
        await self.dispatch("RESUMED", {})
        self._resumed.set()

    # REST

    async def _rest(self, http: web.Request) -> web.Response:
        body: Any = None
        if http.content_type == "application/json":
            body = await http.json()
        elif http.content_type == "multipart/form-data":
            form = await http.post()
            body = json.loads(str(form["payload_json"])) if "payload_json" in form else None
        request = Request(
            http.method, "/" + http.match_info["tail"], dict(http.query), body, time.monotonic()
        )
        self.requests.append(request)
        status, payload, headers = self._fault(request) or (*self._answer(request), {})
        request.status = status
        for predicate, future in list(self._waiters):
            if not future.done() and predicate(request):
                future.set_result(request)
        await self._delay(request)
        if payload is None:
            return web.Response(status=status, headers=headers)
        return web.Response(
            status=status,
            body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", **headers},
        )

    def _fault(self, request: Request) -> tuple[int, Any, dict[str, str]] | None:
        for fault in self._faults:
            if (
                fault.remaining
                and fault.pattern.search(request.path)
                and fault.method in (None, request.method)
            ):
                fault.remaining -= 1
                if fault.status != 429:
                    return fault.status, {"message": "fake outage", "code": 0}, {}
                headers = {
                    "Via": "1.1 google",
                    "Retry-After": "1",
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Scope": "user",
                    "X-RateLimit-Reset-After": str(fault.retry_after),
                }
                return (
                    429,
                    {
                        "message": "You are being rate limited.",
                        "retry_after": fault.retry_after,
                        "global": False,
                    },
                    headers,
                )
        return None

    async def _delay(self, request: Request) -> None:
        for delay in self._delays:
            if delay.remaining and delay.pattern.search(request.path):
                delay.remaining -= 1
                await asyncio.sleep(delay.seconds)
                return

    def _check(self, request: Request) -> None:
        where = f"{request.method} {request.path}"
        if request.json is not None:
            self.violations += [
                f"{where}: {e}" for e in schema_errors(request.method, request.path, request.json)
            ]
        message, body = request.message, request.json
        if message is not None:
            self.violations += [f"{where}: {e}" for e in message_errors(message)]
            if self.require_no_mentions and not request.mentions_none:
                self.violations.append(f"{where}: allowed_mentions does not parse=[]")
        elif request.is_callback and body.get("type") == 8:
            choices = (body.get("data") or {}).get("choices") or []
            self.violations += [f"{where}: {e}" for e in choice_errors(choices)]
        elif request.is_callback and body.get("type") == 9:
            self.violations += [f"{where}: {e}" for e in modal_errors(body.get("data") or {})]

    def _answer(self, request: Request) -> tuple[int, Any]:
        self._check(request)
        method, parts = request.method, request.path.strip("/").split("/")
        match (method, parts):
            case ("GET", ["users", "@me"]):
                return 200, self.bot_user.user()
            case ("GET", ["oauth2", "applications", "@me"]):
                return 200, application_payload(self.bot_user, self.member)
            case ("GET", ["gateway", *_]):
                return 200, {
                    "url": self.gateway_url,
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 999,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            case ("PUT" | "GET", ["applications", _, "commands"]):
                return self._commands(None, request)
            case ("PUT" | "GET", ["applications", _, "guilds", guild_id, "commands"]):
                return self._commands(int(guild_id), request)
            case ("POST", ["interactions", interaction_id, token, "callback"]):
                return self._callback(int(interaction_id), token, request)
            case (_, ["webhooks", _, token, *rest]):
                return self._webhook(token, rest, request)
            case ("POST", ["users", "@me", "channels"]):
                user = {"id": str(request.json["recipient_id"])}
                channel_id = self.dm_channel(int(user["id"]))
                return 200, {"id": str(channel_id), "type": 1, "recipients": [user]}
            case ("POST", ["channels", channel_id, "messages"]):
                return 200, self.store_message(int(channel_id), request.json)
            case (_, ["channels", _, "messages", message_id]):
                return self._on_message(self.messages.get(int(message_id)), request)
        self.violations.append(f"{method} {request.path}: the fake has no such route")
        return 404, {"message": "404: Not Found", "code": 0}

    def _commands(self, guild_id: int | None, request: Request) -> tuple[int, Any]:
        if request.method == "PUT":
            self.commands[guild_id] = [
                {
                    "id": str(next(self._ids)),
                    "application_id": str(self.application_id),
                    "version": "1",
                    "type": 1,
                    "description": "",
                    "options": [],
                }
                | command
                | ({"guild_id": str(guild_id)} if guild_id else {})
                for command in request.json
            ]
        return 200, self.commands.get(guild_id, [])

    def _callback(self, interaction_id: int, token: str, request: Request) -> tuple[int, Any]:
        handle = self._handles.get(token)
        late = handle is not None and request.at - handle.dispatched_at > self.callback_deadline
        if handle is None or handle.id != interaction_id or token in self._expired or late:
            return 404, {"message": "Unknown interaction", "code": 10062}
        if handle.is_acknowledged:
            self.violations.append(f"interaction {interaction_id} acknowledged twice")
            return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
        handle.is_acknowledged = True
        kind, data = request.json["type"], request.json.get("data") or {}
        channel_id = int(handle.payload["channel_id"])
        if kind in (4, 5):
            flags = data.get("flags", 0) | (LOADING if kind == 5 else 0)
            handle.message = self.store_message(
                channel_id, data | {"flags": flags}, from_webhook=True
            )
        elif kind in (6, 7) and "message" in handle.payload:
            handle.message = self.messages.get(int(handle.payload["message"]["id"]))
            if kind == 7 and handle.message is not None:
                self.edit_message(handle.message, data)
        if "with_response" not in request.query:
            return 204, None
        message = handle.message if kind in (4, 5, 7) else None
        answer: dict[str, Any] = {
            "interaction": {
                "id": str(interaction_id),
                "type": handle.payload["type"],
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(data.get("flags", 0) & EPHEMERAL),
            }
        }
        if message is not None:
            answer["interaction"]["response_message_id"] = message["id"]
            answer["resource"] = {"type": kind, "message": message}
        return 200, answer

    def _webhook(self, token: str, rest: list[str], request: Request) -> tuple[int, Any]:
        handle = self._handles.get(token)
        if handle is None or token in self._expired or not handle.is_acknowledged:
            return 404, {"message": "Unknown Webhook", "code": 10015}
        if request.method == "POST" and not rest:
            message = handle.message
            if message is not None and message["flags"] & LOADING:
                self.edit_message(message, request.json)  # a deferral's first followup fills it
            else:
                channel_id = int(handle.payload["channel_id"])
                message = self.store_message(channel_id, request.json, from_webhook=True)
            return (200, message) if request.query.get("wait") in ("1", "true") else (204, None)
        if rest[:1] == ["messages"] and len(rest) == 2:
            message_id = rest[1]
            message = (
                handle.message if message_id == "@original" else self.messages.get(int(message_id))
            )
            return self._on_message(message, request)
        return 404, {"message": "404: Not Found", "code": 0}

    def _on_message(self, message: dict[str, Any] | None, request: Request) -> tuple[int, Any]:
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        if request.method == "PATCH":
            self.edit_message(message, request.json)
        elif request.method == "DELETE":
            self.messages.pop(int(message["id"]), None)
            return 204, None
        return 200, message


@contextlib.asynccontextmanager
async def run_bot(
    fake: FakeDiscord, client: discord.Client, token: str = "fake-token", timeout: float = 10.0
) -> AsyncIterator[discord.Client]:
    """Log `client` in to `fake`, wait until it is ready, and close it cleanly on exit.

    Shortens discord.py's wait after the last GUILD_CREATE (2 s by default; a constructor
    option kept on the private connection state) so that each test starts in milliseconds.
    """
    client._connection.guild_ready_timeout = READY_WAIT
    connection: asyncio.Task[None] | None = None
    try:
        await client.login(token)
        connection = asyncio.create_task(client.connect())
        ready = asyncio.create_task(client.wait_until_ready())
        await asyncio.wait(
            {connection, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        ready.cancel()
        if not client.is_ready():
            raise AssertionError(f"bot not ready within {timeout} s on {fake.base_url}")
        yield client
    finally:
        await client.close()
        if connection is not None:
            await asyncio.wait_for(connection, timeout)
