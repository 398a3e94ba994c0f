"""The benchmark suite: ``make bench`` or ``python -m bench``.

It creates its own PostgreSQL database, fills it with generated data at several sizes,
measures, and writes ``bench/results/latest.json`` and ``bench/results/latest.md``. Figures are
medians of several runs and, where a goal is a ratio, both sides are measured in the same run so
a busy machine slows both alike. Nothing here asserts a timing; the goals are reported as met
or not met.
"""
