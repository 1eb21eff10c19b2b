# syntax=docker/dockerfile:1
# medeval's image: one image, every role (worker, web, codec, cli; see ops/entrypoint.sh). Multi-stage: the build
# stage compiles dist/ and prebuilds the workflow bundle with the dev tools, then drops them; the runtime stage has
# production dependencies only, no dev servers (no Temporal CLI, FerretDB or browser: it talks to a Temporal
# cluster and MongoDB named in the environment), and runs as the unprivileged `node` user.
#   docker build -t medeval .
#   docker run --rm -e TEMPORAL_ADDRESS=… -e MONGODB_URI=… medeval worker --metrics-port 9464 --metrics-host 0.0.0.0

ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# dist/ (the CLI and workers compiled) and .cache/workflow-bundle/ (the workflows, bundled once); then only what
# runs stays: production dependencies, the sources beside dist/ (the workflow bundle is found by the hash of the
# workflow sources, and bin/medeval.js runs dist/ while it is newer than them), no tests, scripts or CI
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && rm -rf tests scripts .ci \
 && node_modules/.bin/tsx -e "import('./workers/workflow-bundle.ts').then((m) => m.prebuildWorkflowBundles())"
# (the last line: the bundles for the tree as it is now, in case pruning touched the lock file their names hash)

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    MEDEVAL_HOME=/app/.medeval \
    MEDEVAL_LOG_LEVEL=INFO
WORKDIR /app
# root-owned, so read-only to the app user; file times kept, so dist/ stays fresh
COPY --from=build /app ./
# reports and state are the app user's only writes
RUN mkdir -p /app/out /app/.medeval && chown node:node /app/out /app/.medeval
USER node
EXPOSE 8300 9464
ENTRYPOINT ["/app/ops/entrypoint.sh"]
CMD ["cli", "--help"]
