"""Rollcall: a documentation system for people who are detained or missing."""

__version__ = "0.1.0"
