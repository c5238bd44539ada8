package deploy

import (
	"context"
	"fmt"

	"github.com/dualchain/dualchain/chain"
	"github.com/dualchain/dualchain/contracts/bindings"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Names of the deployed contracts, as keys in the deployments file and in
// the startup summary.
const (
	IdentityName       = "Identity"
	EMRName            = "EMR"
	AnchorRegistryName = "AnchorRegistry"
)

// WorkingContracts returns the working-chain contracts: Identity with the
// given founding hospitals (admin accounts; each name is committed by its
// keccak256 hash only), then EMR bound to it.
func WorkingContracts(founders []common.Address, names []string) []Contract {
	return []Contract{
		{
			Name: IdentityName,
			InitCode: func(map[string]common.Address) ([]byte, error) {
				if len(founders) == 0 || len(founders) != len(names) {
					return nil, fmt.Errorf("need one name per founding hospital (got %d founders, %d names)", len(founders), len(names))
				}
				hashes := make([][32]byte, len(names))
				for i, n := range names {
					hashes[i] = crypto.Keccak256Hash([]byte(n))
				}
				return append(common.FromHex(bindings.IdentityMetaData.Bin), bindings.NewIdentity().PackConstructor(founders, hashes)...), nil
			},
		},
		{
			Name: EMRName,
			InitCode: func(deployed map[string]common.Address) ([]byte, error) {
				return append(common.FromHex(bindings.EMRMetaData.Bin), bindings.NewEMR().PackConstructor(deployed[IdentityName])...), nil
			},
		},
	}
}

// VerificationContracts returns the AnchorRegistry, with the working chain
// registered (from height 0) with the given members if nobody registered it
// yet. On a shared public chain someone else may own the registration of
// that chain id; then the node's account must already be a member.
func VerificationContracts(workingChainID uint64, members []common.Address) []Contract {
	reg := bindings.NewAnchorRegistry()
	regABI := reg.GetABI()
	return []Contract{{
		Name: AnchorRegistryName,
		InitCode: func(map[string]common.Address) ([]byte, error) {
			return common.FromHex(bindings.AnchorRegistryMetaData.Bin), nil
		},
		Setup: func(ctx context.Context, s *chain.Sender, addr common.Address) error {
			info, err := chain.Call(ctx, s, addr, reg.PackChainInfo(workingChainID), reg.UnpackChainInfo)
			if err != nil {
				return err
			}
			if info.Registered {
				ok, err := chain.Call(ctx, s, addr, reg.PackIsMember(workingChainID, s.From()), reg.UnpackIsMember)
				if err != nil {
					return err
				}
				if !ok {
					return fmt.Errorf("working chain %d is registered in the AnchorRegistry at %s without this node's account %s; ask its members to vote it in", workingChainID, addr, s.From())
				}
				return nil
			}
			if _, err := s.Transact(ctx, addr, reg.PackRegisterChain(workingChainID, 0, members)); err != nil {
				return fmt.Errorf("register working chain %d: %w", workingChainID, chain.DecodeRevert(err, &regABI))
			}
			return nil
		},
	}}
}
