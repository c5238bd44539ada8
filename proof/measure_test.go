package proof_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/proof"
)

// breakdown lists the compact-JSON bytes of each field of raw, one level
// into objects.
func breakdown(raw []byte) string {
	var top map[string]json.RawMessage
	json.Unmarshal(raw, &top)
	var b strings.Builder
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "  %-12s %5d\n", k, len(top[k]))
		var sub map[string]json.RawMessage
		if json.Unmarshal(top[k], &sub) == nil {
			sk := make([]string, 0, len(sub))
			for s := range sub {
				sk = append(sk, s)
			}
			sort.Strings(sk)
			for _, s := range sk {
				fmt.Fprintf(&b, "    %-18s %5d\n", s, len(sub[s]))
			}
		}
	}
	return b.String()
}

// TestRecordProofSizes logs the size of record and tx proofs, field by
// field, for a record alone in its block and in blocks of more
// transactions (the trie paths then carry branch nodes); docs/anchoring.md
// quotes it. It fails only if a proof cannot be built or checked.
func TestRecordProofSizes(t *testing.T) {
	ctx := testenv.Context(t, 3*time.Minute)
	e := startRecordEnv(t, ctx, 128)
	var table strings.Builder
	for _, n := range []int{1, 2, 4, 6, 8, 16, 42} {
		// n transactions: the record alone, or two records and n-2
		// plain transfers; of the two, the larger proof (the records
		// race for the last two places, and the last one's proof leaves
		// out the header's gasUsed).
		rec := e.write(t, ctx)
		p := e.prove(t, ctx, rec)
		if n > 1 {
			a, b := e.writeBusy(t, ctx, n-2)
			rec, p = a, e.prove(t, ctx, a)
			pb := e.prove(t, ctx, b)
			ra, _ := json.Marshal(p)
			rb, _ := json.Marshal(pb)
			t.Logf("%d transactions: record proofs of %d bytes (index %d) and %d bytes (index %d)", n, len(ra), p.Tx.Index, len(rb), pb.Tx.Index)
			if len(rb) > len(ra) {
				rec, p = b, pb
			}
		}
		if _, err := proof.Check(ctx, p, e.verif.Client()); err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(p)
		file, _ := proof.Encode(p)
		t.Logf("record proof, %d transactions, tx index %d: %d bytes (%d as written)\n%s", n, p.Tx.Index, len(raw), len(file), breakdown(raw))
		tp, err := e.builder.Tx(ctx, rec.TxHash)
		if err != nil {
			t.Fatal(err)
		}
		traw, _ := json.Marshal(tp)
		tfile, _ := proof.Encode(tp)
		t.Logf("tx proof: %d bytes (%d as written)", len(traw), len(tfile))
		fmt.Fprintf(&table, "| %d (%d) | %d | %d |\n", n, p.Tx.Index, len(raw), len(traw))
	}
	t.Logf("transactions (index) | record proof | tx proof, compact JSON:\n%s", table.String())
}
