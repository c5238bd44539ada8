package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the tests run the real binary as a separate process: when
// DUALCHAIN_TEST_MAIN is set, the test binary behaves exactly like
// cmd/dualchain (same Main, same signals) instead of running tests.
func TestMain(m *testing.M) {
	if os.Getenv("DUALCHAIN_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// proc is a dualchain process started by a test.
type proc struct {
	cmd    *exec.Cmd
	stdout *bufio.Reader
	stderr *syncBuf
	done   chan error
}

// startProc runs "dualchain args..." as a child process, stopped with
// SIGINT (then killed) when the test ends.
func startProc(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "DUALCHAIN_TEST_MAIN=1"), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, stdout: bufio.NewReader(out), stderr: &syncBuf{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.stop(t)
		}
		if t.Failed() {
			t.Logf("stderr of dualchain %s:\n%s", strings.Join(args, " "), p.stderr.String())
		}
	})
	return p
}

// readJSON decodes the first stdout line into v, failing after limit.
func (p *proc) readJSON(t *testing.T, limit time.Duration, v any) {
	t.Helper()
	lines := make(chan string, 1)
	go func() {
		line, _ := p.stdout.ReadString('\n')
		lines <- line
	}()
	select {
	case line := <-lines:
		if err := json.Unmarshal([]byte(line), v); err != nil {
			t.Fatalf("stdout line %q: %v\nstderr:\n%s", line, err, p.stderr.String())
		}
	case err := <-p.done:
		p.done <- err
		t.Fatalf("dualchain exited early (%v)\nstderr:\n%s", err, p.stderr.String())
	case <-time.After(limit):
		t.Fatalf("no summary within %v\nstderr:\n%s", limit, p.stderr.String())
	}
}

// stop sends SIGINT and waits for a clean exit.
func (p *proc) stop(t *testing.T) error {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-p.done:
		return err
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		t.Errorf("dualchain did not stop within 30s of SIGINT")
		return <-p.done
	}
}

// syncBuf collects a child's stderr while the test reads it.
type syncBuf struct {
	mu sync.Mutex // protects b
	b  strings.Builder
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runMain runs Main in-process and returns its exit status and output.
func runMain(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code = Main(ctx, append([]string{"dualchain"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}
