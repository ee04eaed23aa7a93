"""A minimal, real Telegram Bot API HTTP server on loopback (plain asyncio, no deps).

python-telegram-bot 22 POSTs ``{base_url}{token}/{method}`` with an
``application/x-www-form-urlencoded`` body in which every non-string parameter is
JSON-encoded (``telegram.request.RequestData.json_parameters``), or ``multipart/form-data``
when uploading files. JSON bodies are accepted too. Point PTB at it with::

    ApplicationBuilder().token("123:ABC").base_url(server.base_url).build()

The server runs in its own thread with its own event loop, so it serves sync tests and
async tests (whose loop runs the bot) alike; the test helpers are thread-safe.
"""
from __future__ import annotations

import asyncio
import copy
import email.parser
import email.policy
import itertools
import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

HOST = "127.0.0.1"

# Parameters whose form value is JSON text (PTB json.dumps() every non-str value).
_JSON_PARAMS = {
    "reply_markup", "entities", "caption_entities", "commands", "scope", "allowed_updates",
    "link_preview_options", "reply_parameters", "media", "results", "options",
    "explanation_entities", "menu_button", "rights", "reaction",
}
_INT_PARAMS = {
    "chat_id", "message_id", "offset", "limit", "timeout", "user_id", "cache_time",
    "from_chat_id", "message_thread_id", "reply_to_message_id", "message_effect_id",
}
_BOOL_PARAMS = {
    "disable_notification", "show_alert", "drop_pending_updates", "protect_content",
    "disable_web_page_preview", "allow_sending_without_reply", "is_personal",
}


