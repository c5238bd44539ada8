package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The parts of the evaluation, in the order Evaluate runs them.
const (
	PartModule     = "module"     // EMR operations, single vs dual; working and verification chain
	PartEMR        = "emr"        // record writes vs raw transactions; reads; 1 MiB
	PartAnchoring  = "anchoring"  // gas and proofs by checkpoint size
	PartAttack     = "attack"     // detection, restore, records lost
	PartGrowth     = "growth"     // costs against chain length and record count
	PartConsortium = "consortium" // EMR writes on CometBFT validators beside the dev chain
)

// Parts lists every part of the evaluation.
var Parts = []string{PartModule, PartEMR, PartAnchoring, PartAttack, PartGrowth, PartConsortium}

// ErrPartsFailed is returned by Evaluate when a part failed; the report is
// written anyway and says which.
var ErrPartsFailed = errors.New("bench: some parts of the evaluation failed")

// EvalConfig configures Evaluate.
type EvalConfig struct {
	// Quick is the short run (≤ 3 minutes on 2 cores); otherwise the full
	// run (≤ 15 minutes).
	Quick bool
	// Tiny shrinks every setting further, for tests of the code paths.
	Tiny bool
	// Out is the directory for evaluation.json, evaluation.md and the
	// plots; created if missing.
	Out string
	// Report is where the Markdown report goes; default Out/evaluation.md.
	// Its plot links are relative to its own directory.
	Report string
	// Parts selects parts (see Parts); empty = all.
	Parts []string
	// Command is how the run was started, quoted in the report; Note is
	// free text for it (e.g. what else loaded the machine).
	Command string
	Note    string
	// Log receives one line per step; Progress hears steps done of total.
	// Both may be nil.
	Log      func(format string, args ...any)
	Progress func(done, total int)
	Logger   *slog.Logger
}

// Settings are the sizes a run used, recorded in the report.
type Settings struct {
	Mode       string           `json:"mode"` // "full", "quick" or "tiny"
	Module     ModuleConfig     `json:"module"`
	EMR        EMRConfig        `json:"emr"`
	Anchoring  AnchoringConfig  `json:"anchoring"`
	Attack     AttackSettings   `json:"attack"`
	Growth     GrowthConfig     `json:"growth"`
	Consortium ConsortiumConfig `json:"consortium"`
}

// AttackSettings are the sizes of the attack part (AttackConfig's numbers).
type AttackSettings struct {
	Trials        int    `json:"trials"`
	RestoreBlocks uint64 `json:"restoreBlocks"`
	// ScenarioTrials, HaltTrials and FalseCheckpointTrials are the trials
	// of the other scenarios (AttackConfig).
	ScenarioTrials        int `json:"scenarioTrials"`
	HaltTrials            int `json:"haltTrials"`
	FalseCheckpointTrials int `json:"falseCheckpointTrials"`
}

// Host describes the machine in more detail than Machine.
type Host struct {
	CPUModel string  `json:"cpuModel"`
	Cores    int     `json:"cores"`
	RAMGiB   float64 `json:"ramGiB"`
	Kernel   string  `json:"kernel"`
	Go       string  `json:"go"`
	OS       string  `json:"os"`
	// LoadBefore and LoadAfter are /proc/loadavg at the start and the end.
	LoadBefore string `json:"loadBefore"`
	LoadAfter  string `json:"loadAfter"`
}

// PartStatus says how a part went.
type PartStatus struct {
	Part    string  `json:"part"`
	Status  string  `json:"status"` // "ok", "failed", "skipped", "not built"
	Detail  string  `json:"detail,omitempty"`
	Seconds float64 `json:"seconds"`
}

// EvalResult is the whole evaluation: evaluation.json.
type EvalResult struct {
	Command   string           `json:"command"`
	Note      string           `json:"note,omitempty"`
	Started   time.Time        `json:"started"`
	Seconds   float64          `json:"seconds"`
	Host      Host             `json:"host"`
	Settings  Settings         `json:"settings"`
	Parts     []PartStatus     `json:"parts"`
	Module    *ModuleResult    `json:"module,omitempty"`
	EMR       *EMRResult       `json:"emr,omitempty"`
	Anchoring *AnchoringResult `json:"anchoring,omitempty"`
	Attack    *AttackResult    `json:"attack,omitempty"`
	// AttackLargeError is why the RestoreBlocks-deep rewrite failed when
	// the attack part fell back to a shallower one.
	AttackLargeError string            `json:"attackLargeError,omitempty"`
	Growth           *GrowthResult     `json:"growth,omitempty"`
	Consortium       *ConsortiumResult `json:"consortium,omitempty"`
	// Report is the Markdown report's path; Files are the JSON and the
	// plots, relative to Out.
	Report string   `json:"report"`
	Files  []string `json:"files"`
}

