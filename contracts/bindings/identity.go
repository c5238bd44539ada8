// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// IdentityEntry is an auto generated low-level Go binding around an user-defined struct.
type IdentityEntry struct {
	Role         uint8
	Active       bool
	Hospital     common.Address
	RegisteredAt uint64
	MetaHash     [32]byte
}

// IdentityMetaData contains all meta data concerning the Identity contract.
var IdentityMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"founders\",\"type\":\"address[]\"},{\"internalType\":\"bytes32[]\",\"name\":\"nameHashes\",\"type\":\"bytes32[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"}],\"name\":\"AlreadyRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"voter\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"subject\",\"type\":\"address\"}],\"name\":\"AlreadyVoted\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadFounders\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"subject\",\"type\":\"address\"}],\"name\":\"BadProposal\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"}],\"name\":\"NotActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotMemberAdmin\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"}],\"name\":\"NotRegistrar\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotStaff\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"}],\"name\":\"UseMemberVote\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"by\",\"type\":\"address\"}],\"name\":\"IdentityDeactivated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"enumIdentity.Role\",\"name\":\"role\",\"type\":\"uint8\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"hospital\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"metaHash\",\"type\":\"bytes32\"}],\"name\":\"IdentityRegistered\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"nameHash\",\"type\":\"bytes32\"}],\"name\":\"MemberAdded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"}],\"name\":\"MemberRemoved\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"subject\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"voter\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"add\",\"type\":\"bool\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"votes\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"MemberVoted\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"}],\"name\":\"deactivate\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"}],\"name\":\"hospitalOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"}],\"name\":\"identity\",\"outputs\":[{\"components\":[{\"internalType\":\"enumIdentity.Role\",\"name\":\"role\",\"type\":\"uint8\"},{\"internalType\":\"bool\",\"name\":\"active\",\"type\":\"bool\"},{\"internalType\":\"address\",\"name\":\"hospital\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"registeredAt\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"metaHash\",\"type\":\"bytes32\"}],\"internalType\":\"structIdentity.Entry\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"}],\"name\":\"isActive\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"}],\"name\":\"isMember\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"memberCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"proposalIsAdd\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"nameHash\",\"type\":\"bytes32\"}],\"name\":\"proposeMember\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"metaHash\",\"type\":\"bytes32\"}],\"name\":\"registerAuditor\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"metaHash\",\"type\":\"bytes32\"}],\"name\":\"registerPatient\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"metaHash\",\"type\":\"bytes32\"}],\"name\":\"registerPractitioner\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"metaHash\",\"type\":\"bytes32\"}],\"name\":\"registerSelfAsPatient\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"}],\"name\":\"removeMember\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"}],\"name\":\"roleOf\",\"outputs\":[{\"internalType\":\"enumIdentity.Role\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"}],\"name\":\"staffHospital\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"subject\",\"type\":\"address\"}],\"name\":\"voteMember\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"votesFor\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Identity",
	Bin: "0x6080604052346102fc576112ff8038038061001981610320565b92833981016040828203126102fc5781516001600160401b0381116102fc5782019181601f840112156102fc57825161005961005482610345565b610320565b9360208086848152019260051b820101908482116102fc57602001915b818310610300575050506020810151906001600160401b0382116102fc57019080601f830112156102fc5781516100af61005482610345565b9260208085848152019260051b8201019283116102fc57602001905b8282106102ec57505050815180159081156102e0575b506102d157426001600160401b031691905f5b82518110156102c2576001600160a01b0361010f828561035c565b51169061011c818461035c565b519180156102b357805f525f60205260ff60405f2054166005811015610279576102a15760405160a081016001600160401b0381118282101761028d57604052600181526020810160018152604082019083825260608301908982526080840191878352855f525f60205260405f2094519360058510156102795785549251905191516001600160f01b031990931660ff9095169490941793151560081b61ff00169390931760109390931b62010000600160b01b03169290921760b09290921b600160b01b600160f01b03169190911782555160019182015554925f19841461026557817f99d859b3c20df68d893f355fc62503738a657839f9381ce277a4a77869ae12b1602060019693878095018555837fefa218b911bf678a6f21f2b3d02057e2eccecfd8a6310eeb77b66e4cb37e902583604051848152a2604051908152a4016100f4565b634e487b7160e01b5f52601160045260245ffd5b634e487b7160e01b5f52602160045260245ffd5b634e487b7160e01b5f52604160045260245ffd5b6345ed80e960e01b5f5260045260245ffd5b63d92e233d60e01b5f5260045ffd5b604051610f7a90816103858239f35b631b1912b560e31b5f5260045ffd5b9050815114155f6100e1565b81518152602091820191016100cb565b5f80fd5b82516001600160a01b03811681036102fc57815260209283019201610076565b6040519190601f01601f191682016001600160401b0381118382101761028d57604052565b6001600160401b03811161028d5760051b60200190565b80518210156103705760209160051b010190565b634e487b7160e01b5f52603260045260245ffdfe60806040526004361015610011575f80fd5b5f3560e01c806306fa523814610a8f5780630b1ca49a146109e157806311aee380146109c457806322f8c9c5146108a65780633ea053eb146107a65780634b7e925a146106d2578063514582f1146106095780636a403868146105cc578063703290941461058a578063758ae78f1461044d578063783ffc3e146102f55780639f8a13d7146102d2578063a230c524146102a5578063a50cd8e71461026d578063a5d7827e1461022c578063f0eb5e54146101505763fc17a0c9146100d4575f80fd5b3461014c57602036600319011261014c576100ed610ac4565b6100f633610bd3565b15610139576001600160a01b0381165f81815260046020526040902054909190156101265761012490610c71565b005b50638739b9a160e01b5f5260045260245ffd5b63671f1fdd60e11b5f523360045260245ffd5b5f80fd5b3461014c57602036600319011261014c57610169610ac4565b5f6080610174610c0f565b828152826020820152826040820152826060820152015260018060a01b03165f525f60205260a060405f206101a7610c0f565b9067ffffffffffffffff81546101c060ff821685610c43565b602084019260ff8260081c1615158452600160408601918180891b038460101c16835284606088019460b01c16845201549360808601948552610207604051809751610ada565b5115156020860152515f196001871b0116604085015251166060830152516080820152f35b3461014c57602036600319011261014c576001600160a01b0361024d610ac4565b165f525f602052602060ff60405f20541661026b6040518092610ada565bf35b3461014c57602036600319011261014c576001600160a01b0361028e610ac4565b165f526004602052602060405f2054604051908152f35b3461014c57602036600319011261014c5760206102c86102c3610ac4565b610bd3565b6040519015158152f35b3461014c57602036600319011261014c5760206102c86102f0610ac4565b610b68565b3461014c57604036600319011261014c5761030e610ac4565b6024359061031b33610bd3565b15610139576001600160a01b0316801561043e57805f525f60205260ff60405f20541660058110156104185761042c57610353610c0f565b906004825260208201916001835260408101923384526060820167ffffffffffffffff421681526080830190868252845f525f60205260405f209351956005871015610418578454935161ffff1990941660ff9097169690961792151560081b61ff0016929092178355600494600192905b519084549067ffffffffffffffff60b01b905160b01b1691620100008560b01b039060101b169061ffff8060f01b011617178355519101556040519283525f516020610f255f395f51905f5260203394a4005b634e487b7160e01b5f52602160045260245ffd5b6345ed80e960e01b5f5260045260245ffd5b63d92e233d60e01b5f5260045ffd5b3461014c57604036600319011261014c57610466610ac4565b6024356001600160a01b0361047a33610ae7565b16918215610577576001600160a01b0316801561043e57805f525f60205260ff60405f20541660058110156104185761042c576104b5610c0f565b916003835260208301600181526040840191858352606085019467ffffffffffffffff421686526080810192828452855f525f60205260405f209151936005851015610418578254915161ffff1990921660ff9095169490941790151560081b61ff00161781556003955f516020610f255f395f51905f52946020946001929091519084549067ffffffffffffffff60b01b905160b01b1691620100008560b01b039060101b169061ffff8060f01b01161717835551910155604051908152a4005b63745d7b5160e01b5f523360045260245ffd5b3461014c57602036600319011261014c576001600160a01b036105ab610ac4565b165f525f602052602060018060a01b0360405f205460101c16604051908152f35b3461014c57602036600319011261014c576001600160a01b036105ed610ac4565b165f526005602052602060ff60405f2054166040519015158152f35b3461014c57604036600319011261014c57610622610ac4565b61062b33610bd3565b15610139576001600160a01b03811690811561043e57815f525f60205260ff60405f2054166005811015610418576106bf57815f52600460205260405f2054155f146106a05781610124925f52600560205260405f20600160ff198254161790555f52600660205260243560405f2055610c71565b815f52600560205260ff60405f20541615610126576101249150610c71565b506345ed80e960e01b5f5260045260245ffd5b3461014c57604036600319011261014c576106eb610ac4565b602435906106f833610bd3565b15610139576001600160a01b0316801561043e57805f525f60205260ff60405f20541660058110156104185761042c57610730610c0f565b906002825260208201916001835260408101923384526060820167ffffffffffffffff421681526080830190868252845f525f60205260405f209351956005871015610418578454935161ffff1990941660ff9097169690961792151560081b61ff0016929092178355600294600192906103c5565b3461014c57602036600319011261014c576001600160a01b036107c7610ac4565b16805f525f60205260405f20805460ff8160081c16156108935760ff8116600581101561041857600181146108805760031480610877575b1580610850575b6108395761ff001916905533907fca127d5af1bccc910de39e07d78ecfd5dec823f09f8555b49b6a854c2b3e911e5f80a3005b82630b0231b360e31b5f523360045260245260445ffd5b50601081901c6001600160a01b031633141580610806575061087133610bd3565b15610806565b503383146107ff565b83636a2080e360e11b5f5260045260245ffd5b82634022bc5560e01b5f5260045260245ffd5b3461014c57602036600319011261014c57600435331561043e57335f525f60205260ff60405f2054166005811015610418576109b1576108e4610c0f565b906003825260208201906001825260408301925f8452606081019267ffffffffffffffff4216845260808201838152335f525f60205260405f2092519460058610156104185783549251965190516001600160f01b031990931660ff969096169590951761ff0096151560081b969096169590951760109490941b62010000600160b01b03169390931760b09390931b67ffffffffffffffff60b01b1692909217825591516001909101556040519081525f9060039033905f516020610f255f395f51905f5290602090a4005b6345ed80e960e01b5f523360045260245ffd5b3461014c575f36600319011261014c576020600154604051908152f35b3461014c57602036600319011261014c576109fa610ac4565b610a0333610bd3565b1561013957610a1181610bd3565b15610a6f576001600160a01b0381165f81815260046020526040902054909190610a5157610124915f52600560205260405f2060ff198154169055610c71565b815f52600560205260ff60405f205416610126576101249150610c71565b638739b9a160e01b5f9081526001600160a01b0391909116600452602490fd5b3461014c57602036600319011261014c576020610ab2610aad610ac4565b610ae7565b6040516001600160a01b039091168152f35b600435906001600160a01b038216820361014c57565b9060058210156104185752565b60018060a01b0381165f525f60205260405f20549060ff8260081c1615610b625760ff82169060058210156104185760018214610b5c575060021480610b40575b610b3157505f90565b60101c6001600160a01b031690565b50610b57601082901c6001600160a01b0316610bd3565b610b28565b91505090565b50505f90565b60018060a01b03165f525f60205260405f205460ff8160081c1615610bce5760ff811660058110156104185760028114908115610bc3575b50610bab5750600190565b610bc09060101c6001600160a01b0316610bd3565b90565b60049150145f610ba0565b505f90565b6001600160a01b03165f9081526020819052604090205460ff81166005811015610418576001149081610c04575090565b60ff915060081c1690565b6040519060a0820182811067ffffffffffffffff821117610c2f57604052565b634e487b7160e01b5f52604160045260245ffd5b60058210156104185752565b5f198114610c5d5760010190565b634e487b7160e01b5f52601160045260245ffd5b6001600160a01b03165f818152600260209081526040808320546003835281842081855283528184203385529092529091205460ff16610f0d57815f52600360205260405f20815f5260205260405f2060018060a01b0333165f5260205260405f20600160ff19825416179055815f52600460205260405f2090610cf58254610c4f565b809255825f52600560205260ff60405f2054169160015460011c9060018201809211610c5d576040518415158152816020820152826040820152857fee5101a40e1f58cfbe1a9b4489ada6e415db4a46171c62aa0f2ae55b712a7b1460603393a310610f0857825f5260046020525f604081205560018101809111610c5d57825f52600260205260405f20555f14610ebf57805f52600660205260405f2054811561043e57815f525f60205260ff60405f2054166005811015610418576106bf57610dbe610c0f565b906001825260208201600181526040830190848252606084019267ffffffffffffffff421684526080850194818652865f525f60205260405f2090519260058410156104185760019688965f516020610f255f395f51905f5296610e488a9460209860ff80198954169116178755511515869061ff00825491151560081b169061ff001916179055565b519084549067ffffffffffffffff60b01b905160b01b1691620100008560b01b039060101b169061ffff8060f01b01161717835551910155610e8a8554610c4f565b8555837fefa218b911bf678a6f21f2b3d02057e2eccecfd8a6310eeb77b66e4cb37e902583604051848152a2604051908152a4565b805f525f60205260405f2061ff001981541690556001548015610c5d575f19016001557f6e76fb4c77256006d9c38ec7d82b45a8c8f3c27b1d6766fffc42dfb8de6844925f80a2565b505050565b50631aaced4f60e21b5f523360045260245260445ffdfe99d859b3c20df68d893f355fc62503738a657839f9381ce277a4a77869ae12b1a26469706673582212205a18623a4aa836fef1cb8802e153cc4f2f223511fce6a2cc38f1b97297c06e3f64736f6c634300081e0033",
}

