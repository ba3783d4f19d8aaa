#!/usr/bin/env python3
"""Builds the retrieval-quality corpus from Debian's python3-doc package (apt-get install python3-doc).

Each page of the Python library reference becomes one JSON line: {"id", "url", "title", "html"}, where html is
the page's main content (Sphinx's div role="main"), cut at MAX_BYTES on a tag boundary to bound the test's
embedding cost. The output is committed (stream-processor/src/test/resources/quality/python-library.jsonl.gz), so
tests need neither the package nor the network; rerun this only to rebuild it.
"""
import gzip, html, json, pathlib, re, sys

SOURCE = pathlib.Path("/usr/share/doc/python3/html/library")
OUT = pathlib.Path(__file__).resolve().parent.parent / "stream-processor/src/test/resources/quality/python-library.jsonl.gz"
MAX_BYTES = 20_000

def main_content(page: str) -> str:
    start = page.find('<div class="body" role="main">')
    end = page.find('<div class="sphinxsidebar"', start)
    if start < 0 or end < 0:
        raise ValueError("no main content")
    body = page[start:end]
    if len(body) > MAX_BYTES:
        cut = body.rfind("<", 0, MAX_BYTES)
        body = body[:cut]
    return body

def main() -> None:
    if not SOURCE.is_dir():
        sys.exit(f"{SOURCE} not found: apt-get install python3-doc")
    lines = []
    for path in sorted(SOURCE.glob("*.html")):
        page = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        lines.append(json.dumps({
            "id": path.stem,
            "url": f"https://docs.python.org/3.11/library/{path.name}",
            "title": re.split(r" — Python \d", html.unescape(title.group(1)))[0].strip() if title else path.stem,
            "html": main_content(page),
        }, ensure_ascii=False))
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} pages -> {OUT} ({OUT.stat().st_size} bytes)")

if __name__ == "__main__":
    main()
