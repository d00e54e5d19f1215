"""The app for gunicorn: `gunicorn wsgi:app`."""
from jobatelier import create_app

app = create_app()
