"""The accessibility statement: what it promises, how that is checked, where to complain."""

from tests.pages import accessibility_problems, main_text


def test_the_statement_names_the_standard_the_checks_the_limits_and_the_date(client, db):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    text = main_text(response)
    assert "WCAG) version 2.2 at level AA" in text
    assert "axe-core" in text and "keyboard alone" in text
    assert "Known limitations" in text and "Django's own admin" in text
    assert "prepared on 23 November 2026" in text
    assert accessibility_problems(response) == []


def test_it_says_where_to_report_a_problem_when_an_address_is_set(client, db, settings):
    settings.OVERSIGHT_CONTACT_EMAIL = "access@oversight.example"
    page = client.get("/accessibility/").content.decode()
    assert '<a href="mailto:access@oversight.example">access@oversight.example</a>' in page


def test_without_an_address_it_says_so_rather_than_inventing_one(client, db, settings):
    settings.OVERSIGHT_CONTACT_EMAIL = ""
    text = main_text(client.get("/accessibility/"))
    assert "has not been given a contact address yet" in text
    assert "mailto:" not in client.get("/accessibility/").content.decode()


def test_every_page_links_the_statement_from_its_footer(client, seeded):
    pages = ["/", "/priorities/", "/statements/?q=inspection", "/people/peter-hay/", "/nowhere/"]
    for url in pages:
        footer = client.get(url).content.decode().split('<footer class="site-footer">', 1)[1]
        assert '<a href="/accessibility/">Accessibility statement</a>' in footer, url


def test_the_admin_pages_link_it_too(client, db):
    footer = client.get("/admin/login/").content.decode().split('<footer id="footer">', 1)[1]
    assert '<a href="/accessibility/">Accessibility statement</a>' in footer.split("</footer>")[0]
