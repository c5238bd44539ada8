package devchain

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
)

// EVMVersion is the fork the chain config activates last and the EVM version
// the contracts are compiled for (solc's evmVersion). Keep the two in step.
const EVMVersion = "prague"

// ChainConfig returns the chain config of a dev chain with the given id:
// every fork up to and including Prague active from genesis, already merged
// (terminal total difficulty 0), and nothing later. It is the same on every
// node, so a restarted node accepts its own database.
func ChainConfig(chainID uint64) *params.ChainConfig {
	zero := uint64(0)
	return &params.ChainConfig{
		ChainID:                 new(big.Int).SetUint64(chainID),
		HomesteadBlock:          big.NewInt(0),
		EIP150Block:             big.NewInt(0),
		EIP155Block:             big.NewInt(0),
		EIP158Block:             big.NewInt(0),
		ByzantiumBlock:          big.NewInt(0),
		ConstantinopleBlock:     big.NewInt(0),
		PetersburgBlock:         big.NewInt(0),
		IstanbulBlock:           big.NewInt(0),
		MuirGlacierBlock:        big.NewInt(0),
		BerlinBlock:             big.NewInt(0),
		LondonBlock:             big.NewInt(0),
		ArrowGlacierBlock:       big.NewInt(0),
		GrayGlacierBlock:        big.NewInt(0),
		TerminalTotalDifficulty: big.NewInt(0),
		ShanghaiTime:            &zero,
		CancunTime:              &zero,
		PragueTime:              &zero,
		BlobScheduleConfig: &params.BlobScheduleConfig{
			Cancun: params.DefaultCancunBlobConfig,
			Prague: params.DefaultPragueBlobConfig,
		},
		// Prague's EIP-6110 reads deposit logs from this address. A dev
		// chain has no deposit contract; the zero address matches no log.
		DepositContractAddress: common.Address{},
	}
}

// Genesis returns the genesis of a dev chain: the Prague system contracts
// (beacon roots, history storage, withdrawal and consolidation queues) and
// the dev accounts, each holding DevBalance. The genesis is a pure function
// of its arguments, so restarting with the same config reopens the same chain
// and a different one is refused by geth as incompatible.
func Genesis(chainID, gasLimit uint64, accounts []Account) *core.Genesis {
	alloc := types.GenesisAlloc{}
	// Only the system contracts Prague calls into; later forks' contracts
	// would make the state differ from a real Prague chain.
	all := core.SystemContractAllocs()
	for _, addr := range []common.Address{
		params.BeaconRootsAddress,
		params.HistoryStorageAddress,
		params.WithdrawalQueueAddress,
		params.ConsolidationQueueAddress,
	} {
		alloc[addr] = all[addr]
	}
	for _, a := range accounts {
		alloc[a.Address] = types.Account{Balance: new(big.Int).Set(DevBalance)}
	}
	return &core.Genesis{
		Config:     ChainConfig(chainID),
		GasLimit:   gasLimit,
		BaseFee:    big.NewInt(params.InitialBaseFee),
		Difficulty: big.NewInt(0),
		// The chain id in the extra data makes the genesis hash, not just
		// the config, differ between chains, so geth refuses to open one
		// chain's database as another's.
		ExtraData: fmt.Appendf(nil, "dualchain:%d", chainID),
		Alloc:     alloc,
	}
}
