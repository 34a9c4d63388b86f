FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY pulse ./pulse
COPY api ./api
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["sh", "-c", "pulse db migrate && pulse db seed && pulse serve api --host 0.0.0.0 --port 8000"]
