"""Slash-command features, one Cog per module, loaded by bot.client.SignpostBot."""
