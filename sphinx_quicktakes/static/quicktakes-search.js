// Library search box: queries the Pagefind bundles written next to the site.
// "All subjects" searches the library bundle (questions, summaries, keywords of every page,
// in one or more parts);
// a subject searches that subject's bundle (its answers in full). One Pagefind module serves
// both, one instance per bundle, loaded only when first used.
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
    const root = new URL(box.dataset.bundle, document.baseURI);
    // result URLs are relative to the site root: the folder holding the search folder
    const baseUrl = root.pathname.replace(/[^/]*\/$/, "");
    const instances = new Map();
    let module = null;
    let generation = 0;
    let more = null;

    function folder() {
      const option = subject.selectedOptions[0];
      return (option && option.value && option.dataset.bundle) || "library/";
    }

    // The library bundle may be in parts (library/, library-2/, ...): its first part's
    // manifest lists the others, which are merged into one search.
    async function parts(name) {
      if (name !== "library/") return [];
      try {
        const response = await fetch(new URL("quicktakes-search.json", new URL(name, root)));
        const listed = response.ok ? (await response.json()).parts : [];
        return Array.isArray(listed) ? listed.filter((part) => /^library-\d+\/$/.test(part)) : [];
      } catch (error) {
        return [];
      }
    }

    async function open(loaded, name) {
      const options = { baseUrl, excerptLength: 24 };
      const basePath = new URL(name, root).pathname;
      const instance = loaded.createInstance({ ...options, basePath, noWorker: true });
      for (const part of await parts(name)) {
        await instance.mergeIndex(new URL(part, root).pathname, options);
      }
      return instance;
    }

    async function load(name) {
      if (!instances.has(name)) {
        module = module || import(new URL("pagefind.js", new URL(name, root)).href);
        instances.set(
          name,
          module.then((loaded) => open(loaded, name)),
        );
      }
      return instances.get(name);
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
      const meta = data.meta || {};
      const subjects = meta.subject ? [meta.subject] : (data.filters && data.filters.subject) || [];
      details.textContent = [...subjects, meta.date || ""]
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
      let instance;
      try {
        instance = await load(folder());
      } catch (error) {
        status.textContent = "The search index could not be loaded: build the site with the html or dirhtml builder and serve its folder.";
        return;
      }
      const search = await instance.debouncedSearch(term, {}, 150);
      if (search === null || mine !== generation) return;
      const count = search.results.length;
      list.replaceChildren();
      if (more) more.remove();
      more = null;
      await show(search.results, 0, mine);
      if (mine !== generation) return;
      // announced once the results are on the page
      const found = count === 1 ? "1 question found" : `${count} questions found`;
      status.textContent = `${found} for “${term}”.`;
    }

    box.querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    input.addEventListener("input", run);
    input.addEventListener("focus", () => load(folder()).catch(() => {}), { once: true });
    subject.addEventListener("change", run);
    const query = new URLSearchParams(location.search).get("q");
    if (query) {
      input.value = query;
      run();
    }
  }

  document.querySelectorAll(".quicktakes-search").forEach(setUp);
})();
