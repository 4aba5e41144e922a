"""Structured data for search engines and link previews: schema.org objects as JSON-LD, one script per page.

Each function gives a plain dict from the page's own context (an article, a meeting, a person, the address)
and the config's tables, read through reads.py, so a page's key already covers everything its JSON-LD says.
Every URL is absolute under the site's base URL. `script` writes them out safely: scraped text inside <script>
can hold `</script>` or `<!--`, so <, > and & are written as JSON escapes, which no HTML parser reads as markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from . import urls
from .model import Article, Config, Meeting, Person, outlet

CONTEXT = "https://schema.org"
IMAGE_SIZE = (1200, 630)  # urls.SHARE_IMAGE: the shape link previews ask for (1.91:1)
LOGO_SIZE = (180, 180)  # urls.TOUCH_ICON


def script(*objects: dict[str, Any] | None) -> Markup:
    """`<script type="application/ld+json">` holding the objects given (None skipped): one, or a list."""
    kept = [each for each in objects if each]
    if not kept:
        return Markup("")
    data = kept[0] if len(kept) == 1 else kept
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")  # str.translate: 7x slower
    return Markup(f'<script type="application/ld+json">{text}</script>')


def moment(value: date | datetime) -> str:
    """ISO 8601, to the second when it is a moment (schema.org Date or DateTime)."""
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value.isoformat()


class Things:
    """The site's schema.org objects, absolute under its base URL."""

    def __init__(self, config: Config, absolute: Callable[[str], str]) -> None:
        self.config, self.absolute = config, absolute

    def publisher(self) -> dict[str, Any]:
        site = self.config.site
        width, height = LOGO_SIZE
        logo = {"@type": "ImageObject", "url": self.absolute(urls.TOUCH_ICON), "width": width, "height": height}
        return {"@type": "Organization", "name": site.title, "url": self.absolute(urls.HOME), "logo": logo}

    def image(self) -> dict[str, Any]:
        width, height = IMAGE_SIZE
        return {"@type": "ImageObject", "url": self.absolute(urls.SHARE_IMAGE), "width": width, "height": height}

    def website(self) -> dict[str, Any]:
        """The home page: the site, and how to search it (when the site has search: `site.search`)."""
        site = self.config.site
        thing: dict[str, Any] = {
            "@context": CONTEXT,
            "@type": "WebSite",
            "name": site.title,
            "description": site.description,
            "url": self.absolute(urls.HOME),
            "inLanguage": site.language,
            "publisher": self.publisher(),
        }
        if site.search:
            target = self.absolute(urls.SEARCH) + "?q={search_term_string}"
            thing["potentialAction"] = {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": target},
                "query-input": "required name=search_term_string",
            }
        return thing

    def person_ref(self, slug: str) -> dict[str, Any]:
        person = self.config.people[slug]
        return {"@type": "Person", "name": person.name, "url": self.absolute(urls.person(slug))}

    def person(self, person: Person) -> dict[str, Any]:
        thing = {
            "@context": CONTEXT,
            "@type": "Person",
            "name": person.name,
            "url": self.absolute(urls.person(person.slug)),
        }
        if person.role:
            thing["jobTitle"] = person.role
        return thing

    def meeting_ref(self, meeting: Meeting) -> dict[str, Any]:
        """A meeting as an article mentions it: by its page, which describes it in full (`event`)."""
        url = self.absolute(urls.meeting(meeting.slug))
        return {"@type": "Event", "@id": url + "#event", "name": meeting.title, "url": url}

    def event(self, meeting: Meeting) -> dict[str, Any]:
        """A meeting page's Event, saying only what the config says. Its status is EventScheduled: nothing in the
        config records a meeting cancelled or moved, and a meeting that took place stays "scheduled" (schema.org).
        Its attendance mode and location: `attendance`."""
        url = self.absolute(urls.meeting(meeting.slug))
        mode, location = attendance(meeting)
        thing: dict[str, Any] = {
            "@context": CONTEXT,
            "@type": "Event",
            "@id": url + "#event",
            "name": meeting.title,
            "url": url,
            "startDate": moment(meeting.start),
            "endDate": moment(meeting.last_day),
            "eventStatus": f"{CONTEXT}/EventScheduled",
            "eventAttendanceMode": f"{CONTEXT}/{mode}EventAttendanceMode",
            "location": location,
            "image": [self.absolute(urls.SHARE_IMAGE)],
        }
        if meeting.description:
            thing["description"] = meeting.description
        people = [self.person_ref(slug) for slug in meeting.participants if slug in self.config.people]
        if people:
            thing["attendee"] = people
        return thing

    def news_article(self, article: Article) -> dict[str, Any]:
        """An article page's NewsArticle: the properties Google's Article documentation recommends, and what
        schema.org adds for a digest: the original it is based on, the people it is about, what it mentions."""
        url = self.absolute(urls.article(article.slug))
        themes, meetings = self.config.themes, self.config.meetings
        thing: dict[str, Any] = {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "headline": article.title,
            "description": article.summary,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "image": [self.image()],
            "inLanguage": self.config.site.language,
            "publisher": self.publisher(),
        }
        authors = self.authors(article)
        if authors:
            thing["author"] = authors
        if article.date is not None:
            thing["datePublished"] = thing["dateModified"] = moment(article.date)
        if article.source.url:
            thing["isBasedOn"] = thing["citation"] = article.source.url
        if article.themes:
            thing["articleSection"] = themes[article.themes[0]].title
        if article.people:
            thing["about"] = [self.person_ref(slug) for slug in article.people]
        mentions = [
            {"@type": "Thing", "name": themes[slug].title, "url": self.absolute(urls.theme(slug))}
            for slug in article.themes
        ] + [self.meeting_ref(meetings[slug]) for slug in article.meetings]
        if mentions:
            thing["mentions"] = mentions
        return thing

    def authors(self, article: Article) -> list[dict[str, Any]]:
        """The byline's people when it names them, else the outlet (by its name, or its address's host, with its
        home page when known: Google asks for an author's address); none when neither is known: the digest copied
        the text, it did not write it."""
        source = article.source
        if source.author:
            return [{"@type": "Person", "name": name} for name in byline_names(source.author)]
        name, home = outlet(source)
        if not name:
            return []
        return [{"@type": "Organization", "name": name, **({"url": home} if home else {})}]

    def breadcrumbs(self, trail: list[tuple[str, str]]) -> dict[str, Any] | None:
        """A BreadcrumbList from (name, address) pairs, home first; None on the home page itself."""
        if len(trail) < 2:
            return None
        items = [
            {"@type": "ListItem", "position": at, "name": name, "item": self.absolute(address)}
            for at, (name, address) in enumerate(trail, start=1)
        ]
        return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": items}


