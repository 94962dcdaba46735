"""Signpost: curated support lines, facts and stories, answered privately on Discord."""
