"""What an editor may write in config.yaml and front matter is what model.py declares: every field the README
documents is accepted, and every declared field written with a typo is pointed at by its right name."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import ARTICLE, REPO, VALID_ARTICLE, digest

from digest.model import Article, Correction, ImportRules, Meeting, Person, SiteInfo, Source, Theme
from digest.schema import entries

README = (REPO / "README.md").read_text(encoding="utf-8")


def _readme_yaml(heading: str) -> str:
    """The first YAML example under a heading of the README."""
    section = README.split(f"\n{heading}\n", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def _typo(key: str) -> str:
    """The key with its last two letters swapped, as fast typing does: `title` → `titel`."""
    return key[:-2] + key[-1] + key[-2]


def _typos(cls: type) -> dict[str, str]:
    return {_typo(key): "x" for key in entries(cls)}


def _front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def _write_article(project: Path, front: dict, body: str = "Xi Jinping met Antony Blinken in Beijing.") -> None:
    text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    (project / ARTICLE).write_text(f"---\n{text}---\n\n{body}\n", encoding="utf-8")


def _pointed_at(err: str, written: Path, where: str, cls: type) -> None:
    """Each declared key of `cls`, misspelt at `where`, is named in a message giving the typo's own line."""
    lines = written.read_text(encoding="utf-8").splitlines()
    for key in entries(cls):
        typo = _typo(key)
        found = re.search(rf"^\S+:(\d+): {re.escape(where + typo)}: unknown field — did you mean `{key}`\?$", err, re.M)
        assert found, f"{where}{typo} is not pointed at `{key}`:\n{err}"
        assert lines[int(found.group(1)) - 1].strip().startswith(f"{typo}:"), found.group()


def test_the_readme_examples_pass_check_as_written(project: Path) -> None:
    config = yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))
    for section, entries_ in yaml.safe_load(_readme_yaml("### Add a theme, a meeting or a person")).items():
        config[section].update(entries_)
    paragraph = README.split("The `site:` section holds", 1)[1].split("\n\n", 1)[0]
    documented = {name for name in re.findall(r"`([a-z_]+)`", paragraph)}
    assert documented <= set(config["site"]), "the repository's config.yaml should show every documented key"
    (project / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    example = _readme_yaml("### Front matter reference").replace("draft: false", "draft: true")  # review: is a draft's
    (project / ARTICLE).write_text(example + "\nXi Jinping met Antony Blinken in Beijing.\n", encoding="utf-8")

    run = digest("check", cwd=project)

    assert run.code == 0, run.err
    assert "unknown field" not in run.err


def test_every_config_field_misspelt_is_pointed_at_by_its_name(project: Path) -> None:
    config = yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))
    first = {section: next(iter(config[section])) for section in ("themes", "meetings", "people")}
    config["site"].update(_typos(SiteInfo))
    for section, cls in (("themes", Theme), ("meetings", Meeting), ("people", Person)):
        config[section][first[section]].update(_typos(cls))
    config["import"].update(_typos(ImportRules))
    config.update({_typo(key): {} for key in ("site", "themes", "meetings", "people", "import")})
    written = project / "config.yaml"
    written.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000), "utf-8")

    run = digest("check", cwd=project)

    assert run.code == 1
    assert re.search(r"^config\.yaml:\d+: siet: unknown field — did you mean `site`\?$", run.err, re.M), run.err
    _pointed_at(run.err, written, "site.", SiteInfo)
    for section, cls in (("themes", Theme), ("meetings", Meeting), ("people", Person)):
        _pointed_at(run.err, written, f"{section}.{first[section]}.", cls)
    _pointed_at(run.err, written, "import.", ImportRules)


def test_every_front_matter_field_misspelt_is_pointed_at_by_its_name(project: Path) -> None:
    front = _front_matter(VALID_ARTICLE)
    front["source"].update(_typos(Source))
    front["quotes"] = [{"text": "partners, not rivals", "speaker": "xi-jinping", **_typos(Correction)}]
    front.update(_typos(Article))
    _write_article(project, front)

    run = digest("check", cwd=project)

    assert run.code == 1
    _pointed_at(run.err, project / ARTICLE, "", Article)
    _pointed_at(run.err, project / ARTICLE, "source.", Source)
    _pointed_at(run.err, project / ARTICLE, "quotes.", Correction)


def test_what_the_program_fills_in_cannot_be_written(project: Path) -> None:
    front = {**_front_matter(VALID_ARTICLE), "slug": "elsewhere", "fingerprint": "0" * 64, "body": "Injected."}
    _write_article(project, front)

    run = digest("check", cwd=project)

    assert run.code == 1
    for key in ("slug", "fingerprint", "body"):
        assert re.search(rf"^{ARTICLE}:\d+: {key}: unknown field — ", run.err, re.M), run.err
