// The search page: runs the query in ?q= (and each one typed) against every part of the Pagefind index,
// merged with mergeIndex (digest/search.py explains the parts), word by word (see `find`).
// Without JavaScript the page keeps its form and its hint to browse by theme, meeting and date instead.
const page = document.getElementById("search");
const base = page.dataset.base;
const parts = JSON.parse(document.getElementById("search-parts").textContent).map((part) => base + part);
const input = document.getElementById("search-query");
const status = page.querySelector(".search-status");
const list = page.querySelector(".search-results");
const SHOWN = 20;
// Results come SHOWN at a time: the button under them shows the next ones, so every result can be reached.
const more = document.createElement("button");
more.type = "button";
more.className = "search-more";
more.hidden = true;
list.after(more);
let pending = []; // results found but not yet shown, best first

page.querySelector(".search-fallback").hidden = true;
status.hidden = false;

// A part's name, "2024" of search/index/2024/: the filter its articles are told apart by (see `starting`).
function partName(folder) {
  return folder.split("/").at(-2);
}

let engine = null;
async function load() {
  if (!engine) {
    engine = (async () => {
      const pagefind = await import(parts[0] + "pagefind.js");
      await pagefind.options({ baseUrl: base, excerptLength: 30, mergeFilter: { part: partName(parts[0]) } });
      for (const part of parts.slice(1)) {
        await pagefind.mergeIndex(part, { baseUrl: base, mergeFilter: { part: partName(part) } });
      }
      return pagefind;
    })();
  }
  return engine;
}

// An excerpt is Pagefind's text with <mark> around the words found: shown as text and marks, nothing else.
function excerpt(html) {
  const paragraph = document.createElement("p");
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  return paragraph;
}

function result(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "meta";
  const time = document.createElement("time");
  time.dateTime = data.meta.day || "";
  time.textContent = data.meta.date || "";
  meta.append(time);
  if (data.meta.outlet) meta.append(` · ${data.meta.outlet}`);
  if (data.meta.author) meta.append(` · By ${data.meta.author}`); // what a byline search matched
  item.append(heading, meta, excerpt(data.excerpt));
  return item;
}

// Pagefind answers a word that a part of the index lacks with the longest start of it the part holds, part by
// part: "Xinjiang" found every article saying "Xi" (upstream issues 599 and 793). So each word is looked up
// whole, with Pagefind's exact search (still stemmed: "talks" finds "talk"), and an article must hold them all;
// but the word still being typed, the last when no space follows it, is a start: "Blink" finds Blinken
// (`starting`). A query already in quotation marks is one exact phrase.
function words(query) {
  if (/^\s*".+"\s*$/.test(query)) return [{ term: query.trim(), start: false }];
  const found = query
    .split(/\s+/)
    .map((word) => word.replaceAll('"', ""))
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => ({ term: `"${word}"`, word, start: false }));
  const last = found.at(-1);
  if (last && !/\s$/.test(query) && START.test(last.word)) last.start = true;
  return found;
}

// A start worth completing: two letters or digits or more, in a script that spaces its words (Pagefind cuts
// Chinese, Japanese and Thai into words of its own, which a start of the text cannot be checked against).
const START = /^(?![^]*[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}])[\p{L}\p{N}]{2,}$/u;

