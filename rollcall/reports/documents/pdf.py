"""HTML to PDF with headless Chromium (Debian's package; the Makefile installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer"]


class RenderError(Exception):
    pass


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RenderError("Chromium is not installed (make setup installs Debian's chromium package)")


def html_to_pdf(html: str, out: Path, timeout: int = 60) -> Path:
    """Render `html` (self-contained: no outside resources) to the PDF file `out`, atomically."""
    out = Path(out)
    if not out.parent.is_dir():
        raise RenderError(f"cannot write {out}: folder {out.parent} does not exist")
    with tempfile.TemporaryDirectory(prefix="rollcall-pdf-") as work:
        page = Path(work) / "document.html"
        page.write_text(html, encoding="utf-8")
        pdf = Path(work) / "document.pdf"
        command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={work}/profile", f"--print-to-pdf={pdf}",
                   page.as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise RenderError(f"Chromium did not finish the PDF within {timeout} s") from None
        if not pdf.exists() or pdf.stat().st_size == 0 or not pdf.read_bytes().startswith(b"%PDF"):
            raise RenderError("Chromium produced no PDF")
        tmp = out.with_name(f".{out.name}.partial")
        try:
            shutil.copyfile(pdf, tmp)
            os.replace(tmp, out)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise RenderError(f"cannot write {out}: {exc.strerror}") from None
    return out
