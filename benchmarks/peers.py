"""The benchmark corpus for Hugo and Pelican: the same articles, the same work as the issue names.

Each peer builds what issue 5 calls "the same work": one page per article,
the home page, one page per theme and per meeting (lists paginated by 20, as
digest does), and one RSS feed of the newest 20 items. The Markdown bodies
are byte-for-byte the ones digest gets (generate.py makes them); only the
front matter changes syntax. What each one builds beyond that is listed in
RESULTS.md.

- Hugo: themes and meetings are taxonomies, with a `_index.md` per term
  (title and description, as digest's config holds them); minimal layouts
  (base, single, home, term, taxonomy); RSS for the home page only; no
  section, sitemap, robots.txt or 404 pages.
- Pelican: themes and meetings are both tags (an article has several of each,
  a Pelican category only one), the built-in "simple" theme, index and tag
  pages only, one RSS feed, and its content cache on (LOAD_CONTENT_CACHE), so
  an edit re-reads only the changed file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generate import MEETINGS, PEOPLE, SEED, SITE_DESCRIPTION, THEMES, Article, articles

TITLE = "US–China Digest (benchmark)"
BASE_URL = "https://bench.example.org/"
PAGE_SIZE = 20
FEED_ITEMS = 20

# --- Hugo -----------------------------------------------------------------------------------------------

HUGO_CONFIG = f"""\
baseURL = "{BASE_URL}"
languageCode = "en"
title = "{TITLE}"
timeZone = "America/New_York"
paginate = {PAGE_SIZE}
rssLimit = {FEED_ITEMS}
disableKinds = ["section", "sitemap", "robotsTXT", "404"]
enableRobotsTXT = false

[params]
description = {json.dumps(SITE_DESCRIPTION, ensure_ascii=False)}

[taxonomies]
theme = "themes"
meeting = "meetings"

[outputs]
home = ["HTML", "RSS"]
page = ["HTML"]
term = ["HTML"]
taxonomy = ["HTML"]
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} — {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ with site.Home.OutputFormats.Get "rss" -}}
<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">
{{- end }}
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="{{ "themes/" | relURL }}">Themes</a> <a href="{{ "meetings/" | relURL }}">Meetings</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "partials/item.html": """\
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">
{{- .Date.Format "2 January 2006" }}</time>{{ with .Params.source }} · {{ .name }}{{ end }}</p>
<p>{{ .Summary }}</p></li>
""",
    "partials/pager.html": """\
{{ if gt .TotalPages 1 }}<nav class="pager">
{{ if .HasPrev }}<a rel="prev" href="{{ .Prev.URL }}">Newer</a>{{ end }}
Page {{ .PageNumber }} of {{ .TotalPages }}
{{ if .HasNext }}<a rel="next" href="{{ .Next.URL }}">Older</a>{{ end }}
</nav>{{ end }}
""",
    "index.html": """\
{{ define "title" }}{{ site.Title }}{{ end }}
{{ define "main" }}
<h1>Latest</h1>
{{ $pager := .Paginate site.RegularPages }}
<ul>{{ range $pager.Pages }}{{ partial "item.html" . }}{{ end }}</ul>
{{ partial "pager.html" $pager }}
{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ .Description }}</p>
{{ $pager := .Paginate .Pages }}
<ul>{{ range $pager.Pages }}{{ partial "item.html" . }}{{ end }}</ul>
{{ partial "pager.html" $pager }}
{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
{{ end }}
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">
{{- .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}
</article>
<aside><dl>
<dt>Source</dt><dd>{{ with .Params.source }}<a href="{{ .url }}" rel="external noopener">{{ .name }}</a>{{ end }}</dd>
{{ with .GetTerms "themes" }}<dt>Themes</dt><dd><ul>
{{- range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>{{ end }}
{{ with .GetTerms "meetings" }}<dt>Meetings</dt><dd><ul>
{{- range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>{{ end }}
{{ with .Params.people }}<dt>People</dt><dd>
{{- range $i, $p := . }}{{ if $i }}, {{ end }}{{ index site.Data.people $p }}{{ end }}</dd>{{ end }}
</dl></aside>
<nav>{{ with .Prev }}<a href="{{ .RelPermalink }}">← {{ .Title }}</a>{{ end }}
{{ with .Next }}<a href="{{ .RelPermalink }}">{{ .Title }} →</a>{{ end }}</nav>
{{ end }}
""",
}


