"""Screenshots of the pages browser tests check, for people to look at: kept
in the folder `SCREENSHOT_DIR` names (e.g. `SCREENSHOT_DIR=/tmp/shots make
test`), not taken when it is unset."""

import os
from pathlib import Path


def keep_screenshot(page, name: str) -> None:
    """Saves the whole page as `<SCREENSHOT_DIR>/<name>.png`."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)
