# syntax=docker/dockerfile:1
# Multi-stage build of dmarc-analytics. Not exercised by CI: no Docker engine runs there.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY resolvers ./resolvers
COPY entities ./entities
COPY migrations ./migrations
COPY jobs ./jobs
COPY scripts ./scripts
COPY bench ./bench
COPY web ./web
# The dev-only `node` package (Node 24 for machines without it) goes with the other dev packages.
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY package.json schema.graphql ./
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/dmarc-analytics.js"]
CMD ["serve"]
