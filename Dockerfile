# The service's image, in two stages: compile with the dev dependencies, then run the compiled
# JavaScript with the production dependencies only. Point DATABASE_URL at PostgreSQL in production;
# without it the embedded PGlite keeps its files in /app/data (mount a volume there).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No scripts: `prepare` (the build, then an embedded database) needs the sources, which come next.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json openapi.yaml ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM node:24-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The code stays root's and read-only to the service; only the data directory is the service's.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Liveness only (the process answers); readiness, which needs the database, is /health/ready.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is the container's main process, so `docker stop`'s SIGTERM reaches the server,
# which lets in-flight requests finish and closes the database before it exits.
CMD ["node", "--enable-source-maps", "dist/src/server.js"]
