"""The journeys' witness for Content-Security-Policy violations catches a real one."""

REFUSING_PAGE = """<!DOCTYPE html><html lang="en"><title>Before</title>
<script>document.title = "The inline script ran";</script>"""


def test_an_inline_script_refused_by_the_policy_is_recorded(page, csp_violations):
    page.route(
        "http://csp.example/",
        lambda route: route.fulfill(
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body=REFUSING_PAGE,
        ),
    )
    page.goto("http://csp.example/")
    for _ in range(20):
        if len(csp_violations) >= 2:
            break
        page.wait_for_timeout(100)
    assert page.title() == "Before"
    assert any(v.startswith("script-src-elem blocked inline in") for v in csp_violations)
    assert any("Content Security Policy" in v for v in csp_violations)
