{{- define "llmcost.name" -}}llm-cost-operator{{- end -}}

{{- define "llmcost.fullname" -}}
{{- if contains "llm-cost-operator" .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-llm-cost-operator" .Release.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "llmcost.labels" -}}
app.kubernetes.io/name: {{ include "llmcost.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "llmcost.selector" -}}
app.kubernetes.io/name: {{ include "llmcost.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "llmcost.blockEndpoint" -}}
{{- if .Values.operator.blockEndpoint -}}{{ .Values.operator.blockEndpoint }}{{- else -}}http://{{ include "llmcost.fullname" . }}.{{ .Release.Namespace }}.svc:8081/block{{- end -}}
{{- end -}}
