package main

import (
	"context"
	"log/slog"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/deploy"
	"github.com/ethereum/go-ethereum/common"
)

// devHospitalName is the founding hospital of a single-node deployment.
const devHospitalName = "dualchain dev hospital"

// deployWorking makes sure the EMR contracts exist on the working chain,
// with the node's account as the founding hospital.
func deployWorking(ctx context.Context, log *slog.Logger, path string, s *chain.Sender) (map[string]common.Address, error) {
	d := &deploy.Deployer{Path: path, Role: "working", Sender: s, Logger: log}
	return d.Ensure(ctx, deploy.WorkingContracts([]common.Address{s.From()}, []string{devHospitalName}))
}

// deployVerification makes sure the AnchorRegistry exists on the
// verification chain with the working chain registered and member as its
// member.
func deployVerification(ctx context.Context, log *slog.Logger, path string, s *chain.Sender, workingChainID uint64, member common.Address) (map[string]common.Address, error) {
	d := &deploy.Deployer{Path: path, Role: "verification", Sender: s, Logger: log}
	return d.Ensure(ctx, deploy.VerificationContracts(workingChainID, []common.Address{member}))
}
