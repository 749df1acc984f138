# syntax=docker/dockerfile:1
# Multi-stage build of dmarc-analytics. Every build step is scripts/build-image-contents.sh, which
# test/image/image-build.test.ts runs the same way (this file's COPY and RUN lines, in a temporary
# folder) and whose result it starts in production mode: no Docker engine runs where CI runs.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# The dependencies first, in a layer of their own: rebuilt only when the lock file changes.
COPY package.json package-lock.json ./
COPY scripts/build-image-contents.sh ./scripts/
RUN bash scripts/build-image-contents.sh install
COPY tsconfig.json tsconfig.runtime.json ./
COPY src ./src
COPY resolvers ./resolvers
COPY entities ./entities
COPY migrations ./migrations
COPY jobs ./jobs
COPY web ./web
COPY scripts/build-web.ts ./scripts/
# Compiles the server, worker and CLI, bundles the browser pages into dist/web, then removes the
# development packages and the embedded PostgreSQL (production uses DATABASE_URL).
RUN bash scripts/build-image-contents.sh build

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
