"""What a person does in the hub's pages, with Playwright driving Debian's Chromium."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SLOW = 180_000  # ms: a server start or a notebook run that imports TensorFlow


class Shots:
    """One numbered screenshot per step in e2e-screenshots/."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()
        self.count = 0

    def take(self, page: Page, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}_{step}.png"
        page.screenshot(path=str(path))
        return path


def log_in(page: Page, url: str, login: str, password: str) -> None:
    page.goto(f"{url}/hub/login")
    page.fill("#username_input", login)
    page.fill("#password_input", password)
    page.click("#login_submit")


def open_lab(page: Page, url: str, login: str) -> None:
    """The user's JupyterLab, starting their server when it is not running (after a hub restart)."""
    page.goto(f"{url}/hub/spawn/{login}")
    page.wait_for_url(re.compile(rf".*/user/{login}/lab.*"), timeout=SLOW)
    page.wait_for_selector("#jp-main-dock-panel", timeout=SLOW)


def open_assignment_list(page: Page):
    page.click(".lm-MenuBar-itemLabel:text-is('Nbgrader')")
    page.click(".lm-Menu-itemLabel:text-is('Assignment List')")
    panel = page.locator("#nbgrader-assignment-list")
    expect(panel.locator("#released_assignments_list_loading")).to_be_hidden(timeout=60_000)
    return panel


def fill_cell(page: Page, cell, text: str) -> None:
    """Replace a code cell's text as a person types it."""
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)


def fill_markdown(page: Page, cell, text: str) -> None:
    cell.dblclick()
    fill_cell(page, cell, text)
    page.keyboard.press("Shift+Enter")


def run_all(page: Page) -> None:
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")


def wait_idle(page: Page) -> None:
    """Until no cell of the open notebook waits to run ([*])."""
    page.wait_for_function(
        "() => { const p = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt')];"
        " return p.length > 0 && !p.some(e => e.textContent.includes('*')); }", timeout=SLOW)


def save(page: Page) -> None:
    """The notebook toolbar's Save button, until the server answers that the file is written."""
    with page.expect_response(lambda response: response.request.method == "PUT" and "/api/contents/" in response.url
                              and response.status == 200, timeout=60_000):
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) [data-command='docmanager:save']").click()
