#!/usr/bin/env bash
# A real Kubernetes control plane for the integration tests: etcd + kube-apiserver on loopback, no
# nodes. The binaries are built from the Go module proxy (see k8s-tools/) and cached outside the
# work tree; they are rebuilt only when missing.
#
#   e2e/kube-env.sh build   build (or reuse) the binaries; prints their directory
#   e2e/kube-env.sh up      build if needed, start, wait until ready; prints `export KUBECONFIG=…`
#   e2e/kube-env.sh down    stop and clean up
#   e2e/kube-env.sh restart-apiserver   stop kube-apiserver and start it again (etcd keeps the data)
#   e2e/kube-env.sh helm    build (or reuse) the helm CLI; prints its path
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
K8S_VERSION="$(awk '$1 == "k8s.io/kubernetes" {print $2; exit}' "$HERE/k8s-tools/go.mod")"
ETCD_VERSION="$(awk '$1 == "go.etcd.io/etcd/server/v3" {print $2; exit}' "$HERE/k8s-tools/go.mod")"
CACHE="${LLMCOST_K8S_CACHE:-$HOME/.cache/llm-cost-operator/k8s/$K8S_VERSION}"
HELM_VERSION="$(awk '$1 == "require" && $2 == "helm.sh/helm/v3" {print $3; exit}' "$HERE/helm-tools/go.mod")"
HELM_CACHE="${LLMCOST_HELM_CACHE:-$HOME/.cache/llm-cost-operator/helm/$HELM_VERSION}"
STATE="${LLMCOST_KUBE_ENV_DIR:-/tmp/llmcost-kube-env}"
ETCD_PORT="${LLMCOST_ETCD_PORT:-23790}"
API_PORT="${LLMCOST_API_PORT:-6443}"

log() { echo "kube-env: $*" >&2; }

build() {
  if [ -x "$CACHE/kube-apiserver" ] && [ -x "$CACHE/etcd" ]; then
    log "reusing kube-apiserver $K8S_VERSION and etcd $ETCD_VERSION from $CACHE"
    echo "$CACHE"
    return
  fi
  mkdir -p "$CACHE"
  local started=$SECONDS minor="${K8S_VERSION#v1.}"
  minor="${minor%%.*}"
  log "building kube-apiserver $K8S_VERSION and etcd $ETCD_VERSION into $CACHE (first time only)"
  (
    cd "$HERE/k8s-tools"
    export CGO_ENABLED=0 GOFLAGS=-mod=mod
    go build -trimpath -ldflags "-s -w \
      -X k8s.io/component-base/version.gitVersion=$K8S_VERSION \
      -X k8s.io/component-base/version.gitMajor=1 \
      -X k8s.io/component-base/version.gitMinor=$minor \
      -X k8s.io/component-base/version.gitTreeState=clean \
      -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION" \
      -o "$CACHE/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver
    go build -trimpath -ldflags "-s -w" -o "$CACHE/etcd.tmp" go.etcd.io/etcd/server/v3
  )
  mv "$CACHE/kube-apiserver.tmp" "$CACHE/kube-apiserver"
  mv "$CACHE/etcd.tmp" "$CACHE/etcd"
  log "built in $((SECONDS - started)) s"
  echo "$CACHE"
}

helm_build() {
  if [ ! -x "$HELM_CACHE/helm" ]; then
    mkdir -p "$HELM_CACHE"
    local started=$SECONDS
    log "building helm $HELM_VERSION into $HELM_CACHE (first time only)"
    (
      cd "$HERE/helm-tools"
      # as helm's Makefile does: the Kubernetes version helm assumes offline is its client-go's
      local client_go minor
      client_go="$(GOFLAGS=-mod=mod go list -f '{{.Version}}' -m k8s.io/client-go)"
      minor="$(echo "$client_go" | cut -d. -f2)"
      CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath \
        -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION \
          -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$minor \
          -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$minor" \
        -o "$HELM_CACHE/helm.tmp" helm.sh/helm/v3/cmd/helm
    )
    mv "$HELM_CACHE/helm.tmp" "$HELM_CACHE/helm"
    log "built helm in $((SECONDS - started)) s"
  fi
  echo "$HELM_CACHE/helm"
}

certs() {
  local dir="$STATE/pki"
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=llmcost-test-ca" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  cat > "$dir/server.ext" <<EXT
subjectAltName = IP:127.0.0.1, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default.svc
extendedKeyUsage = serverAuth
EXT
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
  client_cert admin "system:masters"
  openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
}