def _convert(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if name in _INT_PARAMS:
        try:
            return int(value)
        except ValueError:
            return value  # e.g. "@channelusername"
    if name in _BOOL_PARAMS:
        return value.lower() in {"true", "1"}
    return value


@dataclass
class _Injected:
    method: str | None  # None = any method
    status: int
    body: dict


class BotApiServer:
    """Fake Telegram Bot API.

    Attributes: ``host``, ``port``, ``base_url`` ("http://127.0.0.1:PORT/bot"),
    ``token`` (the token PTB used last, ``require_token`` until then; any token is accepted
    unless ``require_token``), ``bot_user`` (the getMe result).
    """

    def __init__(self, *, bot_id: int = 123, username: str = "loanbot_test_bot",
                 first_name: str = "LoanBot", require_token: str | None = None) -> None:
        self.host = HOST
        self.port = 0
        self.require_token = require_token
        self.token: str | None = require_token
        self.bot_user = {
            "id": bot_id, "is_bot": True, "first_name": first_name, "username": username,
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False, "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._updates: deque[dict] = deque()
        self._sent: list[dict] = []
        self._edits: list[dict] = []
        self._answers: list[dict] = []
        self._calls: list[tuple[str, dict]] = []
        self._messages: dict[tuple[int, int], dict] = {}
        self._commands: dict[str, list] = {}
        self._injected: deque[_Injected] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._wakeup: asyncio.Event | None = None
        self._conn_tasks: set[asyncio.Task] = set()

    # ======================================================================================
    # lifecycle
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    def start(self) -> "BotApiServer":
        if self._thread is not None:
            return self
        ready = threading.Event()
        error: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                self._wakeup = asyncio.Event()
                self._server = loop.run_until_complete(
                    asyncio.start_server(self._handle_conn, self.host, self.port or 0)
                )
                self.port = self._server.sockets[0].getsockname()[1]
            except BaseException as exc:  # noqa: BLE001
                error.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name="fake-bot-api", daemon=True)
        self._thread.start()
        ready.wait(10)
        if error:
            self._thread = None
            raise error[0]
        return self

    def stop(self) -> None:
        if self._thread is None or self._loop is None:
            return
        loop = self._loop

        async def shutdown() -> None:
            if self._server is not None:
                self._server.close()
            for task in list(self._conn_tasks):
                task.cancel()
            await asyncio.gather(*self._conn_tasks, return_exceptions=True)
            loop.stop()

        asyncio.run_coroutine_threadsafe(shutdown(), loop)
        self._thread.join(10)
        self._thread = None
        self._loop = None

    def __enter__(self) -> "BotApiServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _notify(self) -> None:
        with self._cond:
            self._cond.notify_all()
        loop, ev = self._loop, self._wakeup
        if loop is not None and ev is not None and not loop.is_closed():
            loop.call_soon_threadsafe(ev.set)

    # ======================================================================================
    # test helpers: incoming updates
    def _user(self, user_id: int, language_code: str | None, first_name: str | None,
              username: str | None) -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}"}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    def push_update(self, update: dict) -> dict:
        """Queue a raw update dict (``update_id`` is assigned if missing)."""
        with self._lock:
            update = dict(update)
            update.setdefault("update_id", next(self._update_ids))
            self._updates.append(update)
        self._notify()
        return update

    def push_text(self, user_id: int, text: str, language_code: str | None = "en", *,
                  chat_id: int | None = None, first_name: str | None = None,
                  username: str | None = None) -> dict:
        """Queue a private text message from ``user_id``; returns the update dict.
        A leading ``/command`` gets a ``bot_command`` entity, as Telegram does."""
        user = self._user(user_id, language_code, first_name, username)
        chat_id = user_id if chat_id is None else chat_id
        with self._lock:
            message = {
                "message_id": next(self._message_ids),
                "from": user,
                "chat": self._chat(chat_id, user),
                "date": int(time.time()),
                "text": text,
            }
            if text.startswith("/"):
                cmd = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(cmd)}]
            self._messages[(chat_id, message["message_id"])] = message
        return self.push_update({"message": message})

    def push_callback(self, user_id: int, message_id: int, data: str,
                      language_code: str | None = "en", *, chat_id: int | None = None,
                      first_name: str | None = None, username: str | None = None) -> dict:
        """Queue a callback query (button press) on the bot's message ``message_id``; if the bot
        sent no such message in that chat, the query carries a stand-in message of the bot's."""
        user = self._user(user_id, language_code, first_name, username)
        chat_id = user_id if chat_id is None else chat_id
        with self._lock:
            stored = self._messages.get((chat_id, message_id))
            if stored is not None and not stored["from"].get("is_bot"):
                stored = None  # a user's own message has no buttons to press
            message = copy.deepcopy(stored) or {
                "message_id": message_id, "from": self.bot_user,
                "chat": self._chat(chat_id, user), "date": int(time.time()), "text": "",
            }
            query = {
                "id": str(next(self._callback_ids)),
                "from": user,
                "message": message,
                "chat_instance": f"ci-{chat_id}",
                "data": data,
            }
        return self.push_update({"callback_query": query})

    @staticmethod
    def _chat(chat_id: int, user: dict | None = None) -> dict:
        if chat_id > 0:
            chat = {"id": chat_id, "type": "private"}
            if user:
                chat["first_name"] = user.get("first_name", "")
                if "username" in user:
                    chat["username"] = user["username"]
            return chat
        return {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}

    # ======================================================================================
    # test helpers: what the bot did
    def sent(self, chat_id: int | None = None) -> list[dict]:
        """Messages sent with sendMessage (to ``chat_id`` only, if given), oldest first: dicts with
        ``chat_id``, ``text``, ``reply_markup`` (parsed dict or None), ``buttons`` (the inline
        keyboard's callback_data, row by row; [] without one), ``parse_mode``, ``message_id``,
        ``at`` (time.monotonic() when the request arrived) and ``params``."""
        with self._lock:
            return [dict(m) for m in self._sent if chat_id is None or m["chat_id"] == chat_id]

    def edits(self) -> list[dict]:
        """editMessageText / editMessageReplyMarkup calls: ``method``, ``chat_id``,
        ``message_id``, ``text`` (None for markup-only edits), ``reply_markup``, ``params``."""
        with self._lock:
            return [dict(m) for m in self._edits]

    def answered_callbacks(self) -> list[dict]:
        """answerCallbackQuery parameters, oldest first."""
        with self._lock:
            return [dict(a) for a in self._answers]

    def calls(self, method: str | None = None) -> list[tuple[str, dict]]:
        """Every request as ``(method, params)``; filtered by method name if given."""
        with self._lock:
            return [(m, dict(p)) for m, p in self._calls if method is None or m == method]

    def message(self, chat_id: int, message_id: int) -> dict | None:
        """Current state of a message (after edits), as Telegram would return it."""
        with self._lock:
            m = self._messages.get((chat_id, message_id))
            return copy.deepcopy(m) if m else None

    def commands(self, language_code: str = "") -> list[dict] | None:
        with self._lock:
            return copy.deepcopy(self._commands.get(language_code))

    def pending_updates(self) -> list[dict]:
        with self._lock:
            return list(self._updates)

    def wait_for_sent(self, n: int, timeout: float = 5.0) -> list[dict]:
        """Block until at least ``n`` messages were sent; returns sent(). For sync tests or
        when the bot runs in another thread; in async tests use ``wait_for_sent_async``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._sent) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"expected {n} sent messages, got {len(self._sent)}: "
                                       f"{[m['text'] for m in self._sent]}")
                self._cond.wait(left)
        return self.sent()

    async def wait_for_sent_async(self, n: int, timeout: float = 5.0) -> list[dict]:
        """Like wait_for_sent but yields to the caller's event loop while waiting."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if len(self._sent) >= n:
                    return self.sent()
            if time.monotonic() > deadline:
                raise TimeoutError(f"expected {n} sent messages, got {len(self._sent)}: "
                                   f"{[m['text'] for m in self.sent()]}")
            await asyncio.sleep(0.01)

    def reset(self) -> None:
        """Forget recorded calls, pending updates and injected failures."""
        with self._lock:
            self._updates.clear(); self._sent.clear(); self._edits.clear()
            self._answers.clear(); self._calls.clear(); self._injected.clear()

    # ======================================================================================
    # failure injection
    def flood_next(self, retry_after: int = 1, count: int = 1, method: str | None = None) -> None:
        """Answer the next ``count`` calls (of ``method``, or any but getUpdates if None)
        with HTTP 429 and ``parameters.retry_after`` (PTB raises telegram.error.RetryAfter)."""
        body = {"ok": False, "error_code": 429,
                "description": f"Too Many Requests: retry after {retry_after}",
                "parameters": {"retry_after": retry_after}}
        with self._lock:
            for _ in range(count):
                self._injected.append(_Injected(method, 429, body))

    def fail_next(self, error_code: int = 400, description: str = "Bad Request: injected failure",
                  count: int = 1, method: str | None = None) -> None:
        """Answer the next ``count`` calls with an arbitrary Bot API error
        (400 BadRequest, 403 Forbidden, 502 NetworkError, ...)."""
        body = {"ok": False, "error_code": error_code, "description": description}
        with self._lock:
            for _ in range(count):
                self._injected.append(_Injected(method, error_code, body))

    def _take_injected(self, method: str) -> _Injected | None:
        with self._lock:
            for inj in self._injected:
                if inj.method == method or (inj.method is None and method != "getUpdates"):
                    self._injected.remove(inj)
                    return inj
        return None

    # ======================================================================================
    # HTTP
    async def _handle_conn(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._conn_tasks.add(task)
        sock = writer.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # Answers go out at once, not after the client's delayed ACK (~40 ms) of an earlier segment.
            # asyncio's own socket transports set this too; said here so no event loop can leave it off.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                request = await self._read_request(reader)
                if request is None:
                    break
                method_http, target, headers, body = request
                status, payload = await self._dispatch(method_http, target, headers, body)
                data = json.dumps(payload).encode()
                keep_alive = headers.get("connection", "").lower() != "close"
                reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
                          404: "Not Found", 409: "Conflict", 429: "Too Many Requests",
                          502: "Bad Gateway"}.get(status, "Error")
                writer.write(
                    f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(data)}\r\n"
                    f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n".encode()
                    + data
                )
                await writer.drain()
                if not keep_alive:
                    break
        except (asyncio.CancelledError, ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            if task is not None:
                self._conn_tasks.discard(task)
            try:
                writer.close()
            except Exception:  # noqa: BLE001
                pass

    @staticmethod
    async def _read_request(reader: asyncio.StreamReader):
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return None
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    await reader.readline()  # trailing CRLF (no trailers expected)
                    break
                body += await reader.readexactly(size)
                await reader.readline()
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
        return method, target, headers, body

    @staticmethod
    def _parse_params(target: str, headers: dict, body: bytes) -> dict:
        params: dict[str, Any] = dict(parse_qsl(urlsplit(target).query, keep_blank_values=True))
        ctype = headers.get("content-type", "")
        if body:
            if ctype.startswith("application/json"):
                params.update(json.loads(body.decode() or "{}"))
            elif ctype.startswith("multipart/form-data"):
                msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                    f"Content-Type: {ctype}\r\n\r\n".encode() + body)
                for part in msg.iter_parts():
                    name = part.get_param("name", header="content-disposition")
                    if not name:
                        continue
                    if part.get_filename():
                        params[name] = {"filename": part.get_filename(),
                                        "content": part.get_payload(decode=True)}
                    else:
                        params[name] = part.get_payload(decode=True).decode("utf-8")
            else:  # application/x-www-form-urlencoded, what PTB sends
                params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        return {k: _convert(k, v) for k, v in params.items()}

    async def _dispatch(self, http_method: str, target: str, headers: dict, body: bytes):
        path = urlsplit(target).path
        parts = path.split("/")
        # /bot<token>/<method>
        if len(parts) != 3 or not parts[1].startswith("bot") or not parts[2]:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, api_method = parts[1][3:], parts[2]
        if self.require_token is not None and token != self.require_token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        self.token = token
        try:
            params = self._parse_params(target, headers, body)
        except Exception as exc:  # noqa: BLE001
            return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
        with self._lock:
            self._calls.append((api_method, params))
        injected = self._take_injected(api_method)
        if injected is not None:
            return injected.status, injected.body
        handler = getattr(self, f"_api_{api_method.lower()}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        try:
            result = handler(params)
            if asyncio.iscoroutine(result):
                result = await result
        except _ApiError as err:
            return err.code, {"ok": False, "error_code": err.code, "description": err.description}
        self._notify()
        return 200, {"ok": True, "result": result}

    # ======================================================================================
    # Bot API methods
    def _api_getme(self, p: dict) -> dict:
        return dict(self.bot_user)

    async def _api_getupdates(self, p: dict) -> list:
        offset = int(p.get("offset") or 0)
        limit = max(1, min(int(p.get("limit") or 100), 100))
        timeout = float(p.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if offset > 0:  # confirm (drop) everything before offset
                    while self._updates and self._updates[0]["update_id"] < offset:
                        self._updates.popleft()
                elif offset < 0:
                    while len(self._updates) > -offset:
                        self._updates.popleft()
                batch = list(itertools.islice(self._updates, 0, limit))
                if batch:
                    return copy.deepcopy(batch)
                assert self._wakeup is not None
                self._wakeup.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            try:
                await asyncio.wait_for(self._wakeup.wait(), min(left, 1.0))
            except asyncio.TimeoutError:
                pass

    def _api_deletewebhook(self, p: dict) -> bool:
        if p.get("drop_pending_updates"):
            with self._lock:
                self._updates.clear()
        return True

    def _api_getwebhookinfo(self, p: dict) -> dict:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    def _api_sendmessage(self, p: dict) -> dict:
        if "chat_id" not in p or "text" not in p:
            raise _ApiError(400, "Bad Request: chat_id and text are required")
        if not str(p["text"]).strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if len(str(p["text"])) > 4096:
            raise _ApiError(400, "Bad Request: message is too long")
        chat_id = p["chat_id"]
        markup = p.get("reply_markup")
        keyboard = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        buttons = [[b.get("callback_data") for b in row] for row in keyboard or []]
        with self._lock:
            msg = {
                "message_id": next(self._message_ids),
                "from": dict(self.bot_user),
                "chat": self._chat(chat_id) if isinstance(chat_id, int) else {"id": -1, "type": "channel"},
                "date": int(time.time()),
                "text": p["text"],
            }
            if p.get("entities"):
                msg["entities"] = p["entities"]
            if isinstance(p.get("reply_markup"), dict) and "inline_keyboard" in p["reply_markup"]:
                msg["reply_markup"] = p["reply_markup"]
            self._messages[(chat_id, msg["message_id"])] = msg
            self._sent.append({
                "chat_id": chat_id, "text": p["text"], "reply_markup": markup, "buttons": buttons,
                "parse_mode": p.get("parse_mode"), "message_id": msg["message_id"],
                "at": time.monotonic(), "params": p,
            })
            return copy.deepcopy(msg)

    def _edit(self, p: dict, method: str, text: str | None):
        if "inline_message_id" in p:
            with self._lock:
                self._edits.append({"method": method, "chat_id": None, "message_id": None,
                                    "inline_message_id": p["inline_message_id"], "text": text,
                                    "reply_markup": p.get("reply_markup"), "params": p})
            return True
        key = (p.get("chat_id"), p.get("message_id"))
        with self._lock:
            msg = self._messages.get(key)
            if msg is None:
                raise _ApiError(400, "Bad Request: message to edit not found")
            new_markup = p.get("reply_markup")
            if text is not None and text == msg.get("text") and new_markup == msg.get("reply_markup"):
                raise _ApiError(400, "Bad Request: message is not modified: specified new message "
                                     "content and reply markup are exactly the same as a current "
                                     "content and reply markup of the message")
            if text is not None:
                msg["text"] = text
                msg.pop("entities", None)
                if p.get("entities"):
                    msg["entities"] = p["entities"]
            if isinstance(new_markup, dict) and new_markup.get("inline_keyboard"):
                msg["reply_markup"] = new_markup
            else:
                msg.pop("reply_markup", None)
            msg["edit_date"] = int(time.time())
            self._edits.append({"method": method, "chat_id": key[0], "message_id": key[1],
                                "text": text, "reply_markup": new_markup, "params": p})
            return copy.deepcopy(msg)

    def _api_editmessagetext(self, p: dict):
        if "text" not in p:
            raise _ApiError(400, "Bad Request: text is required")
        return self._edit(p, "editMessageText", p["text"])

    def _api_editmessagereplymarkup(self, p: dict):
        return self._edit(p, "editMessageReplyMarkup", None)

    def _api_answercallbackquery(self, p: dict) -> bool:
        with self._lock:
            self._answers.append(p)
        return True

    def _api_setmycommands(self, p: dict) -> bool:
        with self._lock:
            self._commands[p.get("language_code") or ""] = p.get("commands") or []
        return True

    def _api_getmycommands(self, p: dict) -> list:
        with self._lock:
            return copy.deepcopy(self._commands.get(p.get("language_code") or "", []))

    def _api_deletemycommands(self, p: dict) -> bool:
        with self._lock:
            self._commands.pop(p.get("language_code") or "", None)
        return True

    def _api_close(self, p: dict) -> bool:
        return True

    def _api_logout(self, p: dict) -> bool:
        return True


class _ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