func settingsFor(cfg EvalConfig) Settings {
	switch {
	case cfg.Tiny:
		return Settings{Mode: "tiny",
			Module:     ModuleConfig{Samples: 2, PerType: 1, Attachments: 1, Writes: 8, Concurrency: 2, Transfers: 6},
			EMR:        EMRConfig{Writes: 8, Reads: 10, Concurrency: 2},
			Anchoring:  AnchoringConfig{Sizes: []uint64{16, 32}, Checks: 3},
			Attack:     AttackSettings{Trials: 2, RestoreBlocks: 40, ScenarioTrials: 1, HaltTrials: 1, FalseCheckpointTrials: 1},
			Growth:     GrowthConfig{Lengths: []uint64{200, 600}, SealBlocks: 300, Records: []int{6, 12}, Checks: 3},
			Consortium: ConsortiumConfig{Validators: 2, Writes: 8, Writers: 2, Blocks: 3}}
	case cfg.Quick:
		return Settings{Mode: "quick",
			Module:     ModuleConfig{Samples: 6, PerType: 3, Attachments: 3, Writes: 40, Concurrency: 8, Transfers: 40},
			EMR:        EMRConfig{Writes: 50, Reads: 100, Concurrency: 8},
			Anchoring:  AnchoringConfig{Sizes: []uint64{16, 128, 1024}, Checks: 20},
			Attack:     AttackSettings{Trials: 20, RestoreBlocks: 200, ScenarioTrials: 3, HaltTrials: 3, FalseCheckpointTrials: 3},
			Growth:     GrowthConfig{Lengths: []uint64{1_000, 3_000, 10_000, 30_000}, SealBlocks: 3_000, Records: []int{50, 200}, Checks: 20},
			Consortium: ConsortiumConfig{Validators: 4, Writes: 24, Writers: 8, Blocks: 3}}
	default:
		return Settings{Mode: "full",
			Module:     ModuleConfig{Samples: 40, PerType: 40, Attachments: 16, Writes: 200, Concurrency: 8, Transfers: 100},
			EMR:        EMRConfig{Writes: 1200, Reads: 1000, Concurrency: 8},
			Anchoring:  AnchoringConfig{Sizes: []uint64{16, 32, 64, 128, 256, 512, 1024}, Checks: 100},
			Attack:     AttackSettings{Trials: 100, RestoreBlocks: 1000, ScenarioTrials: 100, HaltTrials: 100, FalseCheckpointTrials: 100},
			Growth:     GrowthConfig{Lengths: []uint64{1_000, 3_000, 10_000, 30_000, 100_000}, SealBlocks: 10_000, Records: []int{100, 500, 2_000}, Checks: 50},
			Consortium: ConsortiumConfig{Validators: 4, Writes: 200, Writers: 16, Blocks: 20}}
	}
}