def _yaml_front_matter(fields: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in fields.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n---\n"


def hugo_markdown(a: Article) -> str:
    """YAML front matter (written as JSON values, which YAML reads) and the same body."""
    fields = {
        "title": a.title,
        "date": a.when.isoformat(),
        "source": {"name": a.source_name, "url": a.source_url},
        "themes": list(a.themes),
        "meetings": list(a.meetings),
        "people": list(a.people),
    }
    return _yaml_front_matter(fields) + "\n" + a.body


def write_hugo(n: int, out: Path, seed: str = SEED) -> None:
    """A Hugo site in `out`: config.toml, layouts/, data/people.json, content/."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = out / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / "data").mkdir(exist_ok=True)
    people = {slug: name for slug, (name, _, _) in PEOPLE.items()}
    (out / "data" / "people.json").write_text(json.dumps(people, ensure_ascii=False, indent=1), encoding="utf-8")
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    terms = [("themes", slug, t["title"], t["description"]) for slug, t in THEMES.items()]
    terms += [("meetings", slug, m[0], m[5]) for slug, m in MEETINGS.items()]
    for taxonomy, slug, title, description in terms:
        folder = content / taxonomy / slug
        folder.mkdir(parents=True)
        (folder / "_index.md").write_text(
            _yaml_front_matter({"title": title, "description": description}), encoding="utf-8"
        )
    folder = content / "articles"
    folder.mkdir(parents=True)
    for a in articles(n, seed):
        (folder / f"{a.slug}.md").write_text(hugo_markdown(a), encoding="utf-8")


# --- Pelican --------------------------------------------------------------------------------------------

PELICAN_CONF = f'''\
"""Pelican settings for the benchmark corpus: article pages, paginated index and tag pages, one RSS feed."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
AUTHOR = "Benchmark editors"
SITENAME = "{TITLE}"
SITEURL = "{BASE_URL.rstrip("/")}"
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
THEME = "simple"
PATH = str(HERE / "content")
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = []
STATIC_PATHS = []

ARTICLE_URL = "articles/{{slug}}/"
ARTICLE_SAVE_AS = "articles/{{slug}}/index.html"
TAG_URL = "tags/{{slug}}/"
TAG_SAVE_AS = "tags/{{slug}}/index.html"
DIRECT_TEMPLATES = ["index"]
DEFAULT_PAGINATION = {PAGE_SIZE}
# Not part of the compared work: no category, author, archive or tag-index pages.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""

# One feed: RSS of the newest {FEED_ITEMS} articles.
FEED_ALL_RSS = "feed.xml"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = {FEED_ITEMS}

# Pelican's own incremental mode: parsed content is cached and reused when a file's mtime is unchanged.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = str(HERE / "cache")
'''


def pelican_markdown(a: Article) -> str:
    """Pelican's Markdown metadata (Key: value lines), then the same body. Themes and meetings are tags."""
    lines = [
        f"Title: {a.title}",
        f"Date: {a.when.isoformat()}",
        f"Slug: {a.slug}",
        f"Tags: {', '.join(a.themes + a.meetings)}",
        f"Source_name: {a.source_name}",
        f"Source_url: {a.source_url}",
        f"People: {', '.join(PEOPLE[p][0] for p in a.people)}",
    ]
    return "\n".join(lines) + "\n\n" + a.body


def write_pelican(n: int, out: Path, seed: str = SEED) -> None:
    """A Pelican project in `out`: pelicanconf.py and content/articles/."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    folder = out / "content" / "articles"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for a in articles(n, seed):
        (folder / f"{a.slug}.md").write_text(pelican_markdown(a), encoding="utf-8")
