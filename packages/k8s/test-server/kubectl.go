package main

import (
	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
)

func runKubectl() int {
	return cli.Run(cmd.NewDefaultKubectlCommand())
}
