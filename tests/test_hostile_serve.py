"""The dev server and the build against hostile arguments and requests (issue 17, findings 4 and 6).

Every case runs the real command line; the server cases talk to the real server over loopback only.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.client
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ARTICLE, Served, edit, snapshot
from tornado import httpclient, websocket

BAD_EPOCH = "is not a build date digest can use — set it to whole seconds since 1970-01-01 UTC"


def run(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "digest", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize("port", ["-1", "99999", "0", "80x"])
def test_a_port_out_of_range_is_a_usage_error(project: Path, port: str) -> None:
    serve = run(project, "serve", "--port", port)
    assert serve.returncode == 2, serve.stderr
    assert f"argument --port: '{port}' is not a port: give a whole number from 1 to 65535" in serve.stderr
    assert "Traceback" not in serve.stderr and "Serving" not in serve.stdout


@pytest.mark.parametrize("host", ["256.1.1.1", "1.2.3", "bad_host!", ""])
def test_a_host_that_is_no_address_is_a_usage_error(project: Path, host: str) -> None:
    serve = run(project, "serve", "--host", host)
    assert serve.returncode == 2, serve.stderr
    assert f"argument --host: '{host}' is not an IP address or a host name" in serve.stderr
    assert "Traceback" not in serve.stderr


@pytest.mark.parametrize("value", ["253402300800", "-1", "soon", "1e9", "9" * 5000])
def test_a_source_date_epoch_digest_cannot_use_is_a_usage_error(project: Path, value: str) -> None:
    assert run(project, "build").returncode == 0
    before = snapshot(project / "site")
    for command in ("check", "build", "serve"):
        result = run(project, command, env={"SOURCE_DATE_EPOCH": value})
        assert result.returncode == 2, (command, result.stderr)
        shown = value if len(value) <= 40 else value[:40] + "…"
        assert f"digest {command}: SOURCE_DATE_EPOCH='{shown}' {BAD_EPOCH}" in result.stderr
        assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == before


def test_the_last_source_date_epoch_digest_takes_builds(project: Path) -> None:
    result = run(project, "build", env={"SOURCE_DATE_EPOCH": "253370764799"})  # 9998-12-31T23:59:59Z
    assert result.returncode == 0, result.stderr
    assert "Upcoming" not in (project / "site/index.html").read_text(encoding="utf-8")


@pytest.fixture
def served(project: Path) -> Iterator[Served]:
    server = Served(project)
    yield server
    assert server.stop() == 0


def request(served: Served, path: str, host: str | None = None, method: str = "GET") -> tuple[int, str]:
    """One request as a browser sends it, with `Host` set to what the page's address names."""
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=5)
    try:
        conn.putrequest(method, path, skip_host=True)
        conn.putheader("Host", host or f"127.0.0.1:{served.port}")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        conn.close()


def test_only_requests_for_this_machine_are_answered(served: Served) -> None:
    port = served.port
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", f"127.1.2.3:{port}", "LOCALHOST"):
        status, page = request(served, "/", host)
        assert status == 200 and "Xi tells Blinken" in page, host
    for host in (f"evil.example:{port}", "rebind.attacker.test", f"192.168.1.5:{port}", f"localhost.evil:{port}"):
        for path in ("/", "/" + ARTICLE, "/livereload.js", "/livereload"):
            status, page = request(served, path, host)
            assert status == 403, (host, path)
            assert (
                page == "digest serve answers only requests for localhost, a loopback address or its --host address.\n"
            )


def test_nul_in_a_path_is_not_found(served: Served) -> None:
    for path in ("/%00", "/a%00b.html", "/articles/%00/"):
        assert request(served, path)[0] == 404, path


async def _reload_socket(served: Served, origin: str) -> websocket.WebSocketClientConnection:
    """livereload.js's handshake, as the page makes it."""
    url = f"ws://127.0.0.1:{served.port}/livereload"
    conn = await websocket.websocket_connect(httpclient.HTTPRequest(url, headers={"Origin": origin}))
    conn.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
    assert json.loads(await conn.read_message())["command"] == "hello"
    conn.write_message(json.dumps({"command": "info", "url": served.url}))
    await asyncio.sleep(0.2)  # the server registers the page
    return conn


def test_reloads_reach_this_preview_only_and_no_other_site_can_trigger_one(served: Served, project: Path) -> None:
    async def scenario() -> None:
        with pytest.raises(httpclient.HTTPClientError) as refused:
            await _reload_socket(served, "https://evil.example")
        assert refused.value.code == 403
        conn = await _reload_socket(served, served.url.rstrip("/"))
        assert request(served, "/forcereload?path=*")[0] == 404  # livereload's open GET is gone
        assert request(served, "/forcereload", method="POST")[0] in (404, 405)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(conn.read_message(), 1.0)
        edit(project, "Let’s be partners", "Let us be partners")
        message = json.loads(await asyncio.wait_for(conn.read_message(), 30))
        assert message["command"] == "reload"
        conn.close()

    # Its own thread and event loop: after the browser tests, this thread may hold Playwright's running loop.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("Ctl \x01 title", "the title holds invisible control characters (U+0001) — retype it without them"),
        ("Odd \ufffe end", "the title holds invisible control characters (U+FFFE) — retype it without them"),
        (b"caf\xe9 au lait", "the title is not valid text — check the terminal's character encoding"),
    ],
    ids=["control", "non-character", "not UTF-8"],
)
def test_new_refuses_a_title_check_would_reject(project: Path, title: str | bytes, said: str) -> None:
    before = snapshot(project / "content")
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"digest", b"new", title if isinstance(title, bytes) else title.encode()],
        cwd=project,
        capture_output=True,
        timeout=60,
    )
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert err.strip() == f"digest new: {said}"
    assert snapshot(project / "content") == before


def test_new_puts_a_title_on_one_line_and_check_accepts_it(project: Path) -> None:
    result = run(project, "new", "Talks\tresume\nin Geneva ", "--date", "2024-05-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "content/articles/2024-05-01-talks-resume-in-geneva.md"
    assert "\ntitle: Talks resume in Geneva\n" in (project / result.stdout.strip()).read_text(encoding="utf-8")
    assert run(project, "check").returncode == 0


def test_new_where_a_file_stands_for_the_articles_folder_is_one_message(project: Path) -> None:
    articles = project / "content/articles"
    for file in articles.iterdir():
        file.unlink()
    articles.rmdir()
    articles.write_text("not a folder", encoding="utf-8")
    result = run(project, "new", "Talks resume")
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(
        "content/articles: cannot create the article: File exists — check that the path is a folder you can write to"
    )
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_path_the_file_system_refuses_is_one_line_not_an_internal_error(project: Path) -> None:
    long = "a" * 300  # longer than any file name the file system takes
    build = run(project, "build", "--out", long)
    assert build.returncode == 1, build.stderr
    assert build.stderr.startswith(f"digest build: {long}: File name too long — check the path and its permissions")
    assert "internal error" not in build.stderr and "Traceback" not in build.stderr
