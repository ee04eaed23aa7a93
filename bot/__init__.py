"""Telegram front end, on python-telegram-bot."""
