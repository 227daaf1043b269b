// Library search box: queries the Pagefind bundle written next to the site.
// Titles and excerpts are article text: they are only ever set as text, never as HTML.
(() => {
  const PAGE_SIZE = 5;
  const FILE_MESSAGE =
    "Search needs the site to be served by a web server (for example " +
    "`python -m http.server` in the build folder): browsers do not let a page opened " +
    "from a file load the search index.";

  function setUp(box) {
    const input = box.querySelector(".quicktakes-search-input");
    const subject = box.querySelector(".quicktakes-search-subject");
    const status = box.querySelector(".quicktakes-search-status");
    const list = box.querySelector(".quicktakes-search-results");
    if (location.protocol === "file:") {
      status.textContent = FILE_MESSAGE;
      return;
    }
    status.textContent = "";
    input.disabled = subject.disabled = false;
    let pagefind = null;
    let generation = 0;
    let more = null;

    async function load() {
      if (!pagefind) {
        const url = new URL(box.dataset.bundle + "pagefind.js", document.baseURI).href;
        pagefind = import(url).then(async (module) => {
          await module.options({ excerptLength: 24 });
          return module;
        });
      }
      return pagefind;
    }

    // Pagefind's excerpt is the page's text with "<" and ">" escaped and <mark> around the
  // words found: split on the marks, undo the escapes, and set every part as text.
  function unescape(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  }

  function excerpt(text) {
      const paragraph = document.createElement("p");
      paragraph.className = "quicktakes-search-excerpt";
      text.split(/(<mark>|<\/mark>)/).reduce((marked, part) => {
        if (part === "<mark>") return true;
        if (part === "</mark>") return false;
        if (part) {
          const node = marked ? document.createElement("mark") : document.createTextNode(unescape(part));
          if (marked) node.textContent = unescape(part);
          paragraph.append(node);
        }
        return marked;
      }, false);
      return paragraph;
    }

    function item(data) {
      const li = document.createElement("li");
      li.className = "quicktakes-search-result";
      const link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      const details = document.createElement("p");
      details.className = "quicktakes-search-details";
      const subjects = (data.filters && data.filters.subject) || [];
      details.textContent = [...subjects, (data.meta && data.meta.date) || ""]
        .filter(Boolean)
        .join(" · ");
      li.append(link, details, excerpt(data.excerpt || ""));
      return li;
    }

    async function show(results, start, mine) {
      const page = await Promise.all(results.slice(start, start + PAGE_SIZE).map((r) => r.data()));
      if (mine !== generation) return;
      list.append(...page.map(item));
      if (more) more.remove();
      more = null;
      if (results.length > start + PAGE_SIZE) {
        more = document.createElement("button");
        more.type = "button";
        more.className = "quicktakes-search-more";
        more.textContent = "More results";
        more.addEventListener("click", () => show(results, start + PAGE_SIZE, mine));
        list.after(more);
      }
    }

    async function run() {
      const mine = ++generation;
      const term = input.value.trim();
      if (!term) {
        list.replaceChildren();
        if (more) more.remove();
        status.textContent = "";
        return;
      }
      let module;
      try {
        module = await load();
      } catch (error) {
        status.textContent = "The search index could not be loaded: build the site with the html or dirhtml builder and serve its folder.";
        return;
      }
      const filters = subject.value ? { subject: subject.value } : {};
      const search = await module.debouncedSearch(term, { filters }, 150);
      if (search === null || mine !== generation) return;
      const count = search.results.length;
      status.textContent = count === 1 ? "1 question found." : `${count} questions found.`;
      list.replaceChildren();
      if (more) more.remove();
      more = null;
      await show(search.results, 0, mine);
    }

    box.querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    input.addEventListener("input", run);
    input.addEventListener("focus", () => load().catch(() => {}), { once: true });
    subject.addEventListener("change", run);
    const query = new URLSearchParams(location.search).get("q");
    if (query) {
      input.value = query;
      run();
    }
  }

  document.querySelectorAll(".quicktakes-search").forEach(setUp);
})();
