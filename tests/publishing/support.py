import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def visible_text(html: str) -> str:
    """The text a reader sees, with tags, scripts and runs of spaces folded away."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(a|span|strong|em|time|abbr|b|i|small)\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return visible_text(response.content.decode())


def network_names(client, url: str) -> list[str]:
    """The networks listed on a networks page, in order."""
    html = client.get(url).content.decode()
    return re.findall(r'<h3 id="network-[^"]+"><a [^>]*>([^<]+)</a>', html)


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
