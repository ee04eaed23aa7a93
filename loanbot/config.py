"""The service configuration (contracts §4): every key optional; with no file at all, the embedded default runs
offline on SQLite and Maildir folders under `var/`."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, ValidationError

from core.catalogue.settings import CatalogueSettings, CatalogueTarget, CrossrefSettings
from core.domain.policy import describe_validation_error, read_toml

SAMPLES = Path(__file__).resolve().parent.parent / "core" / "samples"


class ConfigError(ValueError):
    pass


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MailConfig(_Table):
    imap_host: str | None = None
    imap_port: int = 993
    imap_ssl: bool = True
    imap_user: str | None = None
    imap_password: str | None = None
    imap_folder: str = "INBOX"
    imap_done_folder: str | None = None  # optional: move handled mail here (else it is flagged \\Seen + $Loanbot)
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_ssl: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    from_address: str = "Library <library@localhost>"
    maildir: str | None = None        # embedded default intake (var/mail/inbox)
    outbox_maildir: str | None = None  # embedded default outbox (var/mail/sent)
    max_replies_per_sender_per_hour: int = 10
    tls_verify: bool = True


class TelegramConfig(_Table):
    token: str | None = None
    api_base_url: str = "https://api.telegram.org/bot"
    poll_timeout: int = 10


class Config(_Table):
    database: str = "sqlite+aiosqlite:///var/loanbot.db"
    policy: str | None = None
    library: str | None = None  # optional: a TOML of [[patron]] and [[item]] loaded at start
    mail: MailConfig = MailConfig()
    telegram: TelegramConfig = TelegramConfig()
    catalogue: list[CatalogueTarget] = []      # [[catalogue]]: union catalogues asked about new ILL requests
    crossref: CrossrefSettings | None = None   # [crossref]: complete references with a DOI from Crossref
    base_dir: Path = Path(".")

    @property
    def catalogues(self) -> CatalogueSettings:
        return CatalogueSettings(targets=self.catalogue, crossref=self.crossref)

    @property
    def policy_path(self) -> Path:
        return self._resolve(self.policy) if self.policy else SAMPLES / "policy.toml"

    @property
    def database_url(self) -> str:
        prefix = "sqlite+aiosqlite:///"
        if self.database.startswith(prefix) and not self.database[len(prefix):].startswith("/"):
            path = self._resolve(self.database[len(prefix):])
            path.parent.mkdir(parents=True, exist_ok=True)
            return prefix + str(path)
        return self.database

    @property
    def imap_enabled(self) -> bool:
        return bool(self.mail.imap_host)

    @property
    def smtp_enabled(self) -> bool:
        return bool(self.mail.smtp_host)

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram.token)

    def maildir(self, name: str) -> Path:
        configured = {"inbox": self.mail.maildir, "sent": self.mail.outbox_maildir}.get(name)
        return self._resolve(configured) if configured else self._resolve(f"var/mail/{name}")

    def _resolve(self, value: str | Path) -> Path:
        path = Path(value)
        return path if path.is_absolute() else self.base_dir / path


def load_config(path: str | Path | None) -> Config:
    """Read the config file (if any) and let the environment's secrets win over it."""
    data: dict = {}
    base = Path.cwd()
    if path is not None:
        path = Path(path)
        data = read_toml(path, "configuration", ConfigError)
        base = path.resolve().parent
    secrets = {("mail", "imap_password"): "LOANBOT_IMAP_PASSWORD", ("mail", "smtp_password"): "LOANBOT_SMTP_PASSWORD",
               ("telegram", "token"): "LOANBOT_TELEGRAM_TOKEN"}
    for (table, key), variable in secrets.items():
        if os.environ.get(variable):
            data.setdefault(table, {})[key] = os.environ[variable]
    if os.environ.get("LOANBOT_DATABASE"):
        data["database"] = os.environ["LOANBOT_DATABASE"]
    try:
        config = Config.model_validate({**data, "base_dir": base})
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc, str(path or "configuration"))) from None
    return config


def service_now(zone: ZoneInfo) -> dt.datetime:
    """The service's "now": LOANBOT_NOW (YYYY-MM-DDTHH:MM, library time) when set, else the real clock."""
    fixed = os.environ.get("LOANBOT_NOW")
    if fixed:
        try:
            moment = dt.datetime.fromisoformat(fixed.strip())
        except ValueError:
            raise ConfigError(f"LOANBOT_NOW: expected YYYY-MM-DDTHH:MM, got {fixed!r}") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    return dt.datetime.now(zone)
