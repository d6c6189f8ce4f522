"""Safe to Ask: builds a multilingual rights guide from structured, sourced content."""

__version__ = "0.1.0"
