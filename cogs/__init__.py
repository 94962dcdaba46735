"""Slash-command features, one Cog per module, loaded by bot.chat.client.SignpostBot."""
