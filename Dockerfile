FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY pulse ./pulse
COPY recsys ./recsys
COPY pipelines ./pipelines
COPY serving ./serving
COPY api ./api
COPY synthetic ./synthetic
COPY cli ./cli
COPY dbt ./dbt
# PyTorch's CPU wheel: the default one from PyPI carries CUDA (several GB) a server without a GPU never uses.
RUN pip install --no-cache-dir --extra-index-url https://download.pytorch.org/whl/cpu -e .
EXPOSE 8000
CMD ["sh", "-c", "pulse db migrate && pulse db seed && pulse serve api --host 0.0.0.0 --port 8000"]
