// Command dualchain runs a hospital node of the dualchain EMR system: a
// working chain that carries the medical-record business, a verification
// chain (Ethereum) that holds checkpoints of it, and the services between.
//
// Run "dualchain --help" for the commands; "dualchain up" starts everything
// on the embedded defaults.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	gethlog "github.com/ethereum/go-ethereum/log"
	"github.com/urfave/cli/v2"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitError carries an exit status with a message for the user.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErr marks an error in how the command was called (exit status 2).
func usageErr(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

// Main runs the dualchain command line with args (args[0] is the program
// name) and returns the process exit status: 0 on success, 1 when the work
// failed, 2 when the command line was wrong. The end-to-end tests call it
// exactly as main does.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.RunContext(ctx, args)
	if err == nil {
		return 0
	}
	// One line, saying what went wrong and what to do.
	msg := strings.ReplaceAll(err.Error(), "\n", "; ")
	fmt.Fprintf(stderr, "dualchain: %s\n", msg)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:  "dualchain",
		Usage: "tamper-evident electronic medical records on a verification–working dual chain",
		Description: `dualchain keeps hospitals' EMR business (identities, patients, record
pointers, consent) on a small working chain and anchors checkpoints of that
chain into a large public chain (the verification chain, Ethereum), so that
nobody, not even a majority of the hospitals, can silently rewrite history.

Start here:
  dualchain up            start both chains in-process on 127.0.0.1, deploy the
                          contracts and print the endpoints and dev accounts
  dualchain up --help     every flag of up (each also settable by environment)

Every flag can also be set by the environment variable shown in its help.`,
		Writer:                 stdout,
		ErrWriter:              stderr,
		HideHelpCommand:        true,
		UseShortOptionHandling: true,
		Suggest:                true,
		Flags:                  logFlags(),
		Commands: append([]*cli.Command{
			upCommand(),
			devnetCommand(),
			nodeCommand(),
			consortiumCommand(),
			forkCommand(),
			reindexCommand(),
			statusCommand(),
			incidentsCommand(),
			attackCommand(),
			restoreCommand(),
			verifyCommand(),
			benchCommand(),
			devchainCommand(),
			versionCommand(),
		}, clientCommands()...),
		Before: func(c *cli.Context) error {
			return setupLogging(c, stderr)
		},
		OnUsageError: onUsageError,
		// Errors are printed once, on one line, by Main.
		ExitErrHandler: func(*cli.Context, error) {},
	}
	app.Action = func(c *cli.Context) error {
		if c.Args().Present() {
			return usageErr("unknown command %q; run 'dualchain --help' for the list", c.Args().First())
		}
		return cli.ShowAppHelp(c)
	}
	for _, cmd := range app.Commands {
		cmd.OnUsageError = onUsageError
	}
	return app
}

func onUsageError(c *cli.Context, err error, isSubcommand bool) error {
	name := "dualchain"
	if c.Command != nil && c.Command.Name != "" {
		name = "dualchain " + c.Command.Name
	}
	return usageErr("%v; run '%s --help' for the flags", err, name)
}

// logFlags are accepted by every command.
func logFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "log-level", Value: "info", Usage: "log level: debug, info, warn, error", EnvVars: []string{"DUALCHAIN_LOG_LEVEL"}},
		&cli.StringFlag{Name: "log-format", Value: "text", Usage: "log format: text or json", EnvVars: []string{"DUALCHAIN_LOG_FORMAT"}},
		&cli.StringFlag{Name: "geth-log-level", Value: "error", Usage: "level of go-ethereum's own logs", EnvVars: []string{"DUALCHAIN_GETH_LOG_LEVEL"}},
	}
}

type loggerKey struct{}

// setupLogging builds the slog logger from the flags, stores it in the
// app's metadata and routes go-ethereum's global logger into it.
func setupLogging(c *cli.Context, stderr io.Writer) error {
	level, err := parseLevel(c.String("log-level"))
	if err != nil {
		return usageErr("--log-level: %v", err)
	}
	gethLevel, err := parseLevel(c.String("geth-log-level"))
	if err != nil {
		return usageErr("--geth-log-level: %v", err)
	}
	var h slog.Handler
	switch c.String("log-format") {
	case "text":
		h = slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})
	case "json":
		h = slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level})
	default:
		return usageErr("--log-format %q: want text or json", c.String("log-format"))
	}
	logger := slog.New(h)
	c.App.Metadata = map[string]any{"logger": logger}
	// go-ethereum logs through its own global root logger; this is the one
	// place dualchain touches it.
	gethlog.SetDefault(gethlog.NewLogger(levelFilter{h: logger.With("component", "geth").Handler(), min: gethLevel}))
	return nil
}

func loggerFrom(c *cli.Context) *slog.Logger {
	if l, ok := c.App.Metadata["logger"].(*slog.Logger); ok {
		return l
	}
	return slog.New(slog.DiscardHandler)
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("unknown level %q (want debug, info, warn or error)", s)
	}
	return l, nil
}

// levelFilter drops records below min before they reach h.
type levelFilter struct {
	h   slog.Handler
	min slog.Level
}

func (f levelFilter) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= f.min && f.h.Enabled(ctx, l)
}
func (f levelFilter) Handle(ctx context.Context, r slog.Record) error { return f.h.Handle(ctx, r) }
func (f levelFilter) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFilter{h: f.h.WithAttrs(a), min: f.min}
}
func (f levelFilter) WithGroup(n string) slog.Handler {
	return levelFilter{h: f.h.WithGroup(n), min: f.min}
}