# A place naming a remote medium ("Video call", "Virtual summit", "By videoconference", "Phone call", "Online"):
# config.yaml has no field saying a meeting was held remotely, so its place is where editors say it. A bare
# "video" is not enough: "New York (video message)" is a gala in New York.
_REMOTE = re.compile(
    r"\b(?:video[ -]?(?:call|conference|link|chat)s?|videoconferenc\w*|virtual(?:ly)?|online|"
    r"(?:tele)?phone[ -]call|telephone|teleconferenc\w*)\b",
    re.IGNORECASE,
)


def attendance(meeting: Meeting) -> tuple[str, Any]:
    """A meeting's attendance mode and location, as Google's Event documentation asks them. A video call
    (`held_online`) is Online, at a VirtualLocation named by its place, whose `url` (which Google requires of an
    online event) is where it can be watched (`watch`); without one it has none, since nothing here knows an
    address, and no address is invented. A meeting held somewhere is Offline at its Place; Mixed when it can also
    be watched, at both."""
    virtual = {"@type": "VirtualLocation", "name": meeting.place, **({"url": meeting.watch} if meeting.watch else {})}
    if held_online(meeting.place):
        return "Online", virtual
    place = {"@type": "Place", "name": meeting.place, "address": meeting.place}
    if meeting.watch:
        return "Mixed", [place, {"@type": "VirtualLocation", "url": meeting.watch}]
    return "Offline", place


def held_online(place: str) -> bool:
    """Whether a meeting's place says it was held remotely (`_REMOTE`), nobody gathered in one room: its Event is
    then an online one. Any such words count: "Video call (Washington and Beijing)" is still a call."""
    return _REMOTE.search(place) is not None


_BYLINE_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def byline_names(byline: str) -> list[str]:
    """ "Jane Morrow and John Lee" → both names: Google asks for each author apart."""
    names = [name for name in _BYLINE_SPLIT.split(byline) if name]
    return names or [byline]


_SINGLE_PAGES = {urls.SUBSCRIBE: "Subscribe", urls.SEARCH: "Search"}  # pages of their own, under the home page


def trail(config: Config, address: str, title: str = "", article: Article | None = None) -> list[tuple[str, str]]:
    """Where a page sits, as (name, address) from the home page down to it: a section, its item, a numbered page.

    `title` names the page itself when the address alone cannot (an article); an article sits under its main theme.
    """
    first = urls.first_page(address)
    steps: list[tuple[str, str]] = [(config.site.title, urls.HOME)]
    section, _, rest = first.partition("/")
    slug = rest.rstrip("/")
    if article is not None:
        if article.themes:
            steps.append((config.themes[article.themes[0]].title, urls.theme(article.themes[0])))
        steps.append((title or article.title, address))
        return steps
    names = {"themes": ("Themes", config.themes), "meetings": ("Meetings", config.meetings)}
    if section in names:
        label, table = names[section]
        steps.append((label, f"{section}/"))
        if slug in table:
            steps.append((table[slug].title, first))
    elif section == "people":
        steps.append(("People", urls.PEOPLE))
        if slug in config.people:
            steps.append((config.people[slug].name, first))
    elif first in _SINGLE_PAGES:
        steps.append((_SINGLE_PAGES[first], first))
    elif section == "archive":
        steps.append(("Archive", urls.ARCHIVE))
        parts = slug.split("/") if slug else []
        if parts:
            steps.append((parts[0], urls.archive_year(int(parts[0]))))
        if len(parts) > 1:
            month = date(int(parts[0]), int(parts[1]), 1)
            steps.append((f"{month:%B %Y}", urls.archive_month(month.year, month.month)))
    if address != first:
        steps.append((f"Page {address.rstrip('/').rsplit('/', 1)[-1]}", address))
    return steps
