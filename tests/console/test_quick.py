from tests.console.support import console_client


def test_pages_render(app, keys):
    c, token = console_client(app, keys["admin"])
    for path in ("/console/templates", "/console/templates/preview", "/console/compose",
                 "/console/approvals", "/console/incidents", "/console/audit"):
        r = c.get(path)
        assert r.status_code == 200, (path, r.get_data(as_text=True)[:3000])
