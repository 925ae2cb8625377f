package main

import (
	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func runAPIServer() int {
	return cli.Run(app.NewAPIServerCommand())
}
