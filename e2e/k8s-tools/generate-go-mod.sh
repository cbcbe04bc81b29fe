#!/usr/bin/env bash
# Writes go.mod for the control-plane tools: k8s.io/kubernetes at one version, every staging module
# it replaces with ./staging/... replaced here by the published v0.X.Y of the same release (the list
# comes from k8s.io/kubernetes's own go.mod), and etcd's server at the version that release uses.
set -euo pipefail
cd "$(dirname "$0")"
K8S_VERSION="${1:-v1.37.2}"
STAGING_VERSION="v0.${K8S_VERSION#v1.}"
modfile=$(go mod download -json "k8s.io/kubernetes@${K8S_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
etcd_version=$(awk '$1 == "go.etcd.io/etcd/server/v3" {print $2; exit}' "$modfile")
go_version=$(awk '$1 == "go" {print $2; exit}' "$modfile")
{
  echo "module llmcost.io/e2e/k8s-tools"
  echo
  echo "go ${go_version}"
  echo
  echo "require ("
  echo "	k8s.io/kubernetes ${K8S_VERSION}"
  echo "	go.etcd.io/etcd/server/v3 ${etcd_version}"
  echo ")"
  echo
  echo "replace ("
  awk '$2 == "=>" && $3 ~ /^\.\/staging\// {print "\t" $1 " => " $1 " '"${STAGING_VERSION}"'"}' "$modfile"
  echo ")"
} > go.mod
GOFLAGS=-mod=mod go mod tidy
echo "go.mod: kubernetes ${K8S_VERSION}, staging ${STAGING_VERSION}, etcd ${etcd_version}"
