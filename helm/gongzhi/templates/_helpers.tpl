{{/* The five subgraphs, in the order the gateway lists them. */}}
{{- define "gongzhi.subgraphNames" -}}
identity points issues mall credit
{{- end }}

{{- define "gongzhi.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* "<release>-gongzhi", or just the release name when it already contains the chart name. */}}
{{- define "gongzhi.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "gongzhi.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of a component's objects: dict root, component. */}}
{{- define "gongzhi.componentName" -}}
{{- printf "%s-%s" (include "gongzhi.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels: dict root, component [, county]. Never change these on a live release. */}}
{{- define "gongzhi.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gongzhi.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- with .county }}
gongzhi.io/county: {{ . | quote }}
{{- end }}
{{- end }}

{{/* Standard labels: dict root, component [, service] [, county]. gongzhi.io/service groups every
pod that talks to one service's database (API, migrations, workers) for the egress policy. */}}
{{- define "gongzhi.labels" -}}
helm.sh/chart: {{ include "gongzhi.chart" .root }}
{{ include "gongzhi.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: gongzhi
{{- with .service }}
gongzhi.io/service: {{ . }}
{{- end }}
{{- end }}

{{/* Labels that select every pod of this release (default-deny). */}}
{{- define "gongzhi.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "gongzhi.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Image reference: dict root, component, image (the component's image values). */}}
{{- define "gongzhi.image" -}}
{{- $v := .root.Values.image }}
{{- $repo := .image.repository }}
{{- if not $repo }}
{{- $repo = printf "%s%s" $v.repositoryPrefix .component }}
{{- if $v.registry }}
{{- $repo = printf "%s/%s" (trimSuffix "/" $v.registry) $repo }}
{{- end }}
{{- end }}
{{- $tag := .image.tag | default $v.tag | default .root.Chart.AppVersion }}
{{- printf "%s:%s" $repo $tag }}
{{- end }}

{{- define "gongzhi.imageTag" -}}
{{- .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- end }}

{{/* Secret holding GATEWAY_SECRET and REDIS_URL. */}}
{{- define "gongzhi.sharedSecretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-shared" (include "gongzhi.fullname" .)) }}
{{- end }}

{{/* Secret holding a service's DATABASE_URL (and identity's keys): dict root, name. */}}
{{- define "gongzhi.serviceSecretName" -}}
{{- $svc := index .root.Values.services .name }}
{{- $svc.existingSecret | default (include "gongzhi.componentName" (dict "root" .root "component" .name)) }}
{{- end }}

{{/* Pods a workload may have at most; decides whether it gets a PodDisruptionBudget. */}}
{{- define "gongzhi.maxPods" -}}
{{- if and .autoscaling .autoscaling.enabled }}{{ .autoscaling.maxReplicas }}{{ else }}{{ .replicas }}{{ end }}
{{- end }}

{{- define "gongzhi.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end }}

{{- define "gongzhi.containerSecurityContext" -}}
{{ toYaml .Values.containerSecurityContext }}
{{- end }}

{{/* Probes on the process's own port. */}}
{{- define "gongzhi.probes" -}}
{{- $p := .root.Values.probes }}
livenessProbe:
  httpGet:
    path: /healthz
    port: http
  initialDelaySeconds: {{ $p.liveness.initialDelaySeconds }}
  periodSeconds: {{ $p.liveness.periodSeconds }}
  timeoutSeconds: {{ $p.liveness.timeoutSeconds }}
  failureThreshold: {{ $p.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: /readyz
    port: http
  initialDelaySeconds: {{ $p.readiness.initialDelaySeconds }}
  periodSeconds: {{ $p.readiness.periodSeconds }}
  timeoutSeconds: {{ $p.readiness.timeoutSeconds }}
  failureThreshold: {{ $p.readiness.failureThreshold }}
{{- end }}

{{- define "gongzhi.lifecycle" -}}
lifecycle:
  preStop:
    sleep:
      seconds: {{ .Values.preStopSleepSeconds }}
{{- end }}

{{- define "gongzhi.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{- define "gongzhi.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}

{{/* Environment of a subgraph process (API, migration Job, worker): dict root, name. */}}
{{- define "gongzhi.subgraphEnv" -}}
{{- $root := .root }}
{{- $svc := index $root.Values.services .name }}
{{- $secret := include "gongzhi.serviceSecretName" . }}
{{- $shared := include "gongzhi.sharedSecretName" $root }}
- name: NODE_ENV
  value: production
- name: PORT
  value: {{ $svc.port | quote }}
- name: LOG_LEVEL
  value: {{ $root.Values.logLevel | quote }}
- name: SERVICE_VERSION
  value: {{ include "gongzhi.imageTag" (dict "root" $root "image" $svc.image) | quote }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: DATABASE_URL
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $shared }}
      key: REDIS_URL
- name: GATEWAY_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $shared }}
      key: GATEWAY_SECRET
- name: JWKS_URL
  value: {{ include "gongzhi.jwksUrl" $root | quote }}
{{- if eq .name "identity" }}
{{- $keys := list "JWT_PRIVATE_JWK" "ID_ENCRYPTION_KEY" "ID_HASH_KEY" }}
{{- if $root.Values.services.mall.enabled }}
{{- /* The mall's OAuth client, created at boot; it holds the mall's secret, so it lives in the Secret. */}}
{{- $keys = append $keys "INTERNAL_CLIENTS" }}
{{- end }}
{{- range $keys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ . }}
{{- end }}
{{- end }}
{{- if eq .name "issues" }}
{{- /* SLA queues are served by the per-county sla-worker Deployments, never by the API pods. */}}
- name: INLINE_WORKER_COUNTIES
  value: ""
{{- end }}
{{- if eq .name "mall" }}
- name: GATEWAY_URL
  value: {{ include "gongzhi.gatewayUrl" $root | quote }}
- name: MALL_CLIENT_ID
  value: {{ $svc.clientId | quote }}
- name: MALL_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: MALL_CLIENT_SECRET
{{- end }}
{{- with $svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The mall spends points and verifies household codes through the supergraph, like any integrator. */}}
{{- define "gongzhi.gatewayUrl" -}}
{{- printf "http://%s:%v/graphql" (include "gongzhi.componentName" (dict "root" . "component" "gateway")) .Values.gateway.port }}
{{- end }}

{{/* identity's INTERNAL_CLIENTS: the mall's client, with the same secret the mall's Secret holds. */}}
{{- define "gongzhi.internalClients" -}}
{{- $mall := .Values.services.mall }}
{{- $clients := list }}
{{- if $mall.enabled }}
{{- $clients = append $clients (dict "clientId" $mall.clientId "clientSecret" $mall.clientSecret "name" "积分超市 (mall service)" "scopes" (list "points:spend" "household:verify") "regionCode" "510000000000") }}
{{- end }}
{{- toJson $clients }}
{{- end }}

{{- define "gongzhi.jwksUrl" -}}
{{- printf "http://%s:%v/.well-known/jwks.json" (include "gongzhi.componentName" (dict "root" . "component" "identity")) .Values.services.identity.port }}
{{- end }}

{{/* "identity=http://…:4001/graphql,points=…" for every enabled subgraph. */}}
{{- define "gongzhi.subgraphUrls" -}}
{{- $root := . }}
{{- $urls := list }}
{{- range $name := splitList " " (include "gongzhi.subgraphNames" .) }}
{{- $svc := index $root.Values.services $name }}
{{- if $svc.enabled }}
{{- $urls = append $urls (printf "%s=http://%s:%v/graphql" $name (include "gongzhi.componentName" (dict "root" $root "component" $name)) $svc.port) }}
{{- end }}
{{- end }}
{{- join "," $urls }}
{{- end }}

{{/* NetworkPolicy egress rule: dict peers, port [, udp]. */}}
{{- define "gongzhi.egressRule" -}}
- to:
    {{- toYaml .peers | nindent 4 }}
  ports:
    - protocol: TCP
      port: {{ .port }}
    {{- if .udp }}
    - protocol: UDP
      port: {{ .port }}
    {{- end }}
{{- end }}

{{/* checksum/config: changes whenever a chart-made Secret or the supergraph changes. */}}
{{- define "gongzhi.configChecksum" -}}
{{- $secrets := include (print .Template.BasePath "/secrets.yaml") . }}
{{- $supergraph := include (print .Template.BasePath "/configmap-supergraph.yaml") . }}
{{- print $secrets $supergraph | sha256sum }}
{{- end }}

{{/* Chart-made Secrets exist before the migration hooks run. */}}
{{- define "gongzhi.secretHookAnnotations" -}}
helm.sh/hook: pre-install,pre-upgrade
helm.sh/hook-weight: "-10"
helm.sh/hook-delete-policy: before-hook-creation
helm.sh/resource-policy: keep
{{- end }}
