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

// AnchorRegistryChain is an auto generated low-level Go binding around an user-defined struct.
type AnchorRegistryChain struct {
	Registered    bool
	StartHeight   uint64
	MemberCount   uint32
	ParentChainId uint64
}

// AnchorRegistryMemberState is an auto generated low-level Go binding around an user-defined struct.
type AnchorRegistryMemberState struct {
	LastEnd uint64
	Count   uint64
}

// AnchorRegistryMetaData contains all meta data concerning the AnchorRegistry contract.
var AnchorRegistryMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"member\",\"type\":\"address\"}],\"name\":\"AlreadyEndorsed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"voter\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"subject\",\"type\":\"address\"}],\"name\":\"AlreadyVoted\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadMembers\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"start\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"end\",\"type\":\"uint64\"}],\"name\":\"BadRange\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"subject\",\"type\":\"address\"}],\"name\":\"BadVote\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"}],\"name\":\"ChainExists\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyRoot\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"height\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"start\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"end\",\"type\":\"uint64\"}],\"name\":\"HeightOutsideRange\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidProof\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NoConflict\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"expectedStart\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"start\",\"type\":\"uint64\"}],\"name\":\"NotContiguous\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotMember\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"}],\"name\":\"UnknownChain\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"start\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"end\",\"type\":\"uint64\"}],\"name\":\"UnknownRange\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"expected\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"got\",\"type\":\"bytes32\"}],\"name\":\"WrongPrev\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"startHeight\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"members\",\"type\":\"address[]\"}],\"name\":\"ChainRegistered\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"start\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"end\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"member\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"storedRoot\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"}],\"name\":\"CheckpointConflict\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"member\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"index\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"start\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"end\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"endBlockHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"prevCheckpointHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"checkpointHash\",\"type\":\"bytes32\"}],\"name\":\"CheckpointSubmitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"oldChainId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"newChainId\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"forkHeight\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"forkBlockHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"newGenesisHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"declarer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"members\",\"type\":\"address[]\"}],\"name\":\"ForkDeclared\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"newChainId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"member\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"endorsements\",\"type\":\"uint32\"}],\"name\":\"ForkEndorsed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"subject\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"voter\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"add\",\"type\":\"bool\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"votes\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"MemberVoted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"member\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"added\",\"type\":\"bool\"}],\"name\":\"MembershipChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"height\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"startA\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"endA\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"hashA\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"startB\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"endB\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"hashB\",\"type\":\"bytes32\"}],\"name\":\"ProvenConflict\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"}],\"name\":\"chainInfo\",\"outputs\":[{\"components\":[{\"internalType\":\"bool\",\"name\":\"registered\",\"type\":\"bool\"},{\"internalType\":\"uint64\",\"name\":\"startHeight\",\"type\":\"uint64\"},{\"internalType\":\"uint32\",\"name\":\"memberCount\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"parentChainId\",\"type\":\"uint64\"}],\"internalType\":\"structAnchorRegistry.Chain\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"oldChainId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"rangeStart\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"forkHeight\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"forkBlockHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"},{\"internalType\":\"uint64\",\"name\":\"newChainId\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"newGenesisHash\",\"type\":\"bytes32\"},{\"internalType\":\"address[]\",\"name\":\"newMembers\",\"type\":\"address[]\"}],\"name\":\"declareFork\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"newChainId\",\"type\":\"uint64\"}],\"name\":\"endorseFork\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"endorsed\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"name\":\"endorsements\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"isMember\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"lastCheckpointHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"blockHash\",\"type\":\"bytes32\"}],\"name\":\"leaf\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"member\",\"type\":\"address\"}],\"name\":\"memberState\",\"outputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"lastEnd\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"count\",\"type\":\"uint64\"}],\"internalType\":\"structAnchorRegistry.MemberState\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"}],\"name\":\"members\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"internalType\":\"uint64[2]\",\"name\":\"rangeA\",\"type\":\"uint64[2]\"},{\"internalType\":\"uint64[2]\",\"name\":\"rangeB\",\"type\":\"uint64[2]\"},{\"internalType\":\"uint64\",\"name\":\"height\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"hashA\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32[]\",\"name\":\"proofA\",\"type\":\"bytes32[]\"},{\"internalType\":\"bytes32\",\"name\":\"hashB\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32[]\",\"name\":\"proofB\",\"type\":\"bytes32[]\"}],\"name\":\"proveConflict\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"start\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"end\",\"type\":\"uint64\"}],\"name\":\"rangeKey\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"rangeRoot\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"startHeight\",\"type\":\"uint64\"},{\"internalType\":\"address[]\",\"name\":\"initialMembers\",\"type\":\"address[]\"}],\"name\":\"registerChain\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"start\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"end\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"endBlockHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"prevCheckpointHash\",\"type\":\"bytes32\"}],\"name\":\"submitCheckpoint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"oldChainId\",\"type\":\"uint64\"}],\"name\":\"successors\",\"outputs\":[{\"internalType\":\"uint64[]\",\"name\":\"\",\"type\":\"uint64[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"leafHash\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"count\",\"type\":\"uint256\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"name\":\"verifyLeaf\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"subject\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"add\",\"type\":\"bool\"}],\"name\":\"voteMember\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"votesFor\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "AnchorRegistry",
	Bin: "0x60808060405234601557611f40908161001a8239f35b5f80fdfe60806040526004361015610011575f80fd5b5f3560e01c806316ab6610146111ff5780631aa4f3ba1461114a578063204247c8146111165780632c256f0e146110c3578063425f44ec14610e955780634371cf9e14610e5e5780634e5228e014610dfd5780635d3f43ec14610da55780636433353d14610d145780636f7edfd6146109c4578063704add60146105c15780637bd34c061461058357806382ab8c35146104bd578063a2e83fe01461037c578063ac3d8d0b146101fc578063e0245803146101d2578063e4103cdf1461017a578063f0a74c6c146101275763f623f17a146100ea575f80fd5b34610123576060366003190112610123576101036116e5565b61010b61176d565b6044359081151582036101235761012192611abd565b005b5f80fd5b34610123576040366003190112610123576101406116e5565b6001600160401b0361015061176d565b91165f52600760205260405f209060018060a01b03165f52602052602060405f2054604051908152f35b34610123576040366003190112610123576101936116e5565b6001600160401b036101a361176d565b91165f52600160205260405f209060018060a01b03165f52602052602060ff60405f2054166040519015158152f35b34610123576020366003190112610123576004355f526005602052602060405f2054604051908152f35b34610123576020366003190112610123576001600160401b0361021d6116e5565b165f52600a60205260405f2060405190818260208354928381520180935f5260205f20925f905b80600383011061032a5761027d945491818110610310575b8181106102f3575b8181106102d6575b106102c8575b5093929303826117b9565b604051918291602083019060208452518091526040830191905f5b8181106102a6575050500390f35b82516001600160401b0316845285945060209384019390920191600101610298565b60c01c815260200185610272565b9260206001916001600160401b038560801c16815201930161026c565b9260206001916001600160401b038560401c168152019301610264565b9260206001916001600160401b038516815201930161025c565b916004919350608060019186546001600160401b03811682526001600160401b038160401c1660208301526001600160401b0381841c16604083015260c01c6060820152019401920185929391610244565b34610123576020366003190112610123576001600160401b0361039d6116e5565b16805f525f6020526001600160401b0360405f205460681c16156104ac575f81815260016020908152604080832033845290915290205460ff1615610496575f818152600b6020908152604080832033845290915290205460ff1661048057805f52600b60205260405f2060018060a01b0333165f5260205260405f20600160ff19825416179055805f52600c60205260405f209063ffffffff61044381845416611a48565b16918263ffffffff198254161790556040519182527fbf28848b89bc27a74a6525f6c5327f7f34349e1a9cb0c57d114d09a9e4574fe860203393a3005b631a50945f60e31b5f526004523360245260445ffd5b632d4c223760e11b5f526004523360245260445ffd5b62c09b0b60e21b5f5260045260245ffd5b34610123576020366003190112610123576001600160401b036104de6116e5565b165f52600260205260405f20604051806020835491828152019081935f5260205f20905f5b81811061056457505050816105199103826117b9565b604051918291602083019060208452518091526040830191905f5b818110610542575050500390f35b82516001600160a01b0316845285945060209384019390920191600101610534565b82546001600160a01b0316845260209093019260019283019201610503565b34610123576020366003190112610123576001600160401b036105a46116e5565b165f52600c602052602063ffffffff60405f205416604051908152f35b3461012357610140366003190112610123576105db6116e5565b36606411610123573660a411610123576105f3611727565b60e4356001600160401b0381116101235761061290369060040161173d565b90610124356001600160401b0381116101235761063390369060040161173d565b9290916101043560c435146109b5576024356001600160401b03811614159081610123576044356001600160401b038116141591826101235761067b6044356024358a6118e2565b5f52600560205260405f20549081156109885780610123576001600160401b03602435166001600160401b038916108015610966575b610926576106c260c435898b61191b565b90610123576106d360243589611853565b93610123576106f86001600160401b03602435166001600160401b0360443516611873565b92600184018094116108835761071b6001600160401b03916107239736916117da565b941691611959565b15610874576064356001600160401b03811614159081610123576084356001600160401b0381161415918261012357610761608435606435886118e2565b5f52600560205260405f20549081156108f95780610123576001600160401b03606435166001600160401b0387161080156108d7575b610897576107a961010435878961191b565b90610123576107ba60643587611853565b93610123576107df6001600160401b03606435166001600160401b0360843516611873565b92600184018094116108835761071b6001600160401b03916108029736916117da565b15610874577f3ea15f63973b59b384e0497ed850d841550fe72c9361c012d60766dac4afd7fa60c06001600160401b038060405194816024351686528160443516602087015260c435604087015281606435166060870152816084351660808701526101043560a087015216941692a3005b6309bde33960e01b5f5260045ffd5b634e487b7160e01b5f52601160045260245ffd5b8584610123576001600160401b0390630757fc5960e21b5f52166004526001600160401b03606435166024526001600160401b036084351660445260645ffd5b5083610123576001600160401b03608435166001600160401b03871611610797565b6328a72dcf60e01b5f526001600160401b03606435166004526001600160401b036084351660245260445ffd5b8784610123576001600160401b0390630757fc5960e21b5f52166004526001600160401b03602435166024526001600160401b036044351660445260645ffd5b5083610123576001600160401b03604435166001600160401b038916116106b1565b6328a72dcf60e01b5f526001600160401b03602435166004526001600160401b036044351660245260445ffd5b633a09092760e11b5f5260045ffd5b346101235760c0366003190112610123576109dd6116e5565b6109e56116fb565b6109ed611711565b916064359060843560a435906001600160401b03831693845f52600160205260405f2060018060a01b0333165f5260205260ff60405f20541615610cfd576001600160401b038616956001600160401b03881697878910610ce6578215610cd757865f52600360205260405f2060018060a01b0333165f5260205260405f209160405192610a7a84611783565b5460206001600160401b038083169283875260401c16940193808552155f14610cc15750875f525f6020526001600160401b038060405f205460081c165b16808a03610caa57505f888152600460209081526040808320338452909152902054808703610c9357506001600160401b039291610bd09160405160208101908b82523360408201528c60608201528d60808201528760a08201528860c08201528960e082015260e08152610b2f610100826117b9565b519020988a5f52600460205260405f2060018060a01b0333165f526020528960405f20558c610b6087875116611880565b60405191610b6d83611783565b82528760208301911681528c5f52600360205260405f2060018060a01b0333165f526020528760405f209251166fffffffffffffffff00000000000000008354925160401b16916fffffffffffffffffffffffffffffffff1916171790556118e2565b805f52600560205260405f205480155f14610c3e57505f5260056020528260405f20555b511696604051968752602087015260408601526060850152608084015260a08301527fe29de03cee5b4fa2f79c9551d69bc80855fde27687c8345f74f424df21344b5b60c03393a4005b9050838103610c4e575b50610bf4565b604051908982528a60208301526040820152836060820152877ff9bfdd19cec7ff184555213b2887b887132465f0972c5fcea1fdd1533728528360803393a389610c48565b86906311f44e4d60e11b5f5260045260245260445ffd5b8990633f7c9b6360e01b5f5260045260245260445ffd5b610cd26001600160401b0391611880565b610ab8565b6329e7276760e11b5f5260045ffd5b888863fb71c3e560e01b5f5260045260245260445ffd5b84632d4c223760e11b5f526004523360245260445ffd5b3461012357604036600319011261012357610d2d6116e5565b6001600160401b03610d3d61176d565b915f6020604051610d4d81611783565b8281520152165f52600360205260405f209060018060a01b03165f526020526040805f206001600160401b03825191610d8583611783565b54816020818316948581520191851c168152835192835251166020820152f35b3461012357604036600319011261012357610dbe6116e5565b6001600160401b03610dce61176d565b91165f52600b60205260405f209060018060a01b03165f52602052602060ff60405f2054166040519015158152f35b346101235760a0366003190112610123576084356001600160401b038111610123573660238201121561012357610e54610e4360209236906024816004013591016117da565b606435604435602435600435611959565b6040519015158152f35b34610123576060366003190112610123576020610e8d610e7c6116e5565b610e846116fb565b6044359161191b565b604051908152f35b3461012357606036600319011261012357610eae6116e5565b610eb66116fb565b906044356001600160401b03811161012357610ede6001600160401b0391369060040161173d565b9190921692835f525f60205260ff60405f2054166110b0578115611079575f5b82811061100c57506110077f222f9bd742792618a2e718ed4fe042403c5b8d4fcea387438d750752bd7776dc93604051610f378161179e565b600181526001600160401b0360208201941693848152610fc663ffffffff60408401818916815260608501935f85528b5f525f602052610f8a60405f2096511515879060ff801983541691151516179055565b51855491516cffffffffffffffffffffffff001990921660089190911b68ffffffffffffffff001617911660481b63ffffffff60481b16178355565b51815467ffffffffffffffff60681b191660689190911b67ffffffffffffffff60681b1617905560408051938452602084018190529293849384019161189e565b0390a2005b61101f61101a82858761182f565b61183f565b906001600160a01b038216158015611088575b61107957611073600192875f528360205260405f20848060a01b0382165f5260205260405f208460ff19825416179055875f52600260205260405f20611a74565b01610efe565b63569acd2160e11b5f5260045ffd5b50855f52600160205260405f2060018060a01b0383165f5260205260ff60405f205416611032565b83634fb70b5360e11b5f5260045260245ffd5b34610123576040366003190112610123576110dc6116e5565b6001600160401b036110ec61176d565b91165f52600460205260405f209060018060a01b03165f52602052602060405f2054604051908152f35b34610123576060366003190112610123576020610e8d6111346116e5565b61113c6116fb565b611144611711565b916118e2565b34610123576020366003190112610123576001600160401b0361116b6116e5565b5f606060405161117a8161179e565b8281528260208201528260408201520152165f525f602052608060405f206001600160401b03604051916111ad8361179e565b5463ffffffff60ff82161515938481528360208201818560081c1681528160606040850194868860481c168652019560681c168552604051968752511660208601525116604084015251166060820152f35b3461012357610100366003190112610123576112196116e5565b6112216116fb565b611229611711565b91606435916084356001600160401b0381116101235761124d90369060040161173d565b939092611258611727565b9560e4356001600160401b0381116101235761127890369060040161173d565b9690946001600160401b03841696875f525f60205260ff60405f205416156116d3575f88815260016020908152604080832033845290915290205460ff16156116bc575f5f5b8a811061165857501561107957604051946112d886611783565b6001600160401b038381168088529086166020909701879052926112fd8785846118e2565b5f52600560205260405f2054918215611641576113286113218a8961132f9461191b565b9288611853565b9488611873565b92600184018094116108835761071b6001600160401b03916113529736916117da565b15610874576113686001600160401b0391611880565b961695865f525f60205260ff60405f20541661162e5785156110795786905f5b87811061159b57507f222f9bd742792618a2e718ed4fe042403c5b8d4fcea387438d750752bd7776dc906040516113be8161179e565b600181526001600160401b036020820192169182815261141163ffffffff60408401818d16815260608501938c8552885f525f602052610f8a60405f2096511515879060ff801983541691151516179055565b51815467ffffffffffffffff60681b191660689190911b67ffffffffffffffff60681b16179055604080519182526020820181905281906114559082018a8961189e565b0390a2835f52600a60205260405f20805493600160401b85101561158757600185018083558510156115735787967f9a489f635fd4977bbd8ffbaadeb1c343aa0e44d3202db89fbbf6fb9839e92ad095611540935f5260205f208160021c019060c082549160061b16906001600160401b038b831b921b1916179055875f52600b60205260405f2060018060a01b0333165f5260205260405f20600160ff19825416179055875f52600c60205260405f20600163ffffffff198254161790556040519485948552602085015260c435604085015233606085015260a0608085015260a084019161189e565b0390a360405190600182527fbf28848b89bc27a74a6525f6c5327f7f34349e1a9cb0c57d114d09a9e4574fe860203393a3005b634e487b7160e01b5f52603260045260245ffd5b634e487b7160e01b5f52604160045260245ffd5b91506115ab61101a83898861182f565b6001600160a01b038116158015611606575b611079578892611600600192855f528360205260405f20848060a01b0382165f5260205260405f208460ff19825416179055855f52600260205260405f20611a74565b01611388565b50885f52600160205260405f2060018060a01b0382165f5260205260ff60405f2054166115bd565b86634fb70b5360e11b5f5260045260245ffd5b87856328a72dcf60e01b5f5260045260245260445ffd5b895f5260016020528a61167361101a8360405f20938d61182f565b60018060a01b03165f5260205260ff60405f2054161561107957336001600160a01b036116a461101a848f8e61182f565b16146116b3575b6001016112be565b600191506116ab565b87632d4c223760e11b5f526004523360245260445ffd5b8762c09b0b60e21b5f5260045260245ffd5b600435906001600160401b038216820361012357565b602435906001600160401b038216820361012357565b604435906001600160401b038216820361012357565b60a435906001600160401b038216820361012357565b9181601f84011215610123578235916001600160401b038311610123576020808501948460051b01011161012357565b602435906001600160a01b038216820361012357565b604081019081106001600160401b0382111761158757604052565b608081019081106001600160401b0382111761158757604052565b90601f801991011681019081106001600160401b0382111761158757604052565b929190926001600160401b038411611587578360051b906020604051611802828501826117b9565b809681520191810192831161012357905b82821061181f57505050565b8135815260209182019101611813565b91908110156115735760051b0190565b356001600160a01b03811681036101235790565b906001600160401b03809116911603906001600160401b03821161088357565b9190820391821161088357565b6001600160401b036001911601906001600160401b03821161088357565b916020908281520191905f905b8082106118b85750505090565b90919283359060018060a01b038216809203610123576020816001938293520194019201906118ab565b916001600160401b03908160405193816020860196168652166040840152166060820152606081526119156080826117b9565b51902090565b916001600160401b03604051928160208501951685521660408301526060820152606081526119156080826117b9565b5f1981146108835760010190565b92939084158015611a3e575b611a3557935f925b6001821161198a5750505114918261198457505090565b14919050565b8160018218106119ad575b60011c90600181018091116108835760011c9061196d565b9482518414611a2b576119bf8461194b565b9383518110156115735760051b83016020015160018716611a035760405190602082019283526040820152604081526119f96060826117b9565b5190205b94611995565b906040519060208201928352604082015260408152611a236060826117b9565b5190206119fd565b5050505050505f90565b50505050505f90565b5084831015611965565b63ffffffff1663ffffffff81146108835760010190565b8054821015611573575f5260205f2001905f90565b90815491600160401b8310156115875782611a97916001611abb95018155611a5f565b81546001600160a01b0393841660039290921b91821b9390911b1916919091179055565b565b6001600160401b03165f81815260016020908152604080832033845290915290205491929160ff1615610496576001600160a01b0383169182158015611ee3575b611ecd57815f52600760205260405f20835f5260205260405f2054155f14611ea657815f52600860205260405f20835f52602052611b4b8160405f209060ff801983541691151516179055565b815f52600660205260405f20835f5260205260405f205493825f52600960205260405f20845f5260205260405f20855f5260205260405f2060018060a01b0333165f5260205260ff60405f205416611e8f57825f52600960205260405f20845f5260205260405f20855f5260205260405f2060018060a01b0333165f5260205260405f20600160ff19825416179055825f52600760205260405f20845f5260205260405f2091611bfb835461194b565b809355835f525f60205260405f2095637fffffff875460491c166001810180911161088357604051948315159586815281602082015282604082015288887fefa45edcb68f3fda21bbbd1942ae7f4b9569be4aa4f411edf4083b977e75b05f60603394a410611e8657845f52600760205260405f20865f526020525f60408120556001810180911161088357845f52600660205260405f20865f5260205260405f20555f14611d3c5790611d33839495611d016020947f898c7d194dc48bfb47508e071ec40ffa16713679e0001e3da5176fe5463dcdd1965f526001865260405f20895f52865260405f20600160ff19825416179055875f526002865260405f20611a74565b611d1463ffffffff825460481c16611a48565b63ffffffff60481b82549160481b169063ffffffff60481b1916179055565b604051908152a3565b50815f52600160205260405f20835f5260205260405f2060ff198154169055815f52600260205260405f20935f5b855480821015611e7a5785611d7f8389611a5f565b905460039190911b1c6001600160a01b031614611d9f5750600101611d6a565b905f96929394959619820191821161088357611a97611dc1611dda9385611a5f565b905460039190911b1c6001600160a01b03169184611a5f565b80548015611e66575f190190611df08282611a5f565b81549060018060a01b039060031b1b19169055555b63ffffffff815460481c1691821561088357611e616020927f898c7d194dc48bfb47508e071ec40ffa16713679e0001e3da5176fe5463dcdd1945f190163ffffffff60481b82549160481b169063ffffffff60481b1916179055565b611d33565b634e487b7160e01b5f52603160045260245ffd5b50509091929350611e05565b50505050505050565b83631aaced4f60e21b5f523360045260245260445ffd5b815f52600860205260405f20835f5260205260ff60405f2054168115159015150315611b4b575b506366e8813560e11b5f5260045260245260445ffd5b50815f52600160205260405f20835f5260205260ff60405f20541681151590151514611afe56fea264697066735822122043d4bcc6066fde1adf8acd67b1f83b8b50194a3c0c5234c12284e4f598e1ec0e64736f6c634300081e0033",
}

