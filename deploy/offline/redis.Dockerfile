# Stands in for redis:7: Debian's redis-server, data in /data as in the official image.
FROM pulse-offline/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends redis-server \
    && rm -rf /var/lib/apt/lists/* && mkdir /data
WORKDIR /data
CMD ["redis-server", "--protected-mode", "no"]
EXPOSE 6379
