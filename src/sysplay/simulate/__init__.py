"""Batch simulation for pack writers: personas over many seeds, balance and coverage reports, golden tests.

Modules: ``analysis`` (``simulate``: plan, run and report a batch), ``runs`` (one playthrough),
``batch`` (chunks across processes, folded in run order), ``aggregate`` (streaming statistics),
``findings`` (the report, its gates and warnings), ``probes`` (restricted play, sensitivity and
the late-command probe, for every persona), ``hunt`` (the answer-key hunt), ``candidates`` (its
checklists and mutations), ``scripts`` (fixed scripts: playing them, target rules, choices
files), ``variants`` (nudged packs), ``report_text`` / ``report_html`` (renderers), ``cli``
(``sysplay simulate``), ``golden`` (``sysplay test``) and ``synthetic`` (generated packs for
benchmarks and fuzzing).
"""
