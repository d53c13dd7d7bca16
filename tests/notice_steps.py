"""Filing a notice the way a browser does: the stepped form, one page at a time, following the
server's redirects (which step comes next is the server's choice), then the check page."""
from __future__ import annotations

from portal.notices.notice_steps import BY_SLUG, CHECK

STEP_LIMIT = 10  # more pages than the form has: a loop in the steps fails the test instead of hanging


def step_data(slug: str, data: dict[str, str]) -> dict[str, str]:
    """The part of `data` that a step posts (a date may come as one value or as its three parts)."""
    fields = BY_SLUG[slug].fields
    return {name: value for name, value in data.items() if name in fields or name.rsplit("-", 1)[0] in fields}


def walk_steps(client, employment, data: dict[str, str], *, submit: bool = True):
    """Answer every step the server asks with `data`; return the first page that did not move on
    (a step with errors), the check page (submit=False) or the answer to filing."""
    base = f"/contracten/{employment.id}/einde-melden"
    response = client.get(base)
    url = response.headers["Location"] if response.status_code == 302 else f"{base}/einde"
    for _ in range(STEP_LIMIT):
        slug = url.rsplit("/", 1)[1].split("?")[0]
        if slug == CHECK:
            return client.post(url) if submit else client.get(url)
        response = client.post(url, data=step_data(slug, data))
        if response.status_code != 302:
            return response
        url = response.headers["Location"]
    raise AssertionError(f"the steps did not reach the check page: stuck at {url}")
