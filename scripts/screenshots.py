"""Screenshot pages of a running Baomi as a logged-in user (a developer's tool).

.venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 EMAIL PASSWORD OUTDIR PATH...
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright


def main() -> None:
    base, email, password, outdir, *paths = sys.argv[1:]
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(f"{base}/login/")
        page.screenshot(path=str(out / "login.png"))
        page.fill("input[name=username]", email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        for i, path in enumerate(paths):
            page.goto(f"{base}{path}")
            name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
            page.screenshot(path=str(out / f"{i:02d}-{name}.png"), full_page=True)
            print(out / f"{i:02d}-{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
