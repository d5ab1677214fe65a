"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's own browser download does not work here; the Makefile installs Debian's chromium.
Screenshots go to tests/screenshots/ (gitignored) so that a person can look at them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"



def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per module. Playwright's sync API keeps an event loop running in this thread
    while it lives, so the ORM calls the tests make around it are allowed for that time only:
    the loop and the permission end with the module, before any other test file runs."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US")
    # Nothing may be loaded from another site: every request must go to the live server.
    outside: list[str] = []
    context.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                  if not route.request.url.startswith(live_server.url) else route.continue_())
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    page.outside_requests = outside
    yield page
    context.close()
    assert outside == [], f"pages asked other sites for {outside}"


@pytest.fixture
def shoot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, username: str, password: str) -> None:
    """Sign the browser in as `username` (the sign-in steps themselves, password and second
    factor, are tested with the access package): the session cookie of a signed-in client."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": page.base}])
    page.goto(page.base + "/")
    assert username in page.locator("header .who").inner_text()


def set_language(page, code: str) -> None:
    page.select_option("#lang-select", code)
    with page.expect_navigation():
        page.locator("form.lang button").click()
