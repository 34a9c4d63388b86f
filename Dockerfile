# One image for every Python service of the stack (api, ml-service, dagster-webserver,
# dagster-daemon, mlflow): the project, editable under /app so that dbt/ and the other folders it
# finds beside its packages are there, in a virtualenv at /opt/pulse.
#
# The official python:3.11-slim and PyPI by default. Air-gapped machines (and this project's CI)
# build with docker-compose.offline.yml: a base image made from Debian packages and a wheelhouse
# in deploy/wheels/ made on the host (deploy/offline/build-wheelhouse.sh, PIP_INSTALL_OPTIONS=--no-index).
ARG PYTHON_IMAGE=python:3.11-slim
FROM ${PYTHON_IMAGE}
# PyTorch's CPU wheels beside PyPI: the default torch wheel carries CUDA (several GB) a server without a GPU never uses.
ARG PIP_INSTALL_OPTIONS="--extra-index-url https://download.pytorch.org/whl/cpu"
ENV PATH=/opt/pulse/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PULSE_HOME=/var/lib/pulse PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# The dependencies first (their layer survives code changes), then the project itself.
COPY deploy/wheels /wheels
COPY pyproject.toml ./
RUN python3 -m venv /opt/pulse \
    && python3 -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir --find-links /wheels ${PIP_INSTALL_OPTIONS} "setuptools>=68" wheel -r /tmp/requirements.txt \
    && rm -rf /wheels /tmp/requirements.txt
# The services run as `pulse`; its home is PULSE_HOME, and the MLflow volume's mount point is its own.
RUN useradd --system --create-home --home-dir /var/lib/pulse --uid 10001 pulse \
    && mkdir -p /app/mlruns /var/lib/pulse/mlflow && chown pulse /app/mlruns /var/lib/pulse/mlflow
COPY README.md alembic.ini ./
COPY pulse ./pulse
COPY recsys ./recsys
COPY pipelines ./pipelines
COPY serving ./serving
COPY api ./api
COPY synthetic ./synthetic
COPY cli ./cli
COPY dbt ./dbt
# dbt writes its manifest and logs beside the project when a service first loads it.
RUN pip install --no-cache-dir --no-deps --no-build-isolation -e . && chown -R pulse dbt

USER pulse
EXPOSE 8000
# The API; the compose file and the Kubernetes manifests give each other service its command.
CMD ["sh", "-c", "pulse db migrate && pulse db seed && exec pulse serve api --host 0.0.0.0 --port 8000"]
