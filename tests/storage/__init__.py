"""The storage suite: usage log, server settings, migrations and backups, on both engines."""
