"""The engine: pure and synchronous, a question in and an Answer out, with no I/O."""
