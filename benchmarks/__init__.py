"""Performance benchmark of the fact-check site generator: `make bench`.

synth   deterministic synthetic claims, and the site copies built from them
plain   the same pages as hand-written Markdown, without the factcheck plugin
measure builds (wall time, peak RSS), sizes, validation, mkdocs serve
search  Material's search in headless Chromium
profile where a build spends its time (cProfile)
report  the results table and docs/performance.md
run     the command line: python -m benchmarks.run
"""
