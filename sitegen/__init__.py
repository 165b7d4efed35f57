"""sitegen's version, written here and nowhere else (pyproject.toml reads it when a wheel is built)."""

__version__ = "0.1.0"
