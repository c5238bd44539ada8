package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

func init() {
	// go-ethereum's internal/flags package replaces urfave/cli's flag
	// formatting with geth's multi-line style when it is linked in; put a
	// compact one-line style back for dualchain's own help.
	cli.FlagStringer = flagString
	cli.HelpFlag = &cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: "show help"}
}

// flagString renders one flag as "--name value<TAB>usage (default: x) [$ENV]".
func flagString(f cli.Flag) string {
	var names []string
	for _, n := range f.Names() {
		if len(n) == 1 {
			names = append(names, "-"+n)
		} else {
			names = append(names, "--"+n)
		}
	}
	out := strings.Join(names, ", ")
	df, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return out
	}
	if df.TakesValue() {
		out += " value"
	}
	out += "\t" + df.GetUsage()
	if d := df.GetDefaultText(); d != "" && d != `""` && d != "false" && d != "0s" {
		out += " (default: " + d + ")"
	} else if v := df.GetValue(); v != "" && v != "false" && v != "0s" && df.TakesValue() {
		out += fmt.Sprintf(" (default: %s)", v)
	}
	if env := df.GetEnvVars(); len(env) > 0 {
		out += " [$" + strings.Join(env, ", $") + "]"
	}
	return out
}
