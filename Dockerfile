# syntax=docker/dockerfile:1
# Every Gongzhi image, from the repo root: APP is the workspace, PORT its port (as in the chart).
#   docker build --build-arg APP=gateway -t gongzhi/gateway .
#   docker build --build-arg APP=services/credit --build-arg PORT=4005 -t gongzhi/credit .
# (identity 4001, points 4002, issues 4003, mall 4004, credit 4005.) Commands in each image:
# dist/main.js (the default), and in a subgraph's dist/migrate.js (migration Job) and, where the
# service has one, dist/worker.js (issues: a county's SLA worker; mall: queue workers alone).
# The gateway's supergraph is not baked in: mount it (ConfigMap) and point SUPERGRAPH_PATH at it.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# Only the manifests, so the npm ci layers below stay cached until a dependency changes.
FROM base AS manifests
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete \
 && find . -mindepth 1 -depth -type d -empty -delete

FROM base AS deps
COPY --from=manifests /app ./
RUN npm ci

FROM deps AS build
COPY . .
RUN npm run build

# Production dependencies of this workspace (and the workspaces it links) only.
FROM base AS prod-deps
ARG APP
COPY --from=manifests /app ./
RUN test -n "${APP}" || { echo 'build with --build-arg APP=<gateway|services/identity|services/points|services/issues|services/mall|services/credit>' >&2; exit 1; } \
 && npm ci --omit=dev --workspace=${APP} --include-workspace-root=false \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG APP
ARG PORT=4000
# Old space sized for the chart's 256Mi request (V8 would size it from the node's memory).
ENV NODE_OPTIONS=--max-old-space-size=192
ENV NODE_ENV=production PORT=${PORT}
COPY --from=prod-deps /app /app
# The shared packages every workspace links (the kit; the calendar, for the services).
COPY --from=build /app/packages/subgraph-kit/dist /app/packages/subgraph-kit/dist
COPY --from=build /app/packages/calendar/dist /app/packages/calendar/dist
COPY --from=build /app/${APP}/dist /app/${APP}/dist
# The workspace's folder, so the default command needs no name (exec-form CMD expands no variables).
WORKDIR /app/${APP}
USER node
EXPOSE ${PORT}
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