// Evaluate runs the evaluation (every part, or cfg.Parts) on real
// embedded components, then writes evaluation.json, evaluation.md and the
// SVG plots into cfg.Out. A part that fails is reported as failed and the
// others still run; Evaluate then returns the result with ErrPartsFailed.
func Evaluate(ctx context.Context, cfg EvalConfig) (*EvalResult, error) {
	if cfg.Out == "" {
		return nil, errorf("evaluate: no output directory")
	}
	if cfg.Log == nil {
		cfg.Log = func(string, ...any) {}
	}
	if cfg.Progress == nil {
		cfg.Progress = func(int, int) {}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	want := map[string]bool{}
	for _, p := range cfg.Parts {
		if !slices.Contains(Parts, p) {
			return nil, errorf("evaluate: unknown part %q (parts: %s)", p, strings.Join(Parts, ", "))
		}
		want[p] = true
	}
	run := func(p string) bool { return len(want) == 0 || want[p] }
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, errorf("evaluate: %w", err)
	}

	set := settingsFor(cfg)
	res := &EvalResult{Command: cfg.Command, Note: cfg.Note, Started: time.Now().UTC(), Host: thisHost(), Settings: set}
	total := 0
	steps := map[string]int{PartModule: ModuleSteps, PartEMR: 1, PartAnchoring: 1, PartAttack: 1, PartConsortium: 1,
		PartGrowth: len(set.Growth.Lengths) + len(set.Growth.Records)}
	for _, p := range Parts {
		if run(p) {
			total += steps[p]
		}
	}
	var mu sync.Mutex // protects done
	done := 0
	step := func() {
		mu.Lock()
		done++
		d := done
		mu.Unlock()
		cfg.Progress(d, total)
	}
	cfg.Progress(0, total)
	lines := &lineWriter{log: cfg.Log}

	part := func(name string, f func() error) {
		if !run(name) {
			res.Parts = append(res.Parts, PartStatus{Part: name, Status: "skipped", Detail: "not selected"})
			return
		}
		cfg.Log("== %s", name)
		began := time.Now()
		err := f()
		st := PartStatus{Part: name, Status: "ok", Seconds: time.Since(began).Seconds()}
		if err != nil {
			st.Status, st.Detail = "failed", err.Error()
			cfg.Log("%s failed: %v", name, err)
		}
		res.Parts = append(res.Parts, st)
	}
	part(PartModule, func() (err error) {
		c := set.Module
		c.Log, c.Step, c.Logger = cfg.Log, step, cfg.Logger
		res.Module, err = RunModule(ctx, c)
		return err
	})
	part(PartEMR, func() (err error) {
		c := set.EMR
		c.Progress, c.Logger = lines, cfg.Logger
		res.EMR, err = RunEMR(ctx, c)
		step()
		return err
	})
	part(PartAnchoring, func() (err error) {
		c := set.Anchoring
		c.Progress, c.Logger = lines, cfg.Logger
		res.Anchoring, err = RunAnchoring(ctx, c)
		step()
		return err
	})
	part(PartAttack, func() (err error) {
		c := AttackConfig{Trials: set.Attack.Trials, RestoreBlocks: set.Attack.RestoreBlocks, ScenarioTrials: set.Attack.ScenarioTrials,
			HaltTrials: set.Attack.HaltTrials, FalseCheckpointTrials: set.Attack.FalseCheckpointTrials, Progress: lines, Logger: cfg.Logger}
		res.Attack, err = RunAttack(ctx, c)
		if err != nil && ctx.Err() == nil && c.RestoreBlocks > 200 && errors.Is(err, ErrLargeRewrite) {
			// The deep rewrite has failed inside a full node before
			// (docs/attacks.md); say so and measure the rest at 200.
			res.AttackLargeError = err.Error()
			cfg.Log("attack with a %d-block rewrite failed (%v); again with 200 blocks", c.RestoreBlocks, err)
			c.RestoreBlocks = 200
			res.Attack, err = RunAttack(ctx, c)
		}
		step()
		return err
	})
	part(PartGrowth, func() (err error) {
		c := set.Growth
		c.Log, c.Step, c.Logger = cfg.Log, step, cfg.Logger
		res.Growth, err = RunGrowth(ctx, c)
		return err
	})
	part(PartConsortium, func() (err error) {
		c := set.Consortium
		c.Progress, c.Logger = cfg.Log, cfg.Logger
		res.Consortium, err = RunConsortium(ctx, c)
		step()
		return err
	})
	lines.Flush()

	res.Host.LoadAfter = loadavg()
	res.Seconds = time.Since(res.Started).Seconds()
	if err := res.write(cfg.Out, cfg.Report); err != nil {
		return res, err
	}
	for _, p := range res.Parts {
		if p.Status == "failed" {
			return res, fmt.Errorf("%w: %s: %s", ErrPartsFailed, p.Part, p.Detail)
		}
	}
	return res, nil
}

// write puts the plots and evaluation.json into dir and the Markdown
// report at report (default dir/evaluation.md).
func (r *EvalResult) write(dir, report string) error {
	if report == "" {
		report = filepath.Join(dir, "evaluation.md")
	}
	prefix, err := filepath.Rel(filepath.Dir(report), dir)
	if err != nil {
		prefix = dir
	}
	plots := r.plots()
	r.Files = nil
	names := make([]string, 0, len(plots))
	for name := range plots {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(plots[name]), 0o644); err != nil {
			return errorf("write plot: %w", err)
		}
	}
	r.Report = report
	r.Files = append([]string{"evaluation.json"}, names...)
	if err := os.WriteFile(report, []byte(r.Markdown(plots, filepath.ToSlash(prefix))), 0o644); err != nil {
		return errorf("write report: %w", err)
	}
	raw, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return errorf("encode report: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "evaluation.json"), append(raw, '\n'), 0o644); err != nil {
		return errorf("write report: %w", err)
	}
	return nil
}

// lineWriter turns the progress lines the older benchmarks print into
// Log calls.
type lineWriter struct {
	log func(format string, args ...any)
	mu  sync.Mutex // protects buf
	buf bytes.Buffer
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line) // incomplete: keep it
			return len(p), nil
		}
		w.log("%s", strings.TrimRight(line, "\n"))
	}
}

// Flush logs an incomplete last line.
func (w *lineWriter) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.buf.Len() > 0 {
		w.log("%s", w.buf.String())
		w.buf.Reset()
	}
}

var _ io.Writer = (*lineWriter)(nil)

func thisHost() Host {
	h := Host{Cores: runtime.NumCPU(), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH, LoadBefore: loadavg(), CPUModel: "unknown"}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				h.CPUModel = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if raw, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(raw), "\n") {
			if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
				h.RAMGiB = kb / (1 << 20)
			}
		}
	}
	if raw, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		h.Kernel = strings.TrimSpace(string(raw))
	}
	return h
}

func loadavg() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
