// Package contracts holds dualchain's Solidity sources (src/), their
// compiled ABI and bytecode (build/), and the abigen v2 Go bindings
// (bindings/). Everything but src/ is generated:
//
//	(cd contracts && npm ci)   # the pinned solc, see package.json
//	go generate ./contracts/...
//
// regenerates build/ and bindings/ byte for byte; CI fails if the committed
// files differ. The EVM version (prague) matches devchain.EVMVersion.
package contracts

//go:generate sh -c "test -d node_modules/solc || npm ci --no-audit --no-fund --silent"
//go:generate node compile.js
//go:generate go tool abigen --v2 --abi build/Identity.abi --bin build/Identity.bin --pkg bindings --type Identity --out bindings/identity.go
//go:generate go tool abigen --v2 --abi build/EMR.abi --bin build/EMR.bin --pkg bindings --type EMR --out bindings/emr.go
//go:generate go tool abigen --v2 --abi build/AnchorRegistry.abi --bin build/AnchorRegistry.bin --pkg bindings --type AnchorRegistry --out bindings/anchor_registry.go
