// Command ledgerctl is CityLedger without a window: every capability of the app for
// scripts, CI and the year-end batch. See README.md for the commands.
package main

import (
	"os"

	"cityledger/cmd/ledgerctl/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
