"""On a failed step, keep what each person's browser showed (e2e-screenshots/failed-<test>-<login>.png)."""

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True
    return report


@pytest.fixture(autouse=True)
def screenshot_on_failure(request):
    yield
    if getattr(request.node, "failed_call", False) and "pages" in request.fixturenames:
        from tests.e2e.course_hub import REPO

        for login, context in request.getfixturevalue("pages").contexts.items():
            for number, page in enumerate(context.pages):
                path = REPO / "e2e-screenshots" / f"failed-{request.node.name}-{login}-{number}"
                page.screenshot(path=f"{path}.png")
                path.with_suffix(".html").write_text(page.content())
