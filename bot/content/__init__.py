"""Content: the models editors write and the loader that turns data/ into a Snapshot."""
