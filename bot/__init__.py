"""Telegram front end, on python-telegram-bot: `TelegramFrontEnd(library, config, clock)`."""
from bot.frontend import TelegramFrontEnd

__all__ = ["TelegramFrontEnd"]
