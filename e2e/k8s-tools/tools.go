//go:build tools

// Package tools pins the Kubernetes control plane the integration tests run on: kube-apiserver
// and etcd, built from the Go module proxy (no release binaries are reachable here).
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
)