function fold(text) {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

// The articles holding a word that starts with `word`, with Pagefind's own prefix search (an unquoted term).
// Where a part of the index holds no such word, Pagefind gives the articles holding the longest word `word`
// starts with instead, all of that part's results: so a part's results count only when its best one holds a
// word starting with `word`. Each part is told apart by the filter `part` its index is merged with (`load`).
async function starting(pagefind, word) {
  const { results, filters } = await pagefind.search(word);
  const found = Object.keys(filters?.part ?? {}).filter((name) => filters.part[name] > 0);
  const held = await Promise.all(found.map((name) => partHolds(pagefind, word, name)));
  const kept = found.filter((_, at) => held[at]);
  if (kept.length === found.length) return results;
  if (!kept.length) return [];
  return (await pagefind.search(word, { filters: { part: { any: kept } } })).results;
}

async function partHolds(pagefind, word, part) {
  const { results } = await pagefind.search(word, { filters: { part } });
  if (!results.length) return false;
  const data = await results[0].data();
  const start = fold(word);
  const text = fold([data.content, ...Object.values(data.meta ?? {})].join(" "));
  return text.split(/[^\p{L}\p{N}]+/u).some((each) => each.startsWith(start));
}

// The results for one word: its articles, and the ids of those holding it whole (all of them, unless it is a
// start). A start's results keep the scores of Pagefind's prefix search, which weighs a longer word found less.
async function lookUp(pagefind, word) {
  if (!word.start) {
    const { results } = await pagefind.search(word.term);
    return { results, whole: null };
  }
  const [results, exact] = await Promise.all([starting(pagefind, word.word), pagefind.search(word.term)]);
  return { results, whole: new Set(exact.results.map((result) => result.id)) };
}

// The articles holding every word, best first: those holding them as the phrase typed ("Taiwan Relations Act"),
// then those holding the word being typed whole ("talks" before "talkshow"), then the others; a word's scores
// add up. Each is shown through its result for the rarest word (or the phrase), whose excerpt is the most
// telling. `missing`: a word no article holds, when there is one.
async function find(pagefind, query) {
  const asked = words(query);
  let hits = null; // id → { shown, score, whole, rarest: how many articles hold the word it is shown for }
  for (const word of asked) {
    const { results, whole } = await lookUp(pagefind, word);
    const next = new Map();
    for (const result of results) {
      const hit = hits === null ? { shown: result, score: 0, whole: true, rarest: Infinity } : hits.get(result.id);
      if (!hit) continue;
      const rarer = results.length < hit.rarest;
      next.set(result.id, {
        shown: rarer ? result : hit.shown,
        score: hit.score + result.score,
        whole: hit.whole && (!whole || whole.has(result.id)),
        rarest: Math.min(hit.rarest, results.length),
      });
    }
    hits = next;
    if (!results.length) return { results: [], missing: word.term.replaceAll('"', "") };
    if (!hits.size) break;
  }
  const phrase = new Map();
  if (asked.length > 1 && hits.size > 1) {
    const { results } = await pagefind.search(`"${asked.map((word) => word.term.replaceAll('"', "")).join(" ")}"`);
    for (const result of results) if (hits.has(result.id)) phrase.set(result.id, result);
  }
  const ranked = [...(hits ?? new Map())].map(([id, hit]) => ({ ...hit, phrase: phrase.get(id) }));
  ranked.sort((a, b) => Boolean(b.phrase) - Boolean(a.phrase) || b.whole - a.whole || b.score - a.score);
  return { results: ranked.map((hit) => hit.phrase ?? hit.shown) };
}

// The next SHOWN results, appended to the list; false when a later query has started meanwhile. They are taken
// from `pending` at once, so that a second click while they load shows the ones after them, never them again.
async function showNext(asked) {
  const next = pending.slice(0, SHOWN);
  pending = pending.slice(next.length);
  more.disabled = true;
  const shown = await Promise.all(next.map((r) => r.data()));
  if (asked !== latest) return false;
  more.disabled = false;
  const items = shown.map(result);
  list.append(...items);
  more.hidden = pending.length === 0;
  const count = Math.min(SHOWN, pending.length);
  more.textContent = `Show ${count} more result${count === 1 ? "" : "s"}`;
  history.replaceState({ ...history.state, shown: list.children.length }, "");
  return items;
}

// Back from a result, the reader finds the list as they left it: as many results shown as before (kept in the
// history entry by showNext) and scrolled to where they were. The browser cannot restore that place itself: the
// results come after the page has loaded. Returns false when a later query has started meanwhile.
history.scrollRestoration = "manual";
addEventListener("pagehide", () => history.replaceState({ ...history.state, scroll: scrollY }, ""));

async function showAsBefore(asked, shown) {
  while (list.children.length < shown && pending.length) if (!(await showNext(asked))) return false;
  return true;
}

more.addEventListener("click", async () => {
  const items = await showNext(latest);
  if (items && items.length) items[0].querySelector("a").focus(); // the keyboard goes on where the reader reads
});

// The tab and the history entry name the query shown: “taiwan” — Search — <site title>. A title is text, so the
// query is never read as markup.
const untitled = document.title;
function entitle(query) {
  document.title = query ? `“${shown(query)}” — ${untitled}` : untitled;
}

// A query as the title and the status line show it, without direction controls (U+202A–U+202E, U+2066–U+2069):
// no word holds them, and a right-to-left override in a link's ?q= turned the rest of the line around, the
// site's name in the tab with it.
function shown(query) {
  return query.replace(/[\u202a-\u202e\u2066-\u2069]/g, "");
}

let latest = 0;
async function run(typed, before = null) {
  const asked = ++latest;
  const query = typed.trim();
  entitle(query);
  list.replaceChildren();
  list.hidden = true;
  more.hidden = true;
  pending = [];
  if (!query) {
    status.textContent = "Type a word or a name to search every article.";
    return;
  }
  if (!parts.length) {
    status.textContent = "There are no articles to search yet.";
    return;
  }
  status.textContent = "Searching…";
  let found;
  try {
    const pagefind = await load();
    const { results, missing } = await find(pagefind, typed);
    if (asked !== latest) return; // a later query has started
    pending = results;
    if (!(await showNext(asked)) || (before?.shown && !(await showAsBefore(asked, before.shown)))) return;
    found = { count: results.length, missing };
  } catch (error) {
    status.textContent = "Search could not load. Browse by theme, meeting or date instead.";
    page.querySelector(".search-fallback").hidden = false;
    throw error;
  }
  list.hidden = found.count === 0;
  const alone = query.replaceAll('"', "").trim(); // the query is that one word
  const nowhere = found.missing && found.missing !== alone ? `: no article holds “${shown(found.missing)}”` : "";
  status.textContent =
    found.count === 0
      ? `No results for “${shown(query)}”${nowhere}.`
      : `${found.count} result${found.count === 1 ? "" : "s"} for “${shown(query)}”.`;
  if (before?.scroll) scrollTo(0, before.scroll);
}

// The address keeps the query, to share or bookmark it and to come back to it; a cleared query leaves no `?q=`.
function search() {
  const url = new URL(location.href);
  if (input.value.trim()) url.searchParams.set("q", input.value);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  run(input.value);
}

let typing;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(search, 250);
});
page.querySelector("form").addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  search();
});

input.value = new URLSearchParams(location.search).get("q") || "";
run(input.value, history.state); // the history entry's, when the reader comes back to it