// Identity is an auto generated Go binding around an Ethereum contract.
type Identity struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *Identity) GetABI() abi.ABI {
	return c.abi
}

// NewIdentity creates a new instance of Identity.
func NewIdentity() *Identity {
	parsed, err := IdentityMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Identity{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Identity) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address[] founders, bytes32[] nameHashes) returns()
func (identity *Identity) PackConstructor(founders []common.Address, nameHashes [][32]byte) []byte {
	enc, err := identity.abi.Pack("", founders, nameHashes)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackDeactivate is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3ea053eb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deactivate(address who) returns()
func (identity *Identity) PackDeactivate(who common.Address) []byte {
	enc, err := identity.abi.Pack("deactivate", who)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeactivate is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3ea053eb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deactivate(address who) returns()
func (identity *Identity) TryPackDeactivate(who common.Address) ([]byte, error) {
	return identity.abi.Pack("deactivate", who)
}

// PackHospitalOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70329094.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hospitalOf(address who) view returns(address)
func (identity *Identity) PackHospitalOf(who common.Address) []byte {
	enc, err := identity.abi.Pack("hospitalOf", who)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHospitalOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70329094.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hospitalOf(address who) view returns(address)
func (identity *Identity) TryPackHospitalOf(who common.Address) ([]byte, error) {
	return identity.abi.Pack("hospitalOf", who)
}

// UnpackHospitalOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70329094.
//
// Solidity: function hospitalOf(address who) view returns(address)
func (identity *Identity) UnpackHospitalOf(data []byte) (common.Address, error) {
	out, err := identity.abi.Unpack("hospitalOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackIdentity is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf0eb5e54.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function identity(address who) view returns((uint8,bool,address,uint64,bytes32))
func (identity *Identity) PackIdentity(who common.Address) []byte {
	enc, err := identity.abi.Pack("identity", who)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIdentity is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf0eb5e54.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function identity(address who) view returns((uint8,bool,address,uint64,bytes32))
func (identity *Identity) TryPackIdentity(who common.Address) ([]byte, error) {
	return identity.abi.Pack("identity", who)
}

// UnpackIdentity is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf0eb5e54.
//
// Solidity: function identity(address who) view returns((uint8,bool,address,uint64,bytes32))
func (identity *Identity) UnpackIdentity(data []byte) (IdentityEntry, error) {
	out, err := identity.abi.Unpack("identity", data)
	if err != nil {
		return *new(IdentityEntry), err
	}
	out0 := *abi.ConvertType(out[0], new(IdentityEntry)).(*IdentityEntry)
	return out0, nil
}

// PackIsActive is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9f8a13d7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isActive(address who) view returns(bool)
func (identity *Identity) PackIsActive(who common.Address) []byte {
	enc, err := identity.abi.Pack("isActive", who)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsActive is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9f8a13d7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isActive(address who) view returns(bool)
func (identity *Identity) TryPackIsActive(who common.Address) ([]byte, error) {
	return identity.abi.Pack("isActive", who)
}

// UnpackIsActive is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9f8a13d7.
//
// Solidity: function isActive(address who) view returns(bool)
func (identity *Identity) UnpackIsActive(data []byte) (bool, error) {
	out, err := identity.abi.Unpack("isActive", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackIsMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa230c524.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isMember(address admin) view returns(bool)
func (identity *Identity) PackIsMember(admin common.Address) []byte {
	enc, err := identity.abi.Pack("isMember", admin)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa230c524.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isMember(address admin) view returns(bool)
func (identity *Identity) TryPackIsMember(admin common.Address) ([]byte, error) {
	return identity.abi.Pack("isMember", admin)
}

// UnpackIsMember is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa230c524.
//
// Solidity: function isMember(address admin) view returns(bool)
func (identity *Identity) UnpackIsMember(data []byte) (bool, error) {
	out, err := identity.abi.Unpack("isMember", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMemberCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x11aee380.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function memberCount() view returns(uint256)
func (identity *Identity) PackMemberCount() []byte {
	enc, err := identity.abi.Pack("memberCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMemberCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x11aee380.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function memberCount() view returns(uint256)
func (identity *Identity) TryPackMemberCount() ([]byte, error) {
	return identity.abi.Pack("memberCount")
}

// UnpackMemberCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x11aee380.
//
// Solidity: function memberCount() view returns(uint256)
func (identity *Identity) UnpackMemberCount(data []byte) (*big.Int, error) {
	out, err := identity.abi.Unpack("memberCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposalIsAdd is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6a403868.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposalIsAdd(address ) view returns(bool)
func (identity *Identity) PackProposalIsAdd(arg0 common.Address) []byte {
	enc, err := identity.abi.Pack("proposalIsAdd", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposalIsAdd is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6a403868.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposalIsAdd(address ) view returns(bool)
func (identity *Identity) TryPackProposalIsAdd(arg0 common.Address) ([]byte, error) {
	return identity.abi.Pack("proposalIsAdd", arg0)
}

// UnpackProposalIsAdd is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6a403868.
//
// Solidity: function proposalIsAdd(address ) view returns(bool)
func (identity *Identity) UnpackProposalIsAdd(data []byte) (bool, error) {
	out, err := identity.abi.Unpack("proposalIsAdd", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackProposeMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x514582f1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposeMember(address admin, bytes32 nameHash) returns()
func (identity *Identity) PackProposeMember(admin common.Address, nameHash [32]byte) []byte {
	enc, err := identity.abi.Pack("proposeMember", admin, nameHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposeMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x514582f1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposeMember(address admin, bytes32 nameHash) returns()
func (identity *Identity) TryPackProposeMember(admin common.Address, nameHash [32]byte) ([]byte, error) {
	return identity.abi.Pack("proposeMember", admin, nameHash)
}

// PackRegisterAuditor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x783ffc3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registerAuditor(address who, bytes32 metaHash) returns()
func (identity *Identity) PackRegisterAuditor(who common.Address, metaHash [32]byte) []byte {
	enc, err := identity.abi.Pack("registerAuditor", who, metaHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegisterAuditor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x783ffc3e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registerAuditor(address who, bytes32 metaHash) returns()
func (identity *Identity) TryPackRegisterAuditor(who common.Address, metaHash [32]byte) ([]byte, error) {
	return identity.abi.Pack("registerAuditor", who, metaHash)
}

// PackRegisterPatient is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x758ae78f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registerPatient(address who, bytes32 metaHash) returns()
func (identity *Identity) PackRegisterPatient(who common.Address, metaHash [32]byte) []byte {
	enc, err := identity.abi.Pack("registerPatient", who, metaHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegisterPatient is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x758ae78f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registerPatient(address who, bytes32 metaHash) returns()
func (identity *Identity) TryPackRegisterPatient(who common.Address, metaHash [32]byte) ([]byte, error) {
	return identity.abi.Pack("registerPatient", who, metaHash)
}

// PackRegisterPractitioner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4b7e925a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registerPractitioner(address who, bytes32 metaHash) returns()
func (identity *Identity) PackRegisterPractitioner(who common.Address, metaHash [32]byte) []byte {
	enc, err := identity.abi.Pack("registerPractitioner", who, metaHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegisterPractitioner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4b7e925a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registerPractitioner(address who, bytes32 metaHash) returns()
func (identity *Identity) TryPackRegisterPractitioner(who common.Address, metaHash [32]byte) ([]byte, error) {
	return identity.abi.Pack("registerPractitioner", who, metaHash)
}

// PackRegisterSelfAsPatient is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x22f8c9c5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registerSelfAsPatient(bytes32 metaHash) returns()
func (identity *Identity) PackRegisterSelfAsPatient(metaHash [32]byte) []byte {
	enc, err := identity.abi.Pack("registerSelfAsPatient", metaHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegisterSelfAsPatient is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x22f8c9c5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registerSelfAsPatient(bytes32 metaHash) returns()
func (identity *Identity) TryPackRegisterSelfAsPatient(metaHash [32]byte) ([]byte, error) {
	return identity.abi.Pack("registerSelfAsPatient", metaHash)
}

// PackRemoveMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0b1ca49a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function removeMember(address admin) returns()
func (identity *Identity) PackRemoveMember(admin common.Address) []byte {
	enc, err := identity.abi.Pack("removeMember", admin)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRemoveMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0b1ca49a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function removeMember(address admin) returns()
func (identity *Identity) TryPackRemoveMember(admin common.Address) ([]byte, error) {
	return identity.abi.Pack("removeMember", admin)
}

// PackRoleOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa5d7827e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function roleOf(address who) view returns(uint8)
func (identity *Identity) PackRoleOf(who common.Address) []byte {
	enc, err := identity.abi.Pack("roleOf", who)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRoleOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa5d7827e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function roleOf(address who) view returns(uint8)
func (identity *Identity) TryPackRoleOf(who common.Address) ([]byte, error) {
	return identity.abi.Pack("roleOf", who)
}

// UnpackRoleOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa5d7827e.
//
// Solidity: function roleOf(address who) view returns(uint8)
func (identity *Identity) UnpackRoleOf(data []byte) (uint8, error) {
	out, err := identity.abi.Unpack("roleOf", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackStaffHospital is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fa5238.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function staffHospital(address who) view returns(address)
func (identity *Identity) PackStaffHospital(who common.Address) []byte {
	enc, err := identity.abi.Pack("staffHospital", who)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStaffHospital is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fa5238.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function staffHospital(address who) view returns(address)
func (identity *Identity) TryPackStaffHospital(who common.Address) ([]byte, error) {
	return identity.abi.Pack("staffHospital", who)
}

// UnpackStaffHospital is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fa5238.
//
// Solidity: function staffHospital(address who) view returns(address)
func (identity *Identity) UnpackStaffHospital(data []byte) (common.Address, error) {
	out, err := identity.abi.Unpack("staffHospital", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackVoteMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc17a0c9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function voteMember(address subject) returns()
func (identity *Identity) PackVoteMember(subject common.Address) []byte {
	enc, err := identity.abi.Pack("voteMember", subject)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVoteMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc17a0c9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function voteMember(address subject) returns()
func (identity *Identity) TryPackVoteMember(subject common.Address) ([]byte, error) {
	return identity.abi.Pack("voteMember", subject)
}

// PackVotesFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa50cd8e7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function votesFor(address ) view returns(uint256)
func (identity *Identity) PackVotesFor(arg0 common.Address) []byte {
	enc, err := identity.abi.Pack("votesFor", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVotesFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa50cd8e7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function votesFor(address ) view returns(uint256)
func (identity *Identity) TryPackVotesFor(arg0 common.Address) ([]byte, error) {
	return identity.abi.Pack("votesFor", arg0)
}

// UnpackVotesFor is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa50cd8e7.
//
// Solidity: function votesFor(address ) view returns(uint256)
func (identity *Identity) UnpackVotesFor(data []byte) (*big.Int, error) {
	out, err := identity.abi.Unpack("votesFor", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// IdentityIdentityDeactivated represents a IdentityDeactivated event raised by the Identity contract.
type IdentityIdentityDeactivated struct {
	Who common.Address
	By  common.Address
	Raw *types.Log // Blockchain specific contextual infos
}

const IdentityIdentityDeactivatedEventName = "IdentityDeactivated"

// ContractEventName returns the user-defined event name.
func (IdentityIdentityDeactivated) ContractEventName() string {
	return IdentityIdentityDeactivatedEventName
}

// UnpackIdentityDeactivatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event IdentityDeactivated(address indexed who, address indexed by)
func (identity *Identity) UnpackIdentityDeactivatedEvent(log *types.Log) (*IdentityIdentityDeactivated, error) {
	event := "IdentityDeactivated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identity.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityIdentityDeactivated)
	if len(log.Data) > 0 {
		if err := identity.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identity.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// IdentityIdentityRegistered represents a IdentityRegistered event raised by the Identity contract.
type IdentityIdentityRegistered struct {
	Who      common.Address
	Role     uint8
	Hospital common.Address
	MetaHash [32]byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const IdentityIdentityRegisteredEventName = "IdentityRegistered"

// ContractEventName returns the user-defined event name.
func (IdentityIdentityRegistered) ContractEventName() string {
	return IdentityIdentityRegisteredEventName
}

// UnpackIdentityRegisteredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event IdentityRegistered(address indexed who, uint8 indexed role, address indexed hospital, bytes32 metaHash)
func (identity *Identity) UnpackIdentityRegisteredEvent(log *types.Log) (*IdentityIdentityRegistered, error) {
	event := "IdentityRegistered"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identity.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityIdentityRegistered)
	if len(log.Data) > 0 {
		if err := identity.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identity.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// IdentityMemberAdded represents a MemberAdded event raised by the Identity contract.
type IdentityMemberAdded struct {
	Admin    common.Address
	NameHash [32]byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const IdentityMemberAddedEventName = "MemberAdded"

// ContractEventName returns the user-defined event name.
func (IdentityMemberAdded) ContractEventName() string {
	return IdentityMemberAddedEventName
}

// UnpackMemberAddedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event MemberAdded(address indexed admin, bytes32 nameHash)
func (identity *Identity) UnpackMemberAddedEvent(log *types.Log) (*IdentityMemberAdded, error) {
	event := "MemberAdded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identity.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityMemberAdded)
	if len(log.Data) > 0 {
		if err := identity.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identity.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// IdentityMemberRemoved represents a MemberRemoved event raised by the Identity contract.
type IdentityMemberRemoved struct {
	Admin common.Address
	Raw   *types.Log // Blockchain specific contextual infos
}

const IdentityMemberRemovedEventName = "MemberRemoved"

// ContractEventName returns the user-defined event name.
func (IdentityMemberRemoved) ContractEventName() string {
	return IdentityMemberRemovedEventName
}

// UnpackMemberRemovedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event MemberRemoved(address indexed admin)
func (identity *Identity) UnpackMemberRemovedEvent(log *types.Log) (*IdentityMemberRemoved, error) {
	event := "MemberRemoved"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identity.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityMemberRemoved)
	if len(log.Data) > 0 {
		if err := identity.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identity.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// IdentityMemberVoted represents a MemberVoted event raised by the Identity contract.
type IdentityMemberVoted struct {
	Subject common.Address
	Voter   common.Address
	Add     bool
	Votes   *big.Int
	Needed  *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const IdentityMemberVotedEventName = "MemberVoted"

// ContractEventName returns the user-defined event name.
func (IdentityMemberVoted) ContractEventName() string {
	return IdentityMemberVotedEventName
}

// UnpackMemberVotedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event MemberVoted(address indexed subject, address indexed voter, bool add, uint256 votes, uint256 needed)
func (identity *Identity) UnpackMemberVotedEvent(log *types.Log) (*IdentityMemberVoted, error) {
	event := "MemberVoted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identity.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityMemberVoted)
	if len(log.Data) > 0 {
		if err := identity.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identity.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (identity *Identity) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], identity.abi.Errors["AlreadyRegistered"].ID.Bytes()[:4]) {
		return identity.UnpackAlreadyRegisteredError(raw[4:])
	}
	if bytes.Equal(raw[:4], identity.abi.Errors["AlreadyVoted"].ID.Bytes()[:4]) {
		return identity.UnpackAlreadyVotedError(raw[4:])
	}
	if bytes.Equal(raw[:4], identity.abi.Errors["BadFounders"].ID.Bytes()[:4]) {
		return identity.UnpackBadFoundersError(raw[4:])
	}
	if bytes.Equal(raw[:4], identity.abi.Errors["BadProposal"].ID.Bytes()[:4]) {
		return identity.UnpackBadProposalError(raw[4:])
	}
	if bytes.Equal(raw[:4], identity.abi.Errors["NotActive"].ID.Bytes()[:4]) {
		return identity.UnpackNotActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], identity.abi.Errors["NotMemberAdmin"].ID.Bytes()[:4]) {
		return identity.UnpackNotMemberAdminError(raw[4:])
	}
	if bytes.Equal(raw[:4], identity.abi.Errors["NotRegistrar"].ID.Bytes()[:4]) {
		return identity.UnpackNotRegistrarError(raw[4:])
	}
	if bytes.Equal(raw[:4], identity.abi.Errors["NotStaff"].ID.Bytes()[:4]) {
		return identity.UnpackNotStaffError(raw[4:])
	}
	if bytes.Equal(raw[:4], identity.abi.Errors["UseMemberVote"].ID.Bytes()[:4]) {
		return identity.UnpackUseMemberVoteError(raw[4:])
	}
	if bytes.Equal(raw[:4], identity.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return identity.UnpackZeroAddressError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// IdentityAlreadyRegistered represents a AlreadyRegistered error raised by the Identity contract.
type IdentityAlreadyRegistered struct {
	Who common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyRegistered(address who)
func IdentityAlreadyRegisteredErrorID() common.Hash {
	return common.HexToHash("0x45ed80e9399c87887ea54f615514a1e3dde31e9b6c027ddceb4ffd503b70e428")
}

// UnpackAlreadyRegisteredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyRegistered(address who)
func (identity *Identity) UnpackAlreadyRegisteredError(raw []byte) (*IdentityAlreadyRegistered, error) {
	out := new(IdentityAlreadyRegistered)
	if err := identity.abi.UnpackIntoInterface(out, "AlreadyRegistered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityAlreadyVoted represents a AlreadyVoted error raised by the Identity contract.
type IdentityAlreadyVoted struct {
	Voter   common.Address
	Subject common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyVoted(address voter, address subject)
func IdentityAlreadyVotedErrorID() common.Hash {
	return common.HexToHash("0x6ab3b53c96e82f83f56e22516314f884e721ccea152f7470b156fe5d29c5a60f")
}

// UnpackAlreadyVotedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyVoted(address voter, address subject)
func (identity *Identity) UnpackAlreadyVotedError(raw []byte) (*IdentityAlreadyVoted, error) {
	out := new(IdentityAlreadyVoted)
	if err := identity.abi.UnpackIntoInterface(out, "AlreadyVoted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityBadFounders represents a BadFounders error raised by the Identity contract.
type IdentityBadFounders struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadFounders()
func IdentityBadFoundersErrorID() common.Hash {
	return common.HexToHash("0xd8c895a8b2bfa9dab0903a26e4171259f144d2b4f794f56b3c62f69de8c02217")
}

// UnpackBadFoundersError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadFounders()
func (identity *Identity) UnpackBadFoundersError(raw []byte) (*IdentityBadFounders, error) {
	out := new(IdentityBadFounders)
	if err := identity.abi.UnpackIntoInterface(out, "BadFounders", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityBadProposal represents a BadProposal error raised by the Identity contract.
type IdentityBadProposal struct {
	Subject common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadProposal(address subject)
func IdentityBadProposalErrorID() common.Hash {
	return common.HexToHash("0x8739b9a170c6da68ed4f73c9f737a1c5a87021a091790e5cfb31abf4a87a193b")
}

// UnpackBadProposalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadProposal(address subject)
func (identity *Identity) UnpackBadProposalError(raw []byte) (*IdentityBadProposal, error) {
	out := new(IdentityBadProposal)
	if err := identity.abi.UnpackIntoInterface(out, "BadProposal", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityNotActive represents a NotActive error raised by the Identity contract.
type IdentityNotActive struct {
	Who common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotActive(address who)
func IdentityNotActiveErrorID() common.Hash {
	return common.HexToHash("0x4022bc554c72cf2c9ccd5d09c2ade2b82a349ca5f4d7a60324bb8fda79446fb3")
}

// UnpackNotActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotActive(address who)
func (identity *Identity) UnpackNotActiveError(raw []byte) (*IdentityNotActive, error) {
	out := new(IdentityNotActive)
	if err := identity.abi.UnpackIntoInterface(out, "NotActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityNotMemberAdmin represents a NotMemberAdmin error raised by the Identity contract.
type IdentityNotMemberAdmin struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotMemberAdmin(address caller)
func IdentityNotMemberAdminErrorID() common.Hash {
	return common.HexToHash("0xce3e3fba9259bf467d586cd1dab613397fbf483d50bb3f826cf372a3aa751c93")
}

// UnpackNotMemberAdminError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotMemberAdmin(address caller)
func (identity *Identity) UnpackNotMemberAdminError(raw []byte) (*IdentityNotMemberAdmin, error) {
	out := new(IdentityNotMemberAdmin)
	if err := identity.abi.UnpackIntoInterface(out, "NotMemberAdmin", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityNotRegistrar represents a NotRegistrar error raised by the Identity contract.
type IdentityNotRegistrar struct {
	Caller common.Address
	Who    common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotRegistrar(address caller, address who)
func IdentityNotRegistrarErrorID() common.Hash {
	return common.HexToHash("0x58118d9803cbec1995a6012888cecc6ae13531843c0c2ce8bfc024a4811560f1")
}

// UnpackNotRegistrarError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotRegistrar(address caller, address who)
func (identity *Identity) UnpackNotRegistrarError(raw []byte) (*IdentityNotRegistrar, error) {
	out := new(IdentityNotRegistrar)
	if err := identity.abi.UnpackIntoInterface(out, "NotRegistrar", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityNotStaff represents a NotStaff error raised by the Identity contract.
type IdentityNotStaff struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotStaff(address caller)
func IdentityNotStaffErrorID() common.Hash {
	return common.HexToHash("0x745d7b5138ebe7776d77fe310a7e155b1fa961d268d0f6fd8053bcd3a58d437e")
}

// UnpackNotStaffError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotStaff(address caller)
func (identity *Identity) UnpackNotStaffError(raw []byte) (*IdentityNotStaff, error) {
	out := new(IdentityNotStaff)
	if err := identity.abi.UnpackIntoInterface(out, "NotStaff", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityUseMemberVote represents a UseMemberVote error raised by the Identity contract.
type IdentityUseMemberVote struct {
	Who common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UseMemberVote(address who)
func IdentityUseMemberVoteErrorID() common.Hash {
	return common.HexToHash("0xd44101c694a5bae192940a111bb1f1afc7cad38b88bf9257835b3c6f6efe1b73")
}

// UnpackUseMemberVoteError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UseMemberVote(address who)
func (identity *Identity) UnpackUseMemberVoteError(raw []byte) (*IdentityUseMemberVote, error) {
	out := new(IdentityUseMemberVote)
	if err := identity.abi.UnpackIntoInterface(out, "UseMemberVote", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityZeroAddress represents a ZeroAddress error raised by the Identity contract.
type IdentityZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func IdentityZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (identity *Identity) UnpackZeroAddressError(raw []byte) (*IdentityZeroAddress, error) {
	out := new(IdentityZeroAddress)
	if err := identity.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}
