"""Boilerplate lines of flat text pages: navigation, newsletter blurbs, footers, repeats.

trafilatura cleans HTML but leaves text that is already flat untouched, so pages captured as
plain text are cleaned here, by general patterns (what such lines look like on any site), not
by the exact wording of pages we have seen.
"""

from __future__ import annotations

import re
import unicodedata

# A whole line that is site furniture, whatever the site.
_JUNK_LINE = re.compile(
    r"""^(?:
        accessibility\ links | skip\ to\ (?:main\ )?content | breaking\ news | main\ menu | menu
      | search | home | print | email | e-mail | share | tweet | advertisement | sponsored
      | (?:share|follow)\ (?:this|on|us)\b.* | read\ (?:more|also|next)\b.* | see\ also:?
      | related(?:\ (?:articles?|posts?|stories|news|content))?:? | most\ (?:popular|read)
      | previous\ (?:post|article|story|page) | next\ (?:post|article|story|page)
      | newer\ posts? | older\ posts? | back\ to\ top | loading\.* | comments?
      | leave\ a\ (?:reply|comment) | post\ a\ comment | no\ comments:? | \d+\ comments?:?
      | tags?:[\s,]*.* | categor(?:y|ies):\s*.* | filed\ under:?.* | posted\ by\b.{0,60}
      | (?:to\ )?(?:find\ out\ more|subscribe|read\ more|learn\ more|sign\ up)\b.{0,40}click\ here\.?
      | click\ here\b.{0,40} | .{0,40}\bclick\ here\.?
      | your\ email\ address\ will\ not\ be\ published.* | required\ fields\ are\ marked.*
      | (?:©|\(c\)|copyright)\ .* | all\ rights\ reserved\.?
      | \d+\s*x\s*\d+\ (?:image|photo|video) | (?:image|photo|video|picture)(?:\ \d+)?
      | we\ use\ cookies\b.* | accept(?:\ all)?\ cookies
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A heading or paragraph that invites the reader to subscribe.
_PROMO = re.compile(r"\b(?:newsletter|subscribe|sign up|inbox|unsubscribe)\b", re.IGNORECASE)
# After these the article is over: comment forms, post navigation, tag lists, image boxes.
_TAIL_MARKER = re.compile(
    r"^(?:tags?:.*|previous (?:post|article)|next (?:post|article)|leave a (?:reply|comment)"
    r"|no comments:?|post a comment|related (?:posts|articles|stories)|share this:?"
    r"|\d+\s*x\s*\d+ (?:image|photo)|about the author)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[\s•·\-*–—]+")


def _norm(line: str) -> str:
    line = unicodedata.normalize("NFKC", line)
    line = line.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", _BULLET.sub("", line)).strip()


def _words(line: str) -> int:
    return len(line.split())


def clean(text: str) -> str:
    """Text without boilerplate lines; paragraphs separated by one blank line."""
    lines = [_norm(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _cut_tail(lines)
    kept: list[str] = []
    seen: set[str] = set()
    promo_left = 0
    for line in lines:
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        key = line.casefold().rstrip(".")
        if _JUNK_LINE.match(line) or key in seen:
            continue
        if _PROMO.search(line) and _words(line) < 60:
            promo_left = 3  # a promo heading: the blurb that follows goes with it
            continue
        if promo_left:
            promo_left -= 1
            if _words(line) < 60 and not re.search(r"[\"“]", line):
                continue
        promo_left = 0
        seen.add(key)
        kept.append(line)
    return "\n".join(kept).strip()


def _cut_tail(lines: list[str]) -> list[str]:
    """Drop everything after a tail marker when what follows is short (a footer, not text)."""
    total = sum(len(x) for x in lines) or 1
    start = int(len(lines) * 0.4)
    for i in range(start, len(lines)):
        if _TAIL_MARKER.match(lines[i]):
            rest = sum(len(x) for x in lines[i:])
            if rest < 0.35 * total:
                return lines[:i]
    return lines
