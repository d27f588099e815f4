#!/usr/bin/env python3
"""A CMS publish hook for `chachong serve` (Python standard library only).

Checks a draft against the service; when it passes, adds it to the index
(so the next draft is checked against it too) and waits until the addition
is committed. Prints the verdict and the reasons. Exit codes as `chachong
check`: 0 passed (and added), 1 failed (not added), 2 error.

    python3 examples/cms_publish_hook.py ARTICLE.md --id cms/2026/1234 \\
        [--url http://127.0.0.1:7878] [--title T] [--source S] [--date D] \\
        [--no-add] [--allow PATTERN]... [--self PATTERN]...

The file is sent as `markdown` when it ends in .md or .markdown, `html` when
it ends in .html or .htm, else `text`. The token comes from
CHACHONG_WRITE_TOKEN (it may read and write) or CHACHONG_READ_TOKEN (with
--no-add); without either, no Authorization header is sent.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


def call(url, method, path, body=None, token=None, content_type="application/json"):
    """The JSON answer of one request, or raises RuntimeError naming the error."""
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url.rstrip("/") + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        raw = e.read().decode("utf-8", "replace")
        try:
            err = json.loads(raw)
            why = "%s: %s" % (err.get("error"), err.get("detail"))
        except ValueError:
            why = raw.strip() or e.reason
        raise RuntimeError("%s %s: HTTP %d: %s" % (method, path, e.code, why))
    except (urllib.error.URLError, OSError) as e:
        raise RuntimeError("%s %s: %s" % (method, path, e))


def field_for(path):
    lower = path.lower()
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    if lower.endswith((".html", ".htm")):
        return "html"
    return "text"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("draft", help="the article file (UTF-8)")
    ap.add_argument("--id", required=True, help="the article's id in the index")
    ap.add_argument("--url", default=os.environ.get("CHACHONG_URL", "http://127.0.0.1:7878"))
    ap.add_argument("--title")
    ap.add_argument("--source")
    ap.add_argument("--date")
    ap.add_argument("--no-add", action="store_true", help="check only")
    ap.add_argument("--allow", action="append", default=[])
    ap.add_argument("--self", dest="self_sources", action="append", default=[])
    args = ap.parse_args(argv)
    token = os.environ.get("CHACHONG_WRITE_TOKEN") or os.environ.get("CHACHONG_READ_TOKEN")
    try:
        with open(args.draft, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        print("publish hook: error: cannot read %s: %s" % (args.draft, e), file=sys.stderr)
        return 2

    draft = {field_for(args.draft): text, "id": args.id}
    for key in ("title", "source", "date"):
        if getattr(args, key):
            draft[key] = getattr(args, key)
    if args.allow:
        draft["allow"] = args.allow
    if args.self_sources:
        draft["self"] = args.self_sources
    try:
        result = call(args.url, "POST", "/v1/check", draft, token)
        report = result["drafts"][0]
        verdict = report["verdict"]
        print("%s: %s (copied %.1f%%)" % (args.id, verdict.upper(), 100 * report["copy_ratio"]))
        for reason in report["reasons"]:
            print("  - " + reason)
        if verdict != "pass":
            return 1
        if args.no_add:
            return 0
        record = {"id": args.id, "text": text}
        for key in ("title", "source", "date"):
            if getattr(args, key):
                record[key] = getattr(args, key)
        task = call(args.url, "POST", "/v1/documents?wait=true", [record], token)
        if task["status"] != "succeeded":
            raise RuntimeError("adding %s failed: %s" % (args.id, task.get("error")))
        print("%s: added to the index (%d documents)" % (args.id, task["result"]["documents"]))
        return 0
    except (RuntimeError, KeyError, ValueError) as e:
        print("publish hook: error: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
