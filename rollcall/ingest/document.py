"""The plain data that flows through ingestion: a read document, and the error for bad input."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


class ReadError(ValueError):
    """Input that cannot be read as a document. The message is one line, fit for a summary."""


@dataclass
class Document:
    """Text of one captured page with what is known about it.

    `published` is an ISO date (YYYY-MM-DD) or None; `language` is "en", "ru", "kk" or None.
    `file` is the name the bytes came from; `url` the target URI (WARC) or the page's own link.
    """

    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    url: str | None = None
    file: str | None = None
    media_type: str = "text/plain"
    meta: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)
