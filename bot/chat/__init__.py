"""The Discord adapter: the bot, embeds, copy, sending, views and command translations."""
