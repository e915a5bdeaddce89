# syntax=docker/dockerfile:1
# Build stage: compile TypeScript and the better-sqlite3 native addon.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY proto ./proto
COPY bin ./bin
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

# Runtime stage: only what runs; no compiler, no dev dependencies; non-root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    TRACELITE_HOST=0.0.0.0 \
    TRACELITE_DB=/data/tracelite.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/proto ./proto
COPY --from=build /app/bin ./bin
COPY config.yaml ./config.yaml
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4317 4318 5388
# Readiness, not liveness: unhealthy while a write fault (full disk) refuses exports, so an
# orchestrator stops routing to this container; /api/v1/health/live is the restart probe.
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:5388/api/v1/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/tracelite.js"]
# The image binds 0.0.0.0, where tracelite refuses to run without auth: keys are on by default.
# Create one with `docker exec <container> node bin/tracelite.js keys create …` (README, Docker).
CMD ["serve", "--config", "/app/config.yaml", "--auth", "keys"]
