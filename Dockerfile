# Production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH

# Pango for WeasyPrint and the Noto CJK font so that PDFs use Simplified Chinese glyphs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
    fontconfig nodejs npm \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
RUN pip install --no-cache-dir "uv==0.13.9"
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN DEBUG=0 SECRET_KEY=build-only AUDIT_HMAC_KEY=build-only-not-the-audit-key-of-any-site \
    python manage.py collectstatic --noinput

# var/audit exists in the image so that the audit-anchor volume mounted there belongs to qinglian.
RUN useradd --system --uid 10001 qinglian && mkdir -p /app/var/audit && chown -R qinglian /app/var
USER qinglian
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
