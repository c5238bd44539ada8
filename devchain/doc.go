// Package devchain runs an Ethereum execution chain inside the dualchain
// process: a go-ethereum node with the eth service, driven by geth's
// simulated beacon (catalyst.SimulatedBeacon) instead of a consensus client.
//
// dualchain uses two instances side by side in dev mode: the working chain
// that carries the EMR business, and the verification chain that stands in
// for Ethereum and holds the checkpoints. Each has its own chain id and data
// directory, serves JSON-RPC (eth, net, web3) over HTTP and WebSocket on
// 127.0.0.1, and keeps its chain on disk so a restart resumes where it
// stopped.
//
// The chain config is explicit (Genesis, below) and activates the released
// fork set up to Prague only; the EMR contracts are compiled for the same
// EVM version. geth's AllDevChainProtocolChanges is deliberately not used: it
// turns on unreleased forks whose gas schedule differs from any public chain.
package devchain
