# Stands in for python:3.11-slim: Debian bookworm's Python is 3.11.
FROM pulse-offline/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
    && rm -rf /var/lib/apt/lists/* && ln -s /usr/bin/python3 /usr/local/bin/python
