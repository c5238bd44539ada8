package main

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBadInvocation checks that every wrong invocation fails with exactly
// one line on stderr that says what to do, a non-zero status and no panic.
func TestBadInvocation(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)

	foreign := t.TempDir()
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("someone else's files"), 0o600)
	notADir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notADir, []byte("x"), 0o600)
	badMarker := t.TempDir()
	os.WriteFile(filepath.Join(badMarker, markerName), []byte("{not json"), 0o600)

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string // substring of the one-line message
	}{
		{"unknown flag", []string{"up", "--no-such-flag"}, 2, "run 'dualchain up --help'"},
		{"unknown global flag", []string{"--bogus"}, 2, "--help"},
		{"unknown command", []string{"upp"}, 2, "unknown command \"upp\""},
		{"bad log level", []string{"--log-level", "loud", "version"}, 2, "want debug, info, warn or error"},
		{"port in use", []string{"up", "--dev", "--data-dir", t.TempDir(), "--working-http-port", busyPort}, 1, "already in use: stop the program using it or pass --working-http-port"},
		{"foreign data dir", []string{"up", "--data-dir", foreign}, 1, "is not a dualchain data dir"},
		{"data dir is a file", []string{"up", "--data-dir", notADir}, 1, "choose another --data-dir"},
		{"corrupt marker", []string{"up", "--data-dir", badMarker}, 1, "is not a dualchain data dir"},
		{"external rpc without key", []string{"up", "--data-dir", t.TempDir(), "--working-rpc", "http://127.0.0.1:1"}, 2, "needs a funded key"},
		{"dead external rpc", []string{"up", "--data-dir", t.TempDir(), "--working-rpc", "http://127.0.0.1:1"}, 1, "check --working-rpc"},
		{"status without a node database", []string{"status", "--data-dir", t.TempDir()}, 1, "start the node with 'dualchain up"},
		{"sub-second period", []string{"up", "--dev", "--data-dir", t.TempDir(), "--working-period", "300ms", "--working-http-port", "0", "--working-ws-port", "0"}, 2, "whole seconds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "dead external rpc" {
				t.Setenv("DUALCHAIN_WORKING_PRIVATE_KEY", "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
			}
			code, _, stderr := runMain(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit status = %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 || stderr == "" {
				t.Errorf("stderr has %d extra lines, want exactly one line: %q", n, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tc.want)
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("stderr shows a panic: %q", stderr)
			}
		})
	}
}
