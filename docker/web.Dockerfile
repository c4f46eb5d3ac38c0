# syntax=docker/dockerfile:1
# The gridlens web image: the React UI built with Node, served by unprivileged nginx on 8080,
# which proxies the API's paths to GRIDLENS_API_UPSTREAM (every replica its name resolves to).
#   docker build -f docker/web.Dockerfile -t gridlens-web .

FROM node:22-bookworm-slim AS build
WORKDIR /frontend
# The browser tests' browsers are not needed to build.
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY frontend/package.json frontend/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM nginxinc/nginx-unprivileged:1.28-alpine AS web
# The image's entrypoint writes /etc/nginx/conf.d/default.conf from the template at start,
# filling in only these variables (nginx's own $variables stay as they are).
ENV GRIDLENS_API_UPSTREAM=api:8000 \
    NGINX_ENTRYPOINT_LOCAL_RESOLVERS=1 \
    NGINX_ENVSUBST_FILTER=GRIDLENS_|NGINX_LOCAL_RESOLVERS
COPY docker/nginx.conf /etc/nginx/templates/default.conf.template
COPY --from=build /frontend/dist /usr/share/nginx/html
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=5s --retries=3 \
    CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/nginx-healthz"]
