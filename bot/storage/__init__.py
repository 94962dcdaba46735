"""Storage: the database file, usage log, server settings and backup; SQL lives only here."""
