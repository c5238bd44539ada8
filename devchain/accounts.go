package devchain

import (
	"crypto/ecdsa"
	"encoding/binary"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// DefaultSeed is the seed of the dev accounts when none is configured. Like
// anvil's and ganache's well-known mnemonics, the keys it yields are public:
// never send real value to them.
const DefaultSeed = "dualchain dev seed"

// Account is a prefunded dev account.
type Account struct {
	Address common.Address
	Key     *ecdsa.PrivateKey
}

// KeyHex returns the account's private key as 0x-prefixed hex, as dev tools
// print it so it can be imported into a wallet.
func (a Account) KeyHex() string {
	return fmt.Sprintf("%#x", crypto.FromECDSA(a.Key))
}

// DevAccounts derives n accounts from seed. Key i is
// keccak256("dualchain/dev-account" || seed || uint32be(i)), re-hashed in the
// (astronomically unlikely) case it is not a valid secp256k1 scalar. The same
// seed always gives the same accounts, on every machine.
func DevAccounts(seed string, n int) []Account {
	accounts := make([]Account, 0, n)
	for i := range n {
		var idx [4]byte
		binary.BigEndian.PutUint32(idx[:], uint32(i))
		material := crypto.Keccak256([]byte("dualchain/dev-account"), []byte(seed), idx[:])
		var (
			key *ecdsa.PrivateKey
			err error
		)
		for key == nil {
			key, err = crypto.ToECDSA(material)
			if err != nil {
				material = crypto.Keccak256(material)
			}
		}
		accounts = append(accounts, Account{Address: crypto.PubkeyToAddress(key.PublicKey), Key: key})
	}
	return accounts
}

// DevBalance is what each dev account holds at genesis: 10,000 ether.
var DevBalance = new(big.Int).Mul(big.NewInt(10_000), big.NewInt(1e18))
