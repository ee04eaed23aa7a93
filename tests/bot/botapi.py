"""A minimal Telegram Bot API server on loopback, so the real python-telegram-bot client (httpx, AIORateLimiter)
talks to it over HTTP: tests push user messages and button presses and read what the bot sent."""
from __future__ import annotations

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

BOT = {"id": 4242, "is_bot": True, "first_name": "loanbot", "username": "loanbot_test_bot"}
TOKEN = "4242:TEST-token"


class BotApiServer:
    def __init__(self) -> None:
        self._updates: list[dict] = []
        self._sent: list[dict] = []
        self._answers: list[dict] = []
        self._failures: dict[str, list[int]] = {}
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._lock = threading.Condition()
        self.confirmed_offset = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.token = TOKEN

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/bot"

    def start(self) -> "BotApiServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- what a user does ---------------------------------------------------------------------------------------
    @staticmethod
    def _user(user_id: int, language_code: str | None) -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    def push_text(self, user_id: int, text: str, language_code: str | None = "en") -> int:
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "text": text,
                   "chat": {"id": user_id, "type": "private", "first_name": f"User{user_id}"},
                   "from": self._user(user_id, language_code)}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self._push({"message": message})

    def push_callback(self, user_id: int, message_id: int, data: str, language_code: str | None = "en") -> int:
        query = {"id": str(next(self._ids) + 900000), "from": self._user(user_id, language_code),
                 "chat_instance": str(user_id), "data": data,
                 "message": {"message_id": message_id, "date": int(time.time()), "text": "…",
                             "chat": {"id": user_id, "type": "private"}, "from": BOT}}
        return self._push({"callback_query": query})

    def _push(self, body: dict) -> int:
        with self._lock:
            update_id = next(self._ids)
            self._updates.append({"update_id": update_id, **body, "_pushed": time.monotonic()})
            self._lock.notify_all()
            return update_id

    def fail_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with 429 Too Many Requests."""
        with self._lock:
            self._failures.setdefault(method, []).extend([retry_after] * times)

    # --- what the bot did -----------------------------------------------------------------------------------------
    def sent(self, chat_id: int | None = None) -> list[dict]:
        with self._lock:
            return [m for m in self._sent if chat_id is None or m["chat_id"] == chat_id]

    def answered_callbacks(self) -> list[dict]:
        with self._lock:
            return list(self._answers)

    def wait_for_sent(self, n: int, timeout: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self._sent) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(self._sent)} messages sent, expected {n}")
                self._lock.wait(left)
            return list(self._sent)

    def pending_updates(self) -> int:
        with self._lock:
            return sum(1 for u in self._updates if u["update_id"] >= self.confirmed_offset)

    # --- the HTTP side --------------------------------------------------------------------------------------------
    def _call(self, method: str, params: dict) -> tuple[int, dict]:
        with self._lock:
            failures = self._failures.get(method)
            if failures:
                retry = failures.pop(0)
                return 429, {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {retry}",
                             "parameters": {"retry_after": retry}}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method == "sendMessage":
            return 200, {"ok": True, "result": self._send_message(params)}
        if method == "answerCallbackQuery":
            with self._lock:
                self._answers.append(params)
            return 200, {"ok": True, "result": True}
        if method in ("deleteWebhook", "setMyCommands"):
            return 200, {"ok": True, "result": True}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}

    def _get_updates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        with self._lock:
            if offset:
                self.confirmed_offset = max(self.confirmed_offset, offset)
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
            return [{k: v for k, v in u.items() if not k.startswith("_")} for u in self._updates[:limit]]

    def _send_message(self, params: dict) -> dict:
        chat_id = int(params["chat_id"])
        markup = json.loads(params["reply_markup"]) if params.get("reply_markup") else None
        buttons = [[b["callback_data"] for b in row] for row in markup["inline_keyboard"]] if markup else []
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "text": params["text"],
                   "chat": {"id": chat_id, "type": "private"}, "from": BOT}
        with self._lock:
            self._sent.append({"chat_id": chat_id, "text": params["text"], "buttons": buttons,
                               "message_id": message["message_id"], "at": time.monotonic()})
            self._lock.notify_all()
        return message

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else every answer waits for a delayed ACK (~40 ms)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = json.loads(body or "{}")
                else:
                    params = dict(parse_qsl(body))
                method = self.path.rsplit("/", 1)[-1]
                status, payload = server._call(method, params)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, *args) -> None:
                pass

        return Handler
