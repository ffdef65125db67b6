#!/usr/bin/env python3
"""Turns a divergent input into a fixture for tests/diff_fixtures.rs: copies it to
fixtures/diff/TARGET/NAME.input and stores the reference binary's answer as NAME.reference.
Then add a row for TARGET/NAME to fixtures/diff/STATUS.tsv.
INPUT_FILE is the text the target checked (for a generated input, what
`cargo run --example show_input` prints, unquoted), not the fuzzer's raw bytes.
Usage: python3 fuzz/record_fixture.py TARGET NAME INPUT_FILE   (TARGET: parse|fmt|eval|regex)"""
import json, os, pathlib, subprocess, sys

here = pathlib.Path(__file__).resolve().parent
bin_dir = pathlib.Path(os.environ.get("ALLOY_REFERENCE_BIN", here / "../../shared/reference/bin"))
target, name, source = sys.argv[1:4]
data = pathlib.Path(source).read_bytes()
if target == "regex":
    request = (json.dumps(data.decode()) + "\n").encode()
    answer = subprocess.run([bin_dir / "alloy-ref-regex"], input=request, capture_output=True).stdout
elif target == "eval":
    # Asked five times: each distinct answer line is kept (some change between runs, Go's map
    # order); a crash of the reference leaves the file empty.
    lines = []
    for _ in range(5):
        run = subprocess.run([bin_dir / "alloy-ref-eval", "-"], input=data, capture_output=True)
        line = run.stdout.strip()
        if line and line not in lines:
            lines.append(line)
    answer = b"".join(line + b"\n" for line in lines)
else:
    binary = {"parse": "alloy-ref-parse", "fmt": "alloy-ref-fmt"}[target]
    run = subprocess.run([bin_dir / binary, "-"], input=data, capture_output=True)
    answer = run.stdout
    if target == "fmt" and run.returncode != 0:
        answer = b"<rejected>"
out = here.parent / "fixtures/diff" / target
out.mkdir(parents=True, exist_ok=True)
(out / f"{name}.input").write_bytes(data)
(out / f"{name}.reference").write_bytes(answer)
print(f"{out / name}.input: reference answered {answer[:200]!r}")
