# Stands in for postgres:16 (Debian bookworm ships 15): the same POSTGRES_* variables, data
# directory and port, through a small entrypoint of its own.
FROM pulse-offline/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/* && mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["postgres-entrypoint.sh"]
EXPOSE 5432
