// The search page: runs the query in ?q= (and each one typed) against every part of the Pagefind index,
// merged with mergeIndex (digest/search.py explains the parts). Without JavaScript the page keeps its
// form and its hint to browse by theme, meeting and date instead.
const page = document.getElementById("search");
const base = page.dataset.base;
const parts = JSON.parse(document.getElementById("search-parts").textContent).map((part) => base + part);
const input = document.getElementById("search-query");
const status = page.querySelector(".search-status");
const list = page.querySelector(".search-results");
const SHOWN = 20;

page.querySelector(".search-fallback").hidden = true;
status.hidden = false;

let engine = null;
async function load() {
  if (!engine) {
    engine = (async () => {
      const pagefind = await import(parts[0] + "pagefind.js");
      await pagefind.options({ baseUrl: base, excerptLength: 30 });
      for (const part of parts.slice(1)) await pagefind.mergeIndex(part, { baseUrl: base });
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
  item.append(heading, meta, excerpt(data.excerpt));
  return item;
}

let latest = 0;
async function run(query) {
  const asked = ++latest;
  query = query.trim();
  list.replaceChildren();
  list.hidden = true;
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
    const search = await pagefind.search(query);
    found = { count: search.results.length, shown: await Promise.all(search.results.slice(0, SHOWN).map((r) => r.data())) };
  } catch (error) {
    status.textContent = "Search could not load. Browse by theme, meeting or date instead.";
    page.querySelector(".search-fallback").hidden = false;
    throw error;
  }
  if (asked !== latest) return; // a later query has started
  list.replaceChildren(...found.shown.map(result));
  list.hidden = found.count === 0;
  const more = found.count > SHOWN ? `, the first ${SHOWN} shown` : "";
  status.textContent =
    found.count === 0
      ? `No results for “${query}”.`
      : `${found.count} result${found.count === 1 ? "" : "s"} for “${query}”${more}.`;
}

let typing;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  }, 250);
});
page.querySelector("form").addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  run(input.value);
});

input.value = new URLSearchParams(location.search).get("q") || "";
run(input.value);
