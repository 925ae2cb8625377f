// k8s-test-server: a real Kubernetes control plane for the tests of packages/k8s, in one binary built
// from the Go modules (no download of release binaries):
//
//	k8s-test-server etcd --data-dir=DIR --listen-client-url=URL --listen-peer-url=URL
//	k8s-test-server kube-apiserver <kube-apiserver flags>
//	k8s-test-server kubectl <kubectl args>
//
// Built and cached by packages/k8s/scripts/ensure-tools.sh k8s-test-server.
package main

import (
	"os"
)

func main() {
	mode := ""
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	switch mode {
	case "etcd":
		os.Exit(runEtcd(os.Args[2:]))
	case "kube-apiserver":
		os.Args = append([]string{"kube-apiserver"}, os.Args[2:]...)
		os.Exit(runAPIServer())
	case "kubectl":
		os.Args = append([]string{"kubectl"}, os.Args[2:]...)
		os.Exit(runKubectl())
	default:
		os.Stderr.WriteString("usage: k8s-test-server etcd|kube-apiserver|kubectl [flags]\n")
		os.Exit(2)
	}
}
