"""gunicorn settings for the web processes: production (deploy/systemd/portal-web@.service) and
bench/web.py load this file with --config.

The command line keeps the settings an operator tunes per instance (bind, workers, threads,
timeouts); this file holds what the process needs to be fast.
"""
import gc

# A worker's app (modules, templates, SQLAlchemy's mappers and caches) is about 270,000 objects
# that live as long as the worker. Python's collector walked all of them in each full collection
# (about 120 ms), and a page's short-lived objects set off a young collection about once per
# request: together 0.45 ms per request at national scale (bench/README.md, "Garbage
# collection"). Frozen, the collector skips the app; with a higher threshold it runs about once
# per hundred requests. Measured on Python 3.11; on a newer Python measure again before keeping
# the threshold (3.14 collects differently).
YOUNG_GENERATION_THRESHOLD = 10_000


def post_worker_init(worker):
    """Called in each worker once the app is loaded, before the first request."""
    gc.collect()  # what loading left as garbage is freed, not frozen for the worker's life
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, 20, 20)
