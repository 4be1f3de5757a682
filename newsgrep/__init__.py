"""newsgrep: full-text search for Chinese newspaper archives."""

__version__ = "0.1.0"
