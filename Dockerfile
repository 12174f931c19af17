# One image for the web server, the Celery worker and Celery beat (see docker-compose.yml).
# Everything is installed and collected here, at build time: a container installs nothing as it
# starts, so any number of them start the same way.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The dependencies first, each at its version in constraints.txt, so that a change to the code
# alone reuses this layer.
COPY pyproject.toml constraints.txt ./
RUN pip install --constraint constraints.txt . \
    && rm -rf build ./*.egg-info

COPY . .

# Static files are baked in; WhiteNoise serves them. The settings need a key and a broker to
# load, not real ones: nothing else runs at build time.
RUN SECRET_KEY=collectstatic-only DEBUG=0 REDIS_URL=redis://collectstatic-only \
        python manage.py collectstatic --noinput \
    && useradd --system --uid 10001 --no-create-home --home-dir /app okr

USER okr

EXPOSE 8000

# The web container is healthy while /healthz reaches the database and the broker. The probe
# answers on 127.0.0.1 before the host check and the HTTPS redirect (okr_site/middleware.py).
# The worker and beat containers override this check in docker-compose.yml.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# gunicorn reads its number of worker processes from WEB_CONCURRENCY.
CMD ["gunicorn", "okr_site.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
