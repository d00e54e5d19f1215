"""The app for gunicorn: `gunicorn wsgi:app`."""
import gc

from jobatelier import create_app

app = create_app()
# Everything loaded so far lives as long as the worker: the collector need not scan it again
# at every full collection (tens of milliseconds each, in the middle of some request).
gc.freeze()
