#!/usr/bin/env python3
"""Writes seed corpora for the eval and regex differential targets from ../shared/conformance
(one expression or pattern per file) into fuzz/seeds/ (git-ignored). The parse and fmt targets
read the conformance directories directly. Usage: python3 fuzz/seeds.py"""
import hashlib, json, os, pathlib, sys

here = pathlib.Path(__file__).resolve().parent
shared = pathlib.Path(os.environ.get("ALLOY_SHARED_DIR", here / "../../shared")).resolve()
conformance = shared / "conformance"
if not conformance.is_dir():
    sys.exit(f"no conformance data in {conformance}: nothing to seed")


def write_all(target, texts):
    out = here / "seeds" / target
    out.mkdir(parents=True, exist_ok=True)
    for text in texts:
        data = text.encode()
        (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{target}: {len(texts)} seeds in {out}")


cases = (conformance / "eval/cases.txt").read_text().splitlines()
write_all("diff_eval", [c for c in cases if c.strip() and not c.startswith("#")])
lines = (conformance / "regex/syntax.jsonl").read_text().splitlines()
write_all("diff_regex", [json.loads(l)["pattern"] for l in lines if l.strip()])
