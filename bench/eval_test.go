package bench_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dualchain/dualchain/bench"
	"github.com/dualchain/dualchain/internal/testenv"
)

// TestEvalTiny runs every part of the evaluation on tiny settings and
// checks the report's structure: the JSON has every part's figures, the
// plots and the Markdown are written and embedded, and no scenario lost a
// record. Figures are never asserted.
func TestEvalTiny(t *testing.T) {
	ctx := testenv.Context(t, 4*time.Minute)
	out := t.TempDir()
	steps, total := 0, 0
	res, err := bench.Evaluate(ctx, bench.EvalConfig{Tiny: true, Out: out, Command: "go test", Log: t.Logf, Logger: testenv.Logger(t),
		Progress: func(done, n int) { steps, total = done, n }})
	if err != nil {
		t.Fatal(err)
	}
	if steps != total || total == 0 {
		t.Errorf("progress ended at %d of %d steps", steps, total)
	}

	raw, err := os.ReadFile(filepath.Join(out, "evaluation.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("evaluation.json: %v", err)
	}
	for _, k := range []string{"command", "host", "settings", "parts", "module", "emr", "anchoring", "attack", "growth", "consortium", "report", "files"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("evaluation.json lacks %q", k)
		}
	}
	statuses := map[string]string{}
	for _, p := range res.Parts {
		statuses[p.Part] = p.Status
	}
	for _, p := range bench.Parts {
		if statuses[p] != "ok" {
			t.Errorf("part %s: got status %q, want ok", p, statuses[p])
		}
	}

	if res.Attack.RecordsLost != 0 || res.Attack.RecordsChecked == 0 || len(res.Attack.DetectMs) != res.Attack.Trials {
		t.Errorf("attack: %d of %d records lost, %d detection samples for %d trials", res.Attack.RecordsLost, res.Attack.RecordsChecked, len(res.Attack.DetectMs), res.Attack.Trials)
	}
	// Every attack scenario ran, detected each trial and lost nothing; the
	// report has its row and the detection CDF its curve.
	names := []string{bench.ScenarioAnchoredRewrite, bench.ScenarioUnanchoredRewrite, bench.ScenarioTamperArchive, bench.ScenarioTamperIPFS, bench.ScenarioHalt, bench.ScenarioFalseCheckpoint}
	if len(res.Attack.Scenarios) != len(names) {
		t.Errorf("attack: %d scenarios, want %d", len(res.Attack.Scenarios), len(names))
	}
	for _, name := range names {
		sc := res.Attack.Scenario(name)
		if sc == nil || sc.Trials == 0 || sc.Detected != sc.Trials || len(sc.DetectMs) != sc.Detected || sc.RecordsLost != 0 || sc.RecordsChecked == 0 || sc.Latency == "" {
			t.Errorf("attack scenario %q: %+v", name, sc)
		}
	}
	if len(res.Module.Ops) < 10 || res.Module.Ops[0].Single.N == 0 || res.Module.Ops[0].Dual.N == 0 {
		t.Errorf("module: %d operations, first %+v", len(res.Module.Ops), res.Module.Ops[0])
	}
	if len(res.Growth.Lengths) != 2 || len(res.Growth.Records) != 2 || res.Growth.Lengths[1].FullCheckMs <= 0 {
		t.Errorf("growth: %+v", res.Growth)
	}

	if res.Report != filepath.Join(out, "evaluation.md") {
		t.Errorf("report at %s, want in %s", res.Report, out)
	}
	md, err := os.ReadFile(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		st, err := os.Stat(filepath.Join(out, f))
		if err != nil || st.Size() == 0 {
			t.Errorf("file %s: %v", f, err)
		}
		if strings.HasSuffix(f, ".svg") {
			svg, _ := os.ReadFile(filepath.Join(out, f))
			if !strings.HasPrefix(string(svg), "<svg") || !strings.HasSuffix(string(svg), "</svg>\n") {
				t.Errorf("%s is not a whole SVG", f)
			}
			if !strings.Contains(string(md), "]("+f+")") {
				t.Errorf("evaluation.md does not embed %s", f)
			}
		}
	}
	if n := strings.Count(strings.Join(res.Files, " "), ".svg"); n != 6 {
		t.Errorf("got %d plots, want 6: %v", n, res.Files)
	}
	cdf, _ := os.ReadFile(filepath.Join(out, "detection-cdf.svg"))
	for _, name := range names {
		side := name == bench.ScenarioAnchoredRewrite || strings.Contains(string(md), "| "+name+": detected") // the anchored rewrite has rows of its own
		if !strings.Contains(string(md), "| "+name+" | `") || !side {
			t.Errorf("evaluation.md lacks the %q rows", name)
		}
		if !strings.Contains(string(cdf), name+" (") {
			t.Errorf("the detection CDF lacks the %q curve", name)
		}
	}
	for _, h := range []string{"## Side by side", "## EMR module", "## Working chain", "## Verification chain", "## Attacks", "## Growth", "## Consortium", "## Not covered here", "**Machine:**"} {
		if !strings.Contains(string(md), h) {
			t.Errorf("evaluation.md lacks %q", h)
		}
	}
}
