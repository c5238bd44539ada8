// Package consortium runs the working chain the way a consortium of
// hospitals does: every hospital runs a validator made of an in-process
// geth and a CometBFT node whose ABCI application drives that geth through
// the Engine API (the design of Omni's Octane). CometBFT orders one
// execution block per height and makes it final at once; geth builds,
// executes and stores the blocks, and serves the usual JSON-RPC, so the rest
// of dualchain (EMR service, archive, anchor agent, guard) works on a
// consortium exactly as on the dev chain.
//
// The facts this package relies on hold for geth v1.17 and CometBFT v0.38
// (see DESIGN.md §3): AppHash is the execution block hash; Info reports
// geth's head so CometBFT replays what geth lacks after a restart;
// PrepareProposal and ProcessProposal never return errors (CometBFT panics
// on them); execution timestamps are whole seconds, so the block time is at
// least 1 s; transactions travel through geth's pool and devp2p, and
// CometBFT's mempool is "nop".
package consortium
