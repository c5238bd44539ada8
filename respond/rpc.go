package respond

import (
	"context"
	"errors"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
)

// ErrCannotAdopt means the working chain is not this process's to rewind:
// a consortium validator (or an external node). Its archive can still be
// repaired; a rewritten chain is undone by its validator re-syncing from
// honest peers, or, against a majority, by the honest members' hard fork.
var ErrCannotAdopt = errors.New("respond: this node's working chain is a consortium validator or an external node, which cannot adopt blocks from the archive; a rewrite by a majority calls for a hard fork")

// RPCChain is a working chain reached over JSON-RPC only, as Restore needs
// it: it repairs this node's archive from the chain and refuses to adopt.
func RPCChain(c *ethclient.Client) Chain { return rpcChain{c} }

type rpcChain struct{ *ethclient.Client }

func (rpcChain) Adopt(context.Context, []*types.Block, []*types.Transaction) (common.Hash, error) {
	return common.Hash{}, ErrCannotAdopt
}
