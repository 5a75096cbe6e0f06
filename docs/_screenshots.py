"""Screenshots of the built-in example's documents for the docs: `python docs/_screenshots.py`.

Renders each document's HTML and photographs it with headless Chromium from the system's
packages (`apt-get install chromium fonts-noto-cjk`), then shrinks the PNG with pngquant when
it is installed. Writes docs/images/*.png.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import meetingflow as mf
from meetingflow import documents, testing
from meetingflow.extensions import appraisal

IMAGES = Path(__file__).parent / "images"
AT = testing.example_at("rectification")


def pages() -> dict[str, str]:
    """Each screenshot's name and the HTML it shows."""
    flow = mf.default_flow()
    with_appraisal = mf.default_flow(extensions=[appraisal.TRACK])
    good = testing.example("rectification", appraisal=True)
    flawed = testing.example("rectification", flawed=True)
    return {
        "minutes-zh": documents.render(documents.build("minutes", flow, good), "html", "zh"),
        "report-zh": documents.render(documents.build("report", flow, good), "html", "zh"),
        "rectification-progress-zh": documents.render(
            documents.build("rectification-list", flow, flawed, variant="progress"), "html", "zh"
        ),
        "appraisal-zh": documents.render(
            documents.build("appraisal", with_appraisal, good), "html", "zh"
        ),
        "todo-zh": documents.render(documents.build("todo", flow, flawed, at=AT), "html", "zh"),
        "todo-en": documents.render(documents.build("todo", flow, flawed, at=AT), "html", "en"),
    }


def shoot(browser: str, html: Path, png: Path) -> None:
    """One page, A4 proportions at 150 dpi-ish (1240 x 1754)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--screenshot={png}",
                "--window-size=1240,1754",
                html.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    quant = shutil.which("pngquant")
    if quant:
        subprocess.run(
            [quant, "--force", "--skip-if-larger", "--output", str(png), "32", str(png)],
            check=False,
        )


def main() -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print(
            "no chromium on this machine: apt-get install chromium fonts-noto-cjk", file=sys.stderr
        )
        return 1
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, html in pages().items():
            source = Path(tmp) / f"{name}.html"
            source.write_text(html, encoding="utf-8")
            shoot(browser, source, IMAGES / f"{name}.png")
            print(IMAGES / f"{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