// AnchorRegistry is an auto generated Go binding around an Ethereum contract.
type AnchorRegistry struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *AnchorRegistry) GetABI() abi.ABI {
	return c.abi
}

// NewAnchorRegistry creates a new instance of AnchorRegistry.
func NewAnchorRegistry() *AnchorRegistry {
	parsed, err := AnchorRegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &AnchorRegistry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *AnchorRegistry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackChainInfo is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1aa4f3ba.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function chainInfo(uint64 chainId) view returns((bool,uint64,uint32,uint64))
func (anchorRegistry *AnchorRegistry) PackChainInfo(chainId uint64) []byte {
	enc, err := anchorRegistry.abi.Pack("chainInfo", chainId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChainInfo is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1aa4f3ba.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function chainInfo(uint64 chainId) view returns((bool,uint64,uint32,uint64))
func (anchorRegistry *AnchorRegistry) TryPackChainInfo(chainId uint64) ([]byte, error) {
	return anchorRegistry.abi.Pack("chainInfo", chainId)
}

// UnpackChainInfo is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1aa4f3ba.
//
// Solidity: function chainInfo(uint64 chainId) view returns((bool,uint64,uint32,uint64))
func (anchorRegistry *AnchorRegistry) UnpackChainInfo(data []byte) (AnchorRegistryChain, error) {
	out, err := anchorRegistry.abi.Unpack("chainInfo", data)
	if err != nil {
		return *new(AnchorRegistryChain), err
	}
	out0 := *abi.ConvertType(out[0], new(AnchorRegistryChain)).(*AnchorRegistryChain)
	return out0, nil
}

// PackDeclareFork is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x16ab6610.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function declareFork(uint64 oldChainId, uint64 rangeStart, uint64 forkHeight, bytes32 forkBlockHash, bytes32[] proof, uint64 newChainId, bytes32 newGenesisHash, address[] newMembers) returns()
func (anchorRegistry *AnchorRegistry) PackDeclareFork(oldChainId uint64, rangeStart uint64, forkHeight uint64, forkBlockHash [32]byte, proof [][32]byte, newChainId uint64, newGenesisHash [32]byte, newMembers []common.Address) []byte {
	enc, err := anchorRegistry.abi.Pack("declareFork", oldChainId, rangeStart, forkHeight, forkBlockHash, proof, newChainId, newGenesisHash, newMembers)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeclareFork is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x16ab6610.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function declareFork(uint64 oldChainId, uint64 rangeStart, uint64 forkHeight, bytes32 forkBlockHash, bytes32[] proof, uint64 newChainId, bytes32 newGenesisHash, address[] newMembers) returns()
func (anchorRegistry *AnchorRegistry) TryPackDeclareFork(oldChainId uint64, rangeStart uint64, forkHeight uint64, forkBlockHash [32]byte, proof [][32]byte, newChainId uint64, newGenesisHash [32]byte, newMembers []common.Address) ([]byte, error) {
	return anchorRegistry.abi.Pack("declareFork", oldChainId, rangeStart, forkHeight, forkBlockHash, proof, newChainId, newGenesisHash, newMembers)
}

// PackEndorseFork is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa2e83fe0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function endorseFork(uint64 newChainId) returns()
func (anchorRegistry *AnchorRegistry) PackEndorseFork(newChainId uint64) []byte {
	enc, err := anchorRegistry.abi.Pack("endorseFork", newChainId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEndorseFork is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa2e83fe0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function endorseFork(uint64 newChainId) returns()
func (anchorRegistry *AnchorRegistry) TryPackEndorseFork(newChainId uint64) ([]byte, error) {
	return anchorRegistry.abi.Pack("endorseFork", newChainId)
}

// PackEndorsed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d3f43ec.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function endorsed(uint64 , address ) view returns(bool)
func (anchorRegistry *AnchorRegistry) PackEndorsed(arg0 uint64, arg1 common.Address) []byte {
	enc, err := anchorRegistry.abi.Pack("endorsed", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEndorsed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d3f43ec.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function endorsed(uint64 , address ) view returns(bool)
func (anchorRegistry *AnchorRegistry) TryPackEndorsed(arg0 uint64, arg1 common.Address) ([]byte, error) {
	return anchorRegistry.abi.Pack("endorsed", arg0, arg1)
}

// UnpackEndorsed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5d3f43ec.
//
// Solidity: function endorsed(uint64 , address ) view returns(bool)
func (anchorRegistry *AnchorRegistry) UnpackEndorsed(data []byte) (bool, error) {
	out, err := anchorRegistry.abi.Unpack("endorsed", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackEndorsements is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7bd34c06.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function endorsements(uint64 ) view returns(uint32)
func (anchorRegistry *AnchorRegistry) PackEndorsements(arg0 uint64) []byte {
	enc, err := anchorRegistry.abi.Pack("endorsements", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEndorsements is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7bd34c06.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function endorsements(uint64 ) view returns(uint32)
func (anchorRegistry *AnchorRegistry) TryPackEndorsements(arg0 uint64) ([]byte, error) {
	return anchorRegistry.abi.Pack("endorsements", arg0)
}

// UnpackEndorsements is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7bd34c06.
//
// Solidity: function endorsements(uint64 ) view returns(uint32)
func (anchorRegistry *AnchorRegistry) UnpackEndorsements(data []byte) (uint32, error) {
	out, err := anchorRegistry.abi.Unpack("endorsements", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackIsMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe4103cdf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isMember(uint64 , address ) view returns(bool)
func (anchorRegistry *AnchorRegistry) PackIsMember(arg0 uint64, arg1 common.Address) []byte {
	enc, err := anchorRegistry.abi.Pack("isMember", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe4103cdf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isMember(uint64 , address ) view returns(bool)
func (anchorRegistry *AnchorRegistry) TryPackIsMember(arg0 uint64, arg1 common.Address) ([]byte, error) {
	return anchorRegistry.abi.Pack("isMember", arg0, arg1)
}

// UnpackIsMember is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe4103cdf.
//
// Solidity: function isMember(uint64 , address ) view returns(bool)
func (anchorRegistry *AnchorRegistry) UnpackIsMember(data []byte) (bool, error) {
	out, err := anchorRegistry.abi.Unpack("isMember", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackLastCheckpointHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2c256f0e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastCheckpointHash(uint64 , address ) view returns(bytes32)
func (anchorRegistry *AnchorRegistry) PackLastCheckpointHash(arg0 uint64, arg1 common.Address) []byte {
	enc, err := anchorRegistry.abi.Pack("lastCheckpointHash", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastCheckpointHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2c256f0e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastCheckpointHash(uint64 , address ) view returns(bytes32)
func (anchorRegistry *AnchorRegistry) TryPackLastCheckpointHash(arg0 uint64, arg1 common.Address) ([]byte, error) {
	return anchorRegistry.abi.Pack("lastCheckpointHash", arg0, arg1)
}

// UnpackLastCheckpointHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2c256f0e.
//
// Solidity: function lastCheckpointHash(uint64 , address ) view returns(bytes32)
func (anchorRegistry *AnchorRegistry) UnpackLastCheckpointHash(data []byte) ([32]byte, error) {
	out, err := anchorRegistry.abi.Unpack("lastCheckpointHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackLeaf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4371cf9e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function leaf(uint64 chainId, uint64 number, bytes32 blockHash) pure returns(bytes32)
func (anchorRegistry *AnchorRegistry) PackLeaf(chainId uint64, number uint64, blockHash [32]byte) []byte {
	enc, err := anchorRegistry.abi.Pack("leaf", chainId, number, blockHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLeaf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4371cf9e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function leaf(uint64 chainId, uint64 number, bytes32 blockHash) pure returns(bytes32)
func (anchorRegistry *AnchorRegistry) TryPackLeaf(chainId uint64, number uint64, blockHash [32]byte) ([]byte, error) {
	return anchorRegistry.abi.Pack("leaf", chainId, number, blockHash)
}

// UnpackLeaf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4371cf9e.
//
// Solidity: function leaf(uint64 chainId, uint64 number, bytes32 blockHash) pure returns(bytes32)
func (anchorRegistry *AnchorRegistry) UnpackLeaf(data []byte) ([32]byte, error) {
	out, err := anchorRegistry.abi.Unpack("leaf", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackMemberState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6433353d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function memberState(uint64 chainId, address member) view returns((uint64,uint64))
func (anchorRegistry *AnchorRegistry) PackMemberState(chainId uint64, member common.Address) []byte {
	enc, err := anchorRegistry.abi.Pack("memberState", chainId, member)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMemberState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6433353d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function memberState(uint64 chainId, address member) view returns((uint64,uint64))
func (anchorRegistry *AnchorRegistry) TryPackMemberState(chainId uint64, member common.Address) ([]byte, error) {
	return anchorRegistry.abi.Pack("memberState", chainId, member)
}

// UnpackMemberState is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6433353d.
//
// Solidity: function memberState(uint64 chainId, address member) view returns((uint64,uint64))
func (anchorRegistry *AnchorRegistry) UnpackMemberState(data []byte) (AnchorRegistryMemberState, error) {
	out, err := anchorRegistry.abi.Unpack("memberState", data)
	if err != nil {
		return *new(AnchorRegistryMemberState), err
	}
	out0 := *abi.ConvertType(out[0], new(AnchorRegistryMemberState)).(*AnchorRegistryMemberState)
	return out0, nil
}

// PackMembers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x82ab8c35.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function members(uint64 chainId) view returns(address[])
func (anchorRegistry *AnchorRegistry) PackMembers(chainId uint64) []byte {
	enc, err := anchorRegistry.abi.Pack("members", chainId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMembers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x82ab8c35.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function members(uint64 chainId) view returns(address[])
func (anchorRegistry *AnchorRegistry) TryPackMembers(chainId uint64) ([]byte, error) {
	return anchorRegistry.abi.Pack("members", chainId)
}

// UnpackMembers is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x82ab8c35.
//
// Solidity: function members(uint64 chainId) view returns(address[])
func (anchorRegistry *AnchorRegistry) UnpackMembers(data []byte) ([]common.Address, error) {
	out, err := anchorRegistry.abi.Unpack("members", data)
	if err != nil {
		return *new([]common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	return out0, nil
}

// PackProveConflict is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x704add60.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proveConflict(uint64 chainId, uint64[2] rangeA, uint64[2] rangeB, uint64 height, bytes32 hashA, bytes32[] proofA, bytes32 hashB, bytes32[] proofB) returns()
func (anchorRegistry *AnchorRegistry) PackProveConflict(chainId uint64, rangeA [2]uint64, rangeB [2]uint64, height uint64, hashA [32]byte, proofA [][32]byte, hashB [32]byte, proofB [][32]byte) []byte {
	enc, err := anchorRegistry.abi.Pack("proveConflict", chainId, rangeA, rangeB, height, hashA, proofA, hashB, proofB)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProveConflict is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x704add60.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proveConflict(uint64 chainId, uint64[2] rangeA, uint64[2] rangeB, uint64 height, bytes32 hashA, bytes32[] proofA, bytes32 hashB, bytes32[] proofB) returns()
func (anchorRegistry *AnchorRegistry) TryPackProveConflict(chainId uint64, rangeA [2]uint64, rangeB [2]uint64, height uint64, hashA [32]byte, proofA [][32]byte, hashB [32]byte, proofB [][32]byte) ([]byte, error) {
	return anchorRegistry.abi.Pack("proveConflict", chainId, rangeA, rangeB, height, hashA, proofA, hashB, proofB)
}

// PackRangeKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x204247c8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rangeKey(uint64 chainId, uint64 start, uint64 end) pure returns(bytes32)
func (anchorRegistry *AnchorRegistry) PackRangeKey(chainId uint64, start uint64, end uint64) []byte {
	enc, err := anchorRegistry.abi.Pack("rangeKey", chainId, start, end)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRangeKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x204247c8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rangeKey(uint64 chainId, uint64 start, uint64 end) pure returns(bytes32)
func (anchorRegistry *AnchorRegistry) TryPackRangeKey(chainId uint64, start uint64, end uint64) ([]byte, error) {
	return anchorRegistry.abi.Pack("rangeKey", chainId, start, end)
}

// UnpackRangeKey is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x204247c8.
//
// Solidity: function rangeKey(uint64 chainId, uint64 start, uint64 end) pure returns(bytes32)
func (anchorRegistry *AnchorRegistry) UnpackRangeKey(data []byte) ([32]byte, error) {
	out, err := anchorRegistry.abi.Unpack("rangeKey", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRangeRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe0245803.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rangeRoot(bytes32 ) view returns(bytes32)
func (anchorRegistry *AnchorRegistry) PackRangeRoot(arg0 [32]byte) []byte {
	enc, err := anchorRegistry.abi.Pack("rangeRoot", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRangeRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe0245803.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rangeRoot(bytes32 ) view returns(bytes32)
func (anchorRegistry *AnchorRegistry) TryPackRangeRoot(arg0 [32]byte) ([]byte, error) {
	return anchorRegistry.abi.Pack("rangeRoot", arg0)
}

// UnpackRangeRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe0245803.
//
// Solidity: function rangeRoot(bytes32 ) view returns(bytes32)
func (anchorRegistry *AnchorRegistry) UnpackRangeRoot(data []byte) ([32]byte, error) {
	out, err := anchorRegistry.abi.Unpack("rangeRoot", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRegisterChain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x425f44ec.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registerChain(uint64 chainId, uint64 startHeight, address[] initialMembers) returns()
func (anchorRegistry *AnchorRegistry) PackRegisterChain(chainId uint64, startHeight uint64, initialMembers []common.Address) []byte {
	enc, err := anchorRegistry.abi.Pack("registerChain", chainId, startHeight, initialMembers)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegisterChain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x425f44ec.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registerChain(uint64 chainId, uint64 startHeight, address[] initialMembers) returns()
func (anchorRegistry *AnchorRegistry) TryPackRegisterChain(chainId uint64, startHeight uint64, initialMembers []common.Address) ([]byte, error) {
	return anchorRegistry.abi.Pack("registerChain", chainId, startHeight, initialMembers)
}

// PackSubmitCheckpoint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6f7edfd6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function submitCheckpoint(uint64 chainId, uint64 start, uint64 end, bytes32 root, bytes32 endBlockHash, bytes32 prevCheckpointHash) returns()
func (anchorRegistry *AnchorRegistry) PackSubmitCheckpoint(chainId uint64, start uint64, end uint64, root [32]byte, endBlockHash [32]byte, prevCheckpointHash [32]byte) []byte {
	enc, err := anchorRegistry.abi.Pack("submitCheckpoint", chainId, start, end, root, endBlockHash, prevCheckpointHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSubmitCheckpoint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6f7edfd6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function submitCheckpoint(uint64 chainId, uint64 start, uint64 end, bytes32 root, bytes32 endBlockHash, bytes32 prevCheckpointHash) returns()
func (anchorRegistry *AnchorRegistry) TryPackSubmitCheckpoint(chainId uint64, start uint64, end uint64, root [32]byte, endBlockHash [32]byte, prevCheckpointHash [32]byte) ([]byte, error) {
	return anchorRegistry.abi.Pack("submitCheckpoint", chainId, start, end, root, endBlockHash, prevCheckpointHash)
}

// PackSuccessors is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xac3d8d0b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function successors(uint64 oldChainId) view returns(uint64[])
func (anchorRegistry *AnchorRegistry) PackSuccessors(oldChainId uint64) []byte {
	enc, err := anchorRegistry.abi.Pack("successors", oldChainId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSuccessors is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xac3d8d0b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function successors(uint64 oldChainId) view returns(uint64[])
func (anchorRegistry *AnchorRegistry) TryPackSuccessors(oldChainId uint64) ([]byte, error) {
	return anchorRegistry.abi.Pack("successors", oldChainId)
}

// UnpackSuccessors is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xac3d8d0b.
//
// Solidity: function successors(uint64 oldChainId) view returns(uint64[])
func (anchorRegistry *AnchorRegistry) UnpackSuccessors(data []byte) ([]uint64, error) {
	out, err := anchorRegistry.abi.Unpack("successors", data)
	if err != nil {
		return *new([]uint64), err
	}
	out0 := *abi.ConvertType(out[0], new([]uint64)).(*[]uint64)
	return out0, nil
}

// PackVerifyLeaf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e5228e0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verifyLeaf(bytes32 root, bytes32 leafHash, uint256 index, uint256 count, bytes32[] proof) pure returns(bool)
func (anchorRegistry *AnchorRegistry) PackVerifyLeaf(root [32]byte, leafHash [32]byte, index *big.Int, count *big.Int, proof [][32]byte) []byte {
	enc, err := anchorRegistry.abi.Pack("verifyLeaf", root, leafHash, index, count, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerifyLeaf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e5228e0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verifyLeaf(bytes32 root, bytes32 leafHash, uint256 index, uint256 count, bytes32[] proof) pure returns(bool)
func (anchorRegistry *AnchorRegistry) TryPackVerifyLeaf(root [32]byte, leafHash [32]byte, index *big.Int, count *big.Int, proof [][32]byte) ([]byte, error) {
	return anchorRegistry.abi.Pack("verifyLeaf", root, leafHash, index, count, proof)
}

// UnpackVerifyLeaf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4e5228e0.
//
// Solidity: function verifyLeaf(bytes32 root, bytes32 leafHash, uint256 index, uint256 count, bytes32[] proof) pure returns(bool)
func (anchorRegistry *AnchorRegistry) UnpackVerifyLeaf(data []byte) (bool, error) {
	out, err := anchorRegistry.abi.Unpack("verifyLeaf", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackVoteMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf623f17a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function voteMember(uint64 chainId, address subject, bool add) returns()
func (anchorRegistry *AnchorRegistry) PackVoteMember(chainId uint64, subject common.Address, add bool) []byte {
	enc, err := anchorRegistry.abi.Pack("voteMember", chainId, subject, add)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVoteMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf623f17a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function voteMember(uint64 chainId, address subject, bool add) returns()
func (anchorRegistry *AnchorRegistry) TryPackVoteMember(chainId uint64, subject common.Address, add bool) ([]byte, error) {
	return anchorRegistry.abi.Pack("voteMember", chainId, subject, add)
}

// PackVotesFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf0a74c6c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function votesFor(uint64 , address ) view returns(uint256)
func (anchorRegistry *AnchorRegistry) PackVotesFor(arg0 uint64, arg1 common.Address) []byte {
	enc, err := anchorRegistry.abi.Pack("votesFor", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVotesFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf0a74c6c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function votesFor(uint64 , address ) view returns(uint256)
func (anchorRegistry *AnchorRegistry) TryPackVotesFor(arg0 uint64, arg1 common.Address) ([]byte, error) {
	return anchorRegistry.abi.Pack("votesFor", arg0, arg1)
}

// UnpackVotesFor is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf0a74c6c.
//
// Solidity: function votesFor(uint64 , address ) view returns(uint256)
func (anchorRegistry *AnchorRegistry) UnpackVotesFor(data []byte) (*big.Int, error) {
	out, err := anchorRegistry.abi.Unpack("votesFor", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// AnchorRegistryChainRegistered represents a ChainRegistered event raised by the AnchorRegistry contract.
type AnchorRegistryChainRegistered struct {
	ChainId     uint64
	StartHeight uint64
	Members     []common.Address
	Raw         *types.Log // Blockchain specific contextual infos
}

const AnchorRegistryChainRegisteredEventName = "ChainRegistered"

// ContractEventName returns the user-defined event name.
func (AnchorRegistryChainRegistered) ContractEventName() string {
	return AnchorRegistryChainRegisteredEventName
}

// UnpackChainRegisteredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ChainRegistered(uint64 indexed chainId, uint64 startHeight, address[] members)
func (anchorRegistry *AnchorRegistry) UnpackChainRegisteredEvent(log *types.Log) (*AnchorRegistryChainRegistered, error) {
	event := "ChainRegistered"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anchorRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnchorRegistryChainRegistered)
	if len(log.Data) > 0 {
		if err := anchorRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anchorRegistry.abi.Events[event].Inputs {
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

// AnchorRegistryCheckpointConflict represents a CheckpointConflict event raised by the AnchorRegistry contract.
type AnchorRegistryCheckpointConflict struct {
	ChainId    uint64
	Start      uint64
	End        uint64
	Member     common.Address
	StoredRoot [32]byte
	Root       [32]byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const AnchorRegistryCheckpointConflictEventName = "CheckpointConflict"

// ContractEventName returns the user-defined event name.
func (AnchorRegistryCheckpointConflict) ContractEventName() string {
	return AnchorRegistryCheckpointConflictEventName
}

// UnpackCheckpointConflictEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CheckpointConflict(uint64 indexed chainId, uint64 start, uint64 end, address indexed member, bytes32 storedRoot, bytes32 root)
func (anchorRegistry *AnchorRegistry) UnpackCheckpointConflictEvent(log *types.Log) (*AnchorRegistryCheckpointConflict, error) {
	event := "CheckpointConflict"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anchorRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnchorRegistryCheckpointConflict)
	if len(log.Data) > 0 {
		if err := anchorRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anchorRegistry.abi.Events[event].Inputs {
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

// AnchorRegistryCheckpointSubmitted represents a CheckpointSubmitted event raised by the AnchorRegistry contract.
type AnchorRegistryCheckpointSubmitted struct {
	ChainId            uint64
	Member             common.Address
	Index              uint64
	Start              uint64
	End                uint64
	Root               [32]byte
	EndBlockHash       [32]byte
	PrevCheckpointHash [32]byte
	CheckpointHash     [32]byte
	Raw                *types.Log // Blockchain specific contextual infos
}

const AnchorRegistryCheckpointSubmittedEventName = "CheckpointSubmitted"

// ContractEventName returns the user-defined event name.
func (AnchorRegistryCheckpointSubmitted) ContractEventName() string {
	return AnchorRegistryCheckpointSubmittedEventName
}

// UnpackCheckpointSubmittedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CheckpointSubmitted(uint64 indexed chainId, address indexed member, uint64 indexed index, uint64 start, uint64 end, bytes32 root, bytes32 endBlockHash, bytes32 prevCheckpointHash, bytes32 checkpointHash)
func (anchorRegistry *AnchorRegistry) UnpackCheckpointSubmittedEvent(log *types.Log) (*AnchorRegistryCheckpointSubmitted, error) {
	event := "CheckpointSubmitted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anchorRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnchorRegistryCheckpointSubmitted)
	if len(log.Data) > 0 {
		if err := anchorRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anchorRegistry.abi.Events[event].Inputs {
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

// AnchorRegistryForkDeclared represents a ForkDeclared event raised by the AnchorRegistry contract.
type AnchorRegistryForkDeclared struct {
	OldChainId     uint64
	NewChainId     uint64
	ForkHeight     uint64
	ForkBlockHash  [32]byte
	NewGenesisHash [32]byte
	Declarer       common.Address
	Members        []common.Address
	Raw            *types.Log // Blockchain specific contextual infos
}

const AnchorRegistryForkDeclaredEventName = "ForkDeclared"

// ContractEventName returns the user-defined event name.
func (AnchorRegistryForkDeclared) ContractEventName() string {
	return AnchorRegistryForkDeclaredEventName
}

// UnpackForkDeclaredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ForkDeclared(uint64 indexed oldChainId, uint64 indexed newChainId, uint64 forkHeight, bytes32 forkBlockHash, bytes32 newGenesisHash, address declarer, address[] members)
func (anchorRegistry *AnchorRegistry) UnpackForkDeclaredEvent(log *types.Log) (*AnchorRegistryForkDeclared, error) {
	event := "ForkDeclared"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anchorRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnchorRegistryForkDeclared)
	if len(log.Data) > 0 {
		if err := anchorRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anchorRegistry.abi.Events[event].Inputs {
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

// AnchorRegistryForkEndorsed represents a ForkEndorsed event raised by the AnchorRegistry contract.
type AnchorRegistryForkEndorsed struct {
	NewChainId   uint64
	Member       common.Address
	Endorsements uint32
	Raw          *types.Log // Blockchain specific contextual infos
}

const AnchorRegistryForkEndorsedEventName = "ForkEndorsed"

// ContractEventName returns the user-defined event name.
func (AnchorRegistryForkEndorsed) ContractEventName() string {
	return AnchorRegistryForkEndorsedEventName
}

// UnpackForkEndorsedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ForkEndorsed(uint64 indexed newChainId, address indexed member, uint32 endorsements)
func (anchorRegistry *AnchorRegistry) UnpackForkEndorsedEvent(log *types.Log) (*AnchorRegistryForkEndorsed, error) {
	event := "ForkEndorsed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anchorRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnchorRegistryForkEndorsed)
	if len(log.Data) > 0 {
		if err := anchorRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anchorRegistry.abi.Events[event].Inputs {
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

// AnchorRegistryMemberVoted represents a MemberVoted event raised by the AnchorRegistry contract.
type AnchorRegistryMemberVoted struct {
	ChainId uint64
	Subject common.Address
	Voter   common.Address
	Add     bool
	Votes   *big.Int
	Needed  *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const AnchorRegistryMemberVotedEventName = "MemberVoted"

// ContractEventName returns the user-defined event name.
func (AnchorRegistryMemberVoted) ContractEventName() string {
	return AnchorRegistryMemberVotedEventName
}

// UnpackMemberVotedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event MemberVoted(uint64 indexed chainId, address indexed subject, address indexed voter, bool add, uint256 votes, uint256 needed)
func (anchorRegistry *AnchorRegistry) UnpackMemberVotedEvent(log *types.Log) (*AnchorRegistryMemberVoted, error) {
	event := "MemberVoted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anchorRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnchorRegistryMemberVoted)
	if len(log.Data) > 0 {
		if err := anchorRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anchorRegistry.abi.Events[event].Inputs {
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

// AnchorRegistryMembershipChanged represents a MembershipChanged event raised by the AnchorRegistry contract.
type AnchorRegistryMembershipChanged struct {
	ChainId uint64
	Member  common.Address
	Added   bool
	Raw     *types.Log // Blockchain specific contextual infos
}

const AnchorRegistryMembershipChangedEventName = "MembershipChanged"

// ContractEventName returns the user-defined event name.
func (AnchorRegistryMembershipChanged) ContractEventName() string {
	return AnchorRegistryMembershipChangedEventName
}

// UnpackMembershipChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event MembershipChanged(uint64 indexed chainId, address indexed member, bool added)
func (anchorRegistry *AnchorRegistry) UnpackMembershipChangedEvent(log *types.Log) (*AnchorRegistryMembershipChanged, error) {
	event := "MembershipChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anchorRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnchorRegistryMembershipChanged)
	if len(log.Data) > 0 {
		if err := anchorRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anchorRegistry.abi.Events[event].Inputs {
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

// AnchorRegistryProvenConflict represents a ProvenConflict event raised by the AnchorRegistry contract.
type AnchorRegistryProvenConflict struct {
	ChainId uint64
	Height  uint64
	StartA  uint64
	EndA    uint64
	HashA   [32]byte
	StartB  uint64
	EndB    uint64
	HashB   [32]byte
	Raw     *types.Log // Blockchain specific contextual infos
}

const AnchorRegistryProvenConflictEventName = "ProvenConflict"

// ContractEventName returns the user-defined event name.
func (AnchorRegistryProvenConflict) ContractEventName() string {
	return AnchorRegistryProvenConflictEventName
}

// UnpackProvenConflictEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ProvenConflict(uint64 indexed chainId, uint64 indexed height, uint64 startA, uint64 endA, bytes32 hashA, uint64 startB, uint64 endB, bytes32 hashB)
func (anchorRegistry *AnchorRegistry) UnpackProvenConflictEvent(log *types.Log) (*AnchorRegistryProvenConflict, error) {
	event := "ProvenConflict"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anchorRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnchorRegistryProvenConflict)
	if len(log.Data) > 0 {
		if err := anchorRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anchorRegistry.abi.Events[event].Inputs {
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
func (anchorRegistry *AnchorRegistry) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["AlreadyEndorsed"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackAlreadyEndorsedError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["AlreadyVoted"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackAlreadyVotedError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["BadMembers"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackBadMembersError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["BadRange"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackBadRangeError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["BadVote"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackBadVoteError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["ChainExists"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackChainExistsError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["EmptyRoot"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackEmptyRootError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["HeightOutsideRange"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackHeightOutsideRangeError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["InvalidProof"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackInvalidProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["NoConflict"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackNoConflictError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["NotContiguous"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackNotContiguousError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["NotMember"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackNotMemberError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["UnknownChain"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackUnknownChainError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["UnknownRange"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackUnknownRangeError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchorRegistry.abi.Errors["WrongPrev"].ID.Bytes()[:4]) {
		return anchorRegistry.UnpackWrongPrevError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// AnchorRegistryAlreadyEndorsed represents a AlreadyEndorsed error raised by the AnchorRegistry contract.
type AnchorRegistryAlreadyEndorsed struct {
	ChainId uint64
	Member  common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyEndorsed(uint64 chainId, address member)
func AnchorRegistryAlreadyEndorsedErrorID() common.Hash {
	return common.HexToHash("0xd284a2f81e70556a7ae8398391f0ac254574a1cc3479c8f3881d61f3f4b60123")
}

// UnpackAlreadyEndorsedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyEndorsed(uint64 chainId, address member)
func (anchorRegistry *AnchorRegistry) UnpackAlreadyEndorsedError(raw []byte) (*AnchorRegistryAlreadyEndorsed, error) {
	out := new(AnchorRegistryAlreadyEndorsed)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "AlreadyEndorsed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryAlreadyVoted represents a AlreadyVoted error raised by the AnchorRegistry contract.
type AnchorRegistryAlreadyVoted struct {
	Voter   common.Address
	Subject common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyVoted(address voter, address subject)
func AnchorRegistryAlreadyVotedErrorID() common.Hash {
	return common.HexToHash("0x6ab3b53c96e82f83f56e22516314f884e721ccea152f7470b156fe5d29c5a60f")
}

// UnpackAlreadyVotedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyVoted(address voter, address subject)
func (anchorRegistry *AnchorRegistry) UnpackAlreadyVotedError(raw []byte) (*AnchorRegistryAlreadyVoted, error) {
	out := new(AnchorRegistryAlreadyVoted)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "AlreadyVoted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryBadMembers represents a BadMembers error raised by the AnchorRegistry contract.
type AnchorRegistryBadMembers struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadMembers()
func AnchorRegistryBadMembersErrorID() common.Hash {
	return common.HexToHash("0xad359a42e44f36736c6c44b3e02d39ef52d9ecd5bec2b175a9f031ea495385ba")
}

// UnpackBadMembersError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadMembers()
func (anchorRegistry *AnchorRegistry) UnpackBadMembersError(raw []byte) (*AnchorRegistryBadMembers, error) {
	out := new(AnchorRegistryBadMembers)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "BadMembers", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryBadRange represents a BadRange error raised by the AnchorRegistry contract.
type AnchorRegistryBadRange struct {
	Start uint64
	End   uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadRange(uint64 start, uint64 end)
func AnchorRegistryBadRangeErrorID() common.Hash {
	return common.HexToHash("0xfb71c3e5190159a0368ffcc4f492e4f10114c9d6a3f454721e8407e7c307097f")
}

// UnpackBadRangeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadRange(uint64 start, uint64 end)
func (anchorRegistry *AnchorRegistry) UnpackBadRangeError(raw []byte) (*AnchorRegistryBadRange, error) {
	out := new(AnchorRegistryBadRange)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "BadRange", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryBadVote represents a BadVote error raised by the AnchorRegistry contract.
type AnchorRegistryBadVote struct {
	ChainId uint64
	Subject common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadVote(uint64 chainId, address subject)
func AnchorRegistryBadVoteErrorID() common.Hash {
	return common.HexToHash("0xcdd1026a796168b087b3a9bcde07f469ef43962b9ce1990594a9b1a1965e1d44")
}

// UnpackBadVoteError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadVote(uint64 chainId, address subject)
func (anchorRegistry *AnchorRegistry) UnpackBadVoteError(raw []byte) (*AnchorRegistryBadVote, error) {
	out := new(AnchorRegistryBadVote)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "BadVote", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryChainExists represents a ChainExists error raised by the AnchorRegistry contract.
type AnchorRegistryChainExists struct {
	ChainId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChainExists(uint64 chainId)
func AnchorRegistryChainExistsErrorID() common.Hash {
	return common.HexToHash("0x9f6e16a6ef9a1132a95bb59361a2ed765a1a209f82bf1e2a91a39d253894d0e8")
}

// UnpackChainExistsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChainExists(uint64 chainId)
func (anchorRegistry *AnchorRegistry) UnpackChainExistsError(raw []byte) (*AnchorRegistryChainExists, error) {
	out := new(AnchorRegistryChainExists)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "ChainExists", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryEmptyRoot represents a EmptyRoot error raised by the AnchorRegistry contract.
type AnchorRegistryEmptyRoot struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyRoot()
func AnchorRegistryEmptyRootErrorID() common.Hash {
	return common.HexToHash("0x53ce4ece66102bfdfb7e2dd6215b88dbc54b76fd92f4bed53b69b1166a744a63")
}

// UnpackEmptyRootError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyRoot()
func (anchorRegistry *AnchorRegistry) UnpackEmptyRootError(raw []byte) (*AnchorRegistryEmptyRoot, error) {
	out := new(AnchorRegistryEmptyRoot)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "EmptyRoot", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryHeightOutsideRange represents a HeightOutsideRange error raised by the AnchorRegistry contract.
type AnchorRegistryHeightOutsideRange struct {
	Height uint64
	Start  uint64
	End    uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error HeightOutsideRange(uint64 height, uint64 start, uint64 end)
func AnchorRegistryHeightOutsideRangeErrorID() common.Hash {
	return common.HexToHash("0x1d5ff1643dab3ccb3806aa98da49d123e64288638b0fd195ca87168d1b9cac50")
}

// UnpackHeightOutsideRangeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error HeightOutsideRange(uint64 height, uint64 start, uint64 end)
func (anchorRegistry *AnchorRegistry) UnpackHeightOutsideRangeError(raw []byte) (*AnchorRegistryHeightOutsideRange, error) {
	out := new(AnchorRegistryHeightOutsideRange)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "HeightOutsideRange", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryInvalidProof represents a InvalidProof error raised by the AnchorRegistry contract.
type AnchorRegistryInvalidProof struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidProof()
func AnchorRegistryInvalidProofErrorID() common.Hash {
	return common.HexToHash("0x09bde339c6b182be216ee7ef8ccff6338c6ef7993445216112ae575c5438fd27")
}

// UnpackInvalidProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidProof()
func (anchorRegistry *AnchorRegistry) UnpackInvalidProofError(raw []byte) (*AnchorRegistryInvalidProof, error) {
	out := new(AnchorRegistryInvalidProof)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "InvalidProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryNoConflict represents a NoConflict error raised by the AnchorRegistry contract.
type AnchorRegistryNoConflict struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoConflict()
func AnchorRegistryNoConflictErrorID() common.Hash {
	return common.HexToHash("0x7412124e23106f671f0c15e99815ae376e602111b93496444e63ed6071334091")
}

// UnpackNoConflictError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoConflict()
func (anchorRegistry *AnchorRegistry) UnpackNoConflictError(raw []byte) (*AnchorRegistryNoConflict, error) {
	out := new(AnchorRegistryNoConflict)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "NoConflict", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryNotContiguous represents a NotContiguous error raised by the AnchorRegistry contract.
type AnchorRegistryNotContiguous struct {
	ExpectedStart uint64
	Start         uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotContiguous(uint64 expectedStart, uint64 start)
func AnchorRegistryNotContiguousErrorID() common.Hash {
	return common.HexToHash("0x3f7c9b63d09cdf39d05c922f201a3ecfd66d2d7c4c56691a773a7964be588dbb")
}

// UnpackNotContiguousError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotContiguous(uint64 expectedStart, uint64 start)
func (anchorRegistry *AnchorRegistry) UnpackNotContiguousError(raw []byte) (*AnchorRegistryNotContiguous, error) {
	out := new(AnchorRegistryNotContiguous)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "NotContiguous", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryNotMember represents a NotMember error raised by the AnchorRegistry contract.
type AnchorRegistryNotMember struct {
	ChainId uint64
	Caller  common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotMember(uint64 chainId, address caller)
func AnchorRegistryNotMemberErrorID() common.Hash {
	return common.HexToHash("0x5a98446e5535e5573e00c4a50002aa7cc7aa17b4528ef017a6a7f3d4c9220018")
}

// UnpackNotMemberError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotMember(uint64 chainId, address caller)
func (anchorRegistry *AnchorRegistry) UnpackNotMemberError(raw []byte) (*AnchorRegistryNotMember, error) {
	out := new(AnchorRegistryNotMember)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "NotMember", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryUnknownChain represents a UnknownChain error raised by the AnchorRegistry contract.
type AnchorRegistryUnknownChain struct {
	ChainId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownChain(uint64 chainId)
func AnchorRegistryUnknownChainErrorID() common.Hash {
	return common.HexToHash("0x03026c2c189ca0d31c5fe211b5a6d6d5df4f5beb1e2125b490a9c28686b15779")
}

// UnpackUnknownChainError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownChain(uint64 chainId)
func (anchorRegistry *AnchorRegistry) UnpackUnknownChainError(raw []byte) (*AnchorRegistryUnknownChain, error) {
	out := new(AnchorRegistryUnknownChain)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "UnknownChain", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryUnknownRange represents a UnknownRange error raised by the AnchorRegistry contract.
type AnchorRegistryUnknownRange struct {
	Start uint64
	End   uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownRange(uint64 start, uint64 end)
func AnchorRegistryUnknownRangeErrorID() common.Hash {
	return common.HexToHash("0x28a72dcf72dbe475b6c58998f726feeb1a5d3c6838bc81b780e845f441fcaf36")
}

// UnpackUnknownRangeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownRange(uint64 start, uint64 end)
func (anchorRegistry *AnchorRegistry) UnpackUnknownRangeError(raw []byte) (*AnchorRegistryUnknownRange, error) {
	out := new(AnchorRegistryUnknownRange)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "UnknownRange", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorRegistryWrongPrev represents a WrongPrev error raised by the AnchorRegistry contract.
type AnchorRegistryWrongPrev struct {
	Expected [32]byte
	Got      [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongPrev(bytes32 expected, bytes32 got)
func AnchorRegistryWrongPrevErrorID() common.Hash {
	return common.HexToHash("0x23e89c9a63813e21e719daab578e45bb97257547842d8ea55bd7f2d9df37a6cd")
}

// UnpackWrongPrevError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongPrev(bytes32 expected, bytes32 got)
func (anchorRegistry *AnchorRegistry) UnpackWrongPrevError(raw []byte) (*AnchorRegistryWrongPrev, error) {
	out := new(AnchorRegistryWrongPrev)
	if err := anchorRegistry.abi.UnpackIntoInterface(out, "WrongPrev", raw); err != nil {
		return nil, err
	}
	return out, nil
}
