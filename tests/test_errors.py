"""One small invalid fixture per kind of editor mistake: exact message, exit code 1, site/ untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, digest, snapshot

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def _apply(case: Path, project: Path) -> None:
    if (case / "articles").is_dir():
        shutil.copytree(case / "articles", project / "content" / "articles", dirs_exist_ok=True)
    if (case / "config.yaml").is_file():
        shutil.copy(case / "config.yaml", project / "config.yaml")


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_and_site_left_untouched(case: str, project: Path) -> None:
    first = digest("build", cwd=project)
    assert first.code == 0, first.err
    before = snapshot(project / "site")

    _apply(FIXTURES / "invalid" / case, project)
    expected = (FIXTURES / "invalid" / case / "expected.txt").read_text("utf-8").splitlines()

    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 1, f"{command}: {run.out}{run.err}"
        lines = run.err.splitlines()
        for line in expected:
            assert line in lines, f"{command} did not say:\n{line}\nit said:\n{run.err}"
        assert "Traceback" not in run.err
        assert "nothing was written" in lines[-1]
    assert snapshot(project / "site") == before


def test_all_errors_of_a_run_are_listed_with_a_count(project: Path) -> None:
    _apply(FIXTURES / "invalid" / "several-errors", project)
    run = digest("check", cwd=project)
    assert run.code == 1
    assert run.err.splitlines()[-1] == "4 errors in 2 files; nothing was written."


def test_a_person_whose_slug_is_wrong_is_one_error_not_one_per_meeting_naming_them(project: Path) -> None:
    """`Xi-Jinping:` under people once also failed every meeting listing `xi-jinping`, with "did you mean
    `xie-feng`?": the fix is the slug's, said once."""
    _apply(FIXTURES / "invalid" / "config-new-entries", project)
    run = digest("check", cwd=project)
    assert run.code == 1
    assert "participants" not in run.err
    assert run.err.splitlines()[-1] == "5 errors in 1 file; nothing was written."


def test_a_base_url_without_its_scheme_is_given_back_with_it(project: Path) -> None:
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"https://uschina-digest.example.org/"', "uschina-digest.example.org/news/"))
    run = digest("check", cwd=project)
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "config.yaml:8: site.base_url: `uschina-digest.example.org/news/` is not a web address"
        " — begin it with https://, as in base_url: https://uschina-digest.example.org/news/"
    )


def test_missing_config_is_a_clear_error(tmp_path: Path) -> None:
    run = digest("check", cwd=tmp_path)
    assert run.code == 1
    assert run.err.startswith("config.yaml: config file not found — run digest in the folder that holds config.yaml")


def test_a_config_not_where_digest_looks_names_where_it_is(project: Path) -> None:
    """An editor runs digest from content/articles, or misspells --config, or gives the project's folder."""
    inside = digest("build", cwd=project / "content" / "articles")
    assert inside.code == 1
    assert inside.err.splitlines()[0] == (
        f"config.yaml: config file not found — it is in {project}: run digest there (`cd ../..`), or pass --config PATH"
    )
    typo = digest("build", "--config", "confg.yaml", cwd=project)
    assert typo.err.splitlines()[0] == "confg.yaml: config file not found — did you mean --config config.yaml?"
    folder = digest("check", "--config", "..", cwd=project / "content")
    assert folder.err.splitlines()[0] == "..: is a folder, not a file — pass the file: --config ../config.yaml"
    assert not (project / "site").exists()


def test_usage_errors_exit_2(project: Path) -> None:
    assert digest("build", "--no-such-flag", cwd=project).code == 2
    assert digest("frobnicate", cwd=project).code == 2
    assert digest(cwd=project).code == 2


def test_every_command_has_help_with_examples(project: Path) -> None:
    for command in ("build", "check", "import"):
        run = digest(command, "--help", cwd=project)
        assert run.code == 0
        assert "examples:" in run.out and "--config PATH" in run.out


def test_output_folder_not_made_by_digest_is_refused(project: Path) -> None:
    victim = project / "notes"
    victim.mkdir()
    (victim / "important.txt").write_text("keep me")
    run = digest("build", "--out", "notes", cwd=project)
    assert run.code == 1
    assert "notes: is not empty and was not made by digest" in run.err
    assert snapshot(victim) == {"important.txt": b"keep me"}


def test_template_typo_fails_the_build_with_its_line(project: Path) -> None:
    digest("build", cwd=project)
    before = snapshot(project / "site")
    template = project / "templates" / "article.html"
    template.write_text(template.read_text().replace("{{ article.title }}", "{{ article.titel }}", 1))
    run = digest("build", cwd=project)
    assert run.code == 1
    assert "templates/article.html:" in run.err and "titel" in run.err
    assert snapshot(project / "site") == before


def test_a_template_calling_a_function_wrongly_names_its_line(project: Path) -> None:
    """Not "a bug in digest" with a traceback: the template's file and line, and what to look at there."""
    digest("build", cwd=project)
    before = snapshot(project / "site")
    template = project / "templates" / "404.html"
    lines = template.read_text().splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, 1) if "href(urls.HOME)" in line)
    lines[number - 1] = lines[number - 1].replace("href(urls.HOME)", "href()")
    template.write_text("".join(lines))
    run = digest("build", cwd=project)
    assert run.code == 1
    assert f"templates/404.html:{number}: template error: TypeError" in run.err
    assert "Traceback" not in run.err and "bug in digest" not in run.err
    assert snapshot(project / "site") == before


def test_a_template_error_in_a_worker_process_is_reported_not_hung(project: Path, monkeypatch) -> None:
    """Big sites render in forked workers; the error must cross back whole (it once hung the build)."""
    from digest import build as build_module
    from digest.errors import DigestError

    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)  # fork even for the five seed articles
    monkeypatch.setattr(build_module, "CHUNK_FROM", 1)  # and give the worker pages, not only this process
    template = project / "templates" / "article.html"
    template.write_text(template.read_text().replace("{{ article.title }}", "{{ article.titel }}", 1))
    with pytest.raises(DigestError) as caught:
        build_module.build(project / "config.yaml")
    assert [p.path for p in caught.value.problems] == ["templates/article.html"]
    assert "titel" in caught.value.problems[0].message


def test_a_failed_parallel_rebuild_leaves_no_staged_page_behind(project: Path, monkeypatch) -> None:
    """Workers stage pages as they render them; when one page fails, the pages other workers staged go too."""
    from digest import build as build_module
    from digest.errors import DigestError

    shutil.copytree(REPO / "content" / "articles", project / "content" / "articles", dirs_exist_ok=True)
    build_module.build(project / "config.yaml")
    before = snapshot(project / "site")
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build_module, "CHUNK_FROM", 1)  # one page per task: most succeed before the bad one
    newest = max(p.stem for p in (project / "content" / "articles").glob("*.md"))
    template = project / "templates" / "article.html"
    broken = "{% block main %}<p>changed</p>{% if article.slug == '" + newest + "' %}{{ article.titel }}{% endif %}"
    template.write_text(template.read_text().replace("{% block main %}", broken, 1))
    with pytest.raises(DigestError) as caught:
        build_module.build(project / "config.yaml")
    assert "titel" in caught.value.problems[0].message
    assert snapshot(project / "site") == before  # no page changed, no staged copy left beside one