client_cert() { # name, organization
  local dir="$STATE/pki"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$1/O=$2" \
    -keyout "$dir/$1.key" -out "$dir/$1.csr" 2>/dev/null
  printf 'extendedKeyUsage = clientAuth\n' > "$dir/client.ext"
  openssl x509 -req -in "$dir/$1.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/client.ext" -out "$dir/$1.crt" 2>/dev/null
}

kubeconfig() { # file, user, cert, key | token
  local file="$1" user="$2"
  shift 2
  kubectl config --kubeconfig "$file" set-cluster test --server "https://127.0.0.1:$API_PORT" \
    --certificate-authority "$STATE/pki/ca.crt" --embed-certs >/dev/null
  if [ "$1" = "--token" ]; then
    kubectl config --kubeconfig "$file" set-credentials "$user" --token "$2" >/dev/null
  else
    kubectl config --kubeconfig "$file" set-credentials "$user" --client-certificate "$1" \
      --client-key "$2" --embed-certs >/dev/null
  fi
  kubectl config --kubeconfig "$file" set-context test --cluster test --user "$user" >/dev/null
  kubectl config --kubeconfig "$file" use-context test >/dev/null
}

up() {
  local bin
  bin="$(build)"
  down >/dev/null 2>&1 || true
  mkdir -p "$STATE"
  certs
  "$bin/etcd" --data-dir "$STATE/etcd" --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
    --unsafe-no-fsync --log-level warn > "$STATE/etcd.log" 2>&1 &
  echo $! > "$STATE/etcd.pid"
  start_apiserver "$bin"
  kubeconfig "$STATE/admin.kubeconfig" admin "$STATE/pki/admin.crt" "$STATE/pki/admin.key"
  wait_ready
  # The operator's own identity: a ServiceAccount whose token the tests use as a second kubeconfig.
  local k="kubectl --kubeconfig $STATE/admin.kubeconfig"
  $k create namespace llm-cost-system >/dev/null 2>&1 || true
  $k -n llm-cost-system create serviceaccount llm-cost-operator >/dev/null 2>&1 || true
  local token
  token="$($k -n llm-cost-system create token llm-cost-operator --duration 24h)"
  kubeconfig "$STATE/operator.kubeconfig" llm-cost-operator --token "$token"
  log "ready: kube-apiserver $K8S_VERSION, etcd $ETCD_VERSION (admin: $STATE/admin.kubeconfig, operator: $STATE/operator.kubeconfig)"
  echo "export KUBECONFIG=$STATE/admin.kubeconfig"
}

start_apiserver() {
  "$1/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --secure-port "$API_PORT" --advertise-address 127.0.0.1 \
    --cert-dir "$STATE/pki" --tls-cert-file "$STATE/pki/server.crt" --tls-private-key-file "$STATE/pki/server.key" \
    --client-ca-file "$STATE/pki/ca.crt" \
    --service-account-key-file "$STATE/pki/sa.pub" --service-account-signing-key-file "$STATE/pki/sa.key" \
    --service-account-issuer https://kubernetes.default.svc \
    --authorization-mode RBAC --service-cluster-ip-range 10.0.0.0/24 \
    --allow-privileged=true --disable-admission-plugins ServiceAccount --endpoint-reconciler-type none \
    >> "$STATE/kube-apiserver.log" 2>&1 &
  echo $! > "$STATE/kube-apiserver.pid"
}

wait_ready() {
  local deadline=$((SECONDS + 120))
  until kubectl --kubeconfig "$STATE/admin.kubeconfig" get --raw /readyz >/dev/null 2>&1; do
    if [ $SECONDS -gt $deadline ] || ! kill -0 "$(cat "$STATE/kube-apiserver.pid")" 2>/dev/null; then
      log "kube-apiserver did not become ready; last log lines:"
      tail -20 "$STATE/kube-apiserver.log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

restart_apiserver() {
  local pid
  pid="$(cat "$STATE/kube-apiserver.pid")"
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  start_apiserver "$(build)"
  wait_ready
  log "kube-apiserver restarted"
}

down() {
  for p in kube-apiserver etcd; do
    if [ -f "$STATE/$p.pid" ]; then
      kill "$(cat "$STATE/$p.pid")" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$(cat "$STATE/$p.pid")" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$(cat "$STATE/$p.pid")" 2>/dev/null || true
    fi
  done
  rm -rf "$STATE"
  log "stopped"
}

case "${1:-}" in
  build) build ;;
  up) up ;;
  down) down ;;
  restart-apiserver) restart_apiserver ;;
  helm) helm_build ;;
  *) echo "usage: $0 build|up|down|restart-apiserver|helm" >&2; exit 2 ;;
esac
