// Package metrics exports a node's dual-chain state to Prometheus. The
// collector reads the node database on every scrape instead of keeping
// counters of its own, so the figures are exactly what status and the
// guard see, and nothing is lost across restarts.
package metrics

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/dualchain/dualchain/store"
	"github.com/prometheus/client_golang/prometheus"
)

// Collector is a prometheus.Collector over a node database.
type Collector struct {
	db      *store.DB
	chainID uint64
	log     *slog.Logger

	archived, anchored, settled, gas, reorgs, pending *prometheus.Desc
	checkpoints, member, incidents                    *prometheus.Desc
	memberSettled                                     *prometheus.Desc

	final atomic.Pointer[func(context.Context) (uint64, error)]
}

// SetFinality gives the collector the verification chain's final height
// (the guard's FinalHeight), so that it can report every member's settled
// height; until then only anchored heights are reported.
func (c *Collector) SetFinality(final func(context.Context) (uint64, error)) {
	c.final.Store(&final)
}

var _ prometheus.Collector = (*Collector)(nil)

// IncidentKinds are reported even when none is open, so that alert rules
// can compare against 0 (the guard's kinds).
var IncidentKinds = []string{"anchored_history_rewritten", "unanchored_history_rewritten", "conflicting_checkpoints",
	"local_data_tampered", "working_chain_halted", "anchoring_stalled"}

// NewCollector returns a collector for the working chain chainID in db.
func NewCollector(db *store.DB, chainID uint64, log *slog.Logger) *Collector {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("dualchain_"+name, help, labels, nil)
	}
	return &Collector{
		db: db, chainID: chainID, log: log.With("component", "metrics"),
		archived:      d("working_archived_head", "Highest working-chain block in this node's archive."),
		anchored:      d("anchored_height", "Highest working-chain block covered by this node's included or settled checkpoints."),
		settled:       d("settled_height", "Highest working-chain block covered by this node's settled checkpoints."),
		gas:           d("checkpoint_gas_total", "Gas this node spent on included checkpoints."),
		reorgs:        d("working_reorgs_total", "Working-chain reorganizations the archive saw."),
		pending:       d("pending_checkpoint_txs", "This node's checkpoints waiting for inclusion (building or sent)."),
		checkpoints:   d("checkpoints", "This node's checkpoints by state.", "state"),
		member:        d("member_anchored_height", "Highest working-chain block each member anchored, from the registry.", "member"),
		memberSettled: d("member_settled_height", "Highest working-chain block each member anchored in a final verification block.", "member"),
		incidents:     d("incidents_open", "Open incidents by kind (rewrites, conflicting checkpoints, tampering, halted chain, stalled anchoring).", "kind"),
	}
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.archived, c.anchored, c.settled, c.gas, c.reorgs, c.pending, c.checkpoints, c.member, c.memberSettled, c.incidents} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := c.db.AnchorStatus(ctx)
	if err != nil {
		c.log.Warn("metrics: read status", "err", err)
		return
	}
	g := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	g(c.archived, float64(st.ArchivedHead))
	if st.LastAnchoredEnd != nil {
		g(c.anchored, float64(*st.LastAnchoredEnd))
	}
	if st.LastSettledEnd != nil {
		g(c.settled, float64(*st.LastSettledEnd))
	}
	ch <- prometheus.MustNewConstMetric(c.gas, prometheus.CounterValue, float64(st.GasSpent))
	ch <- prometheus.MustNewConstMetric(c.reorgs, prometheus.CounterValue, float64(st.Reorgs))
	g(c.pending, float64(st.ByState[store.StateBuilding]+st.ByState[store.StateSent]))
	for _, s := range []store.CheckpointState{store.StateBuilding, store.StateSent, store.StateIncluded, store.StateSettled} {
		g(c.checkpoints, float64(st.ByState[s]), string(s))
	}
	if incs, err := c.db.Incidents(ctx, true); err == nil {
		open := map[string]int{}
		for _, k := range IncidentKinds {
			open[k] = 0
		}
		for _, inc := range incs {
			open[inc.Kind]++
		}
		for k, n := range open {
			g(c.incidents, float64(n), k)
		}
	}
	var final uint64
	haveFinal := false
	if f := c.final.Load(); f != nil {
		if n, err := (*f)(ctx); err == nil {
			final, haveFinal = n, true
		}
	}
	heights, err := c.db.MirrorMemberStatus(ctx, c.chainID, final)
	if err != nil {
		c.log.Warn("metrics: read member heights", "err", err)
		return
	}
	for m, h := range heights {
		g(c.member, float64(h.Anchored), m.Hex())
		if haveFinal && h.Settled != nil {
			g(c.memberSettled, float64(*h.Settled), m.Hex())
		}
	}
}
