"""Render chiso's documents as a person sees them: LibreOffice → PDF for xlsx and docx,
headless Chromium → PDF for HTML, pdftoppm → PNG.

Used by ``test_pages.py`` (skipped where the tools are missing) and, run as a script,
to refresh the pictures of the bundled example in ``docs/img/`` for the README::

    .venv/bin/python tests/render/pages.py docs/img

Tools (Debian): ``apt-get install -y libreoffice-calc libreoffice-writer chromium
poppler-utils``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOOLS = {
    "soffice": ("soffice", "libreoffice"),
    "chromium": ("chromium", "chromium-browser", "google-chrome"),
    "pdftoppm": ("pdftoppm",),
    "pdftotext": ("pdftotext",),
}


def tool(name: str) -> str | None:
    """The path of a rendering tool, or None when it is not installed."""
    return next((found for cmd in TOOLS[name] if (found := shutil.which(cmd))), None)


def missing_tools() -> list[str]:
    return [name for name in TOOLS if tool(name) is None]


def office_pdf(document: Path, out_dir: Path) -> Path:
    """``document`` (xlsx, docx) converted to PDF by LibreOffice; returns the PDF."""
    profile = out_dir / ".lo-profile"  # a private profile: no clash with a running office
    subprocess.run(
        [str(tool("soffice")), f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out_dir), str(document)],
        check=True, capture_output=True, timeout=180,
    )
    return out_dir / f"{document.stem}.pdf"


def html_pdf(page: Path, out: Path) -> Path:
    """``page`` printed to PDF by headless Chromium with the page's own @page rules."""
    subprocess.run(
        [str(tool("chromium")), "--headless", "--no-sandbox", "--disable-gpu",
         "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()],
        check=True, capture_output=True, timeout=180,
    )
    return out


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def pdf_text(pdf: Path, page: int) -> str:
    out = subprocess.run(
        [str(tool("pdftotext")), "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    )
    return out.stdout


def png(pdf: Path, page: int, out: Path, dpi: int = 80) -> Path:
    """One page of ``pdf`` as ``out`` (a .png)."""
    subprocess.run(
        [str(tool("pdftoppm")), "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
         "-singlefile", str(pdf), str(out.with_suffix(""))],
        check=True, capture_output=True, timeout=120,
    )
    return out


def example_outputs(out: Path) -> Path:
    """``chiso score examples/phu-tho`` into ``out`` (every format); returns ``out``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1735689600"}
    subprocess.run(
        [sys.executable, "-c", "from chiso.cli import main; main()", "score",
         "examples/phu-tho", "--out", str(out),
         "-q", "--format", "xlsx", "--format", "html", "--format", "docx"],
        cwd=REPO, env=env, capture_output=True, timeout=600,
    )
    return out


def refresh_pictures(target: Path) -> list[Path]:
    """The README's pictures of the example: scorecard summary, a district's profile (the
    scorecard's sheet), HTML report, Word report."""
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        out = example_outputs(work / "out")
        scorecard = office_pdf(out / "scorecard.xlsx", work)
        word = office_pdf(out / "resolution_2021_2025.docx", work)
        html = html_pdf(out / "resolution_2021_2025.html", work / "report.pdf")
        profile = next(
            n for n in range(1, pdf_pages(scorecard) + 1)
            if "Hồ sơ đơn vị: Thành phố Việt Trì" in pdf_text(scorecard, n)
        )
        written = [
            png(scorecard, 1, target / "scorecard-summary.png"),
            png(scorecard, profile, target / "unit-profile.png"),
            png(html, 1, target / "report-html.png"),
            png(word, 1, target / "report-word-1.png"),
            png(word, pdf_pages(word), target / "report-word-last.png"),
        ]
    return written


if __name__ == "__main__":
    if missing_tools():
        sys.exit(f"missing: {', '.join(missing_tools())} (see the module doc)")
    for path in refresh_pictures(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img")):
        print(path)
