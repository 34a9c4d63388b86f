# Stands in for nginx:1.27: Debian's nginx with the official image's layout (conf.d, html root,
# logs to the container's output) and curl for health checks.
FROM pulse-offline/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends nginx curl \
    && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default \
    && mkdir -p /usr/share/nginx/html \
    && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log
CMD ["nginx", "-g", "daemon off;"]
EXPOSE 80
