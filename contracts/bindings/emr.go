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

// EMRGrant is an auto generated low-level Go binding around an user-defined struct.
type EMRGrant struct {
	Scope  uint32
	Expiry uint64
	Active bool
}

// EMRRecord is an auto generated low-level Go binding around an user-defined struct.
type EMRRecord struct {
	Patient      common.Address
	ResourceType uint8
	Version      uint32
	CreatedAt    *big.Int
	Author       common.Address
	PrevId       *big.Int
	NextId       *big.Int
	ContentHash  [32]byte
}

// EMRMetaData contains all meta data concerning the EMR contract.
var EMRMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIdentity\",\"name\":\"identity_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"expectedFirst\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"firstSeq\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastSeq\",\"type\":\"uint64\"}],\"name\":\"AuditGap\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"duration\",\"type\":\"uint64\"}],\"name\":\"BadDuration\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"expiry\",\"type\":\"uint64\"}],\"name\":\"BadExpiry\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"grantee\",\"type\":\"address\"}],\"name\":\"BadGrantee\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"resourceType\",\"type\":\"uint8\"}],\"name\":\"BadResourceType\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"scope\",\"type\":\"uint32\"}],\"name\":\"BadScope\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyAuditRoot\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyContent\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"grantee\",\"type\":\"address\"}],\"name\":\"NoActiveGrant\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"uint8\",\"name\":\"resourceType\",\"type\":\"uint8\"}],\"name\":\"NoWriteAccess\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"}],\"name\":\"NotCustodian\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"id\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"newerId\",\"type\":\"uint64\"}],\"name\":\"NotLatestVersion\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotMemberAdmin\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"}],\"name\":\"NotPatient\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotPractitioner\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReasonRequired\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"id\",\"type\":\"uint64\"}],\"name\":\"UnknownRecord\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"member\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"batchIndex\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"firstSeq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"lastSeq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"batchRoot\",\"type\":\"bytes32\"}],\"name\":\"AuditCommitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"grantee\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"scope\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"expiry\",\"type\":\"uint64\"}],\"name\":\"ConsentGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"grantee\",\"type\":\"address\"}],\"name\":\"ConsentRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"practitioner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"hospital\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"reasonHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"expiresAt\",\"type\":\"uint64\"}],\"name\":\"EmergencyAccessed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"grantee\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"by\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"cid\",\"type\":\"bytes\"}],\"name\":\"KeysShared\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"id\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"author\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"resourceType\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"prevId\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"cid\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"contentHash\",\"type\":\"bytes32\"}],\"name\":\"RecordAdded\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"ALL_TYPES\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_EMERGENCY\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_TYPE\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"uint8\",\"name\":\"resourceType\",\"type\":\"uint8\"},{\"internalType\":\"bytes\",\"name\":\"cid\",\"type\":\"bytes\"},{\"internalType\":\"bytes32\",\"name\":\"contentHash\",\"type\":\"bytes32\"}],\"name\":\"addRecord\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"recordId\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"prevId\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"cid\",\"type\":\"bytes\"},{\"internalType\":\"bytes32\",\"name\":\"contentHash\",\"type\":\"bytes32\"}],\"name\":\"amendRecord\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"newId\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"auditBatches\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"auditLastSeq\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"batchRoot\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"firstSeq\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastSeq\",\"type\":\"uint64\"}],\"name\":\"commitAudit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"reasonHash\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"duration\",\"type\":\"uint64\"}],\"name\":\"emergencyAccess\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"emergencyUntil\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"grantee\",\"type\":\"address\"},{\"internalType\":\"uint32\",\"name\":\"scope\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"expiry\",\"type\":\"uint64\"}],\"name\":\"grant\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"grantee\",\"type\":\"address\"}],\"name\":\"grantOf\",\"outputs\":[{\"components\":[{\"internalType\":\"uint32\",\"name\":\"scope\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"expiry\",\"type\":\"uint64\"},{\"internalType\":\"bool\",\"name\":\"active\",\"type\":\"bool\"}],\"internalType\":\"structEMR.Grant\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"who\",\"type\":\"address\"},{\"internalType\":\"uint8\",\"name\":\"resourceType\",\"type\":\"uint8\"}],\"name\":\"hasAccess\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"identity\",\"outputs\":[{\"internalType\":\"contractIdentity\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"id\",\"type\":\"uint64\"}],\"name\":\"latestVersion\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"id\",\"type\":\"uint64\"}],\"name\":\"record\",\"outputs\":[{\"components\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"uint8\",\"name\":\"resourceType\",\"type\":\"uint8\"},{\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"},{\"internalType\":\"uint40\",\"name\":\"createdAt\",\"type\":\"uint40\"},{\"internalType\":\"address\",\"name\":\"author\",\"type\":\"address\"},{\"internalType\":\"uint48\",\"name\":\"prevId\",\"type\":\"uint48\"},{\"internalType\":\"uint48\",\"name\":\"nextId\",\"type\":\"uint48\"},{\"internalType\":\"bytes32\",\"name\":\"contentHash\",\"type\":\"bytes32\"}],\"internalType\":\"structEMR.Record\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"recordCount\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"grantee\",\"type\":\"address\"}],\"name\":\"revoke\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"grantee\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"cid\",\"type\":\"bytes\"}],\"name\":\"shareKeys\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "EMR",
	Bin: "0x60a0346100b057601f611ccd38819003918201601f19168301916001600160401b038311848410176100b4578084926020946040528339810103126100b057516001600160a01b03811681036100b057608052604051611c0490816100c98239608051818181610177015281816104d30152818161059a015281816107a301528181610ad7015281816110350152818161130a015281816113b70152818161183101528181611a0b0152611b220152f35b5f80fd5b634e487b7160e01b5f52604160045260245ffdfe60806040526004361015610011575f80fd5b5f3560e01c806317888263146116995780632aba96fe146113395780632c159a1a146112f5578063323f00c7146112675780633ff1d07e1461120c5780634bf3ff28146111cb5780636a0ffaf814610fe757806374a8f10314610f475780637f8d3bd314610dd75780638f1610fe14610dba578063900407bc14610d95578063963df30814610a415780639b2a8ce51461076b578063a090f0ce1461074f578063b98e82261461069b578063ca17adc61461044e578063d9197c3214610433578063ef9d86fc1461012f5763fc3b6539146100ea575f80fd5b3461012b57602036600319011261012b576001600160a01b0361010b6116de565b165f52600560205260206001600160401b0360405f205416604051908152f35b5f80fd5b3461012b57606036600319011261012b576101486116de565b60243563ffffffff81169081810361012b5761016261174d565b6040516352ebc13f60e11b81523360048201527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03169491929190602081602481895afa908115610371575f91610404575b5060058110156103f05760031480159061038f575b61037c5760405162df4a4760e31b81526001600160a01b039091166004820181905294602090829060249082905afa908115610371575f91610342575b506001600160a01b03161561032f57821590811561031f575b5061030c576001600160401b031680151580610302575b6102f05760405161024d81611793565b82815260208101828152604082019060018252335f52600260205260405f20865f5260205263ffffffff60405f209351166bffffffffffffffff000000008454925160201b16916001600160601b0319161717825551151581549060ff60601b9060601b169060ff60601b191617905560405191825260208201527fd20fd0820281711e47ee5767c0faf6500a16eab1f9fbe7f555d6b482e39238e160403392a3005b6308ae9ea160e11b5f5260045260245ffd5b504281111561023d565b506395d8ff8d60e01b5f5260045260245ffd5b63ffffe001915016151584610226565b83633f391d0160e11b5f5260045260245ffd5b610364915060203d60201161036a575b61035c81836117ae565b8101906117e7565b8561020d565b503d610352565b6040513d5f823e3d90fd5b6304d0566b60e41b5f523360045260245ffd5b50604051639f8a13d760e01b8152336004820152602081602481895afa908115610371575f916103c1575b50156101d0565b6103e3915060203d6020116103e9575b6103db81836117ae565b8101906117cf565b866103ba565b503d6103d1565b634e487b7160e01b5f52602160045260245ffd5b610426915060203d60201161042c575b61041e81836117ae565b810190611a62565b866101bb565b503d610414565b3461012b575f36600319011261012b576020604051600c8152f35b3461012b57606036600319011261012b576104676116de565b61046f6116f4565b6044356001600160401b03811161012b5761048e90369060040161170a565b92831561068c576001600160a01b03169033829003610584575b60405162df4a4760e31b81526001600160a01b039384166004820181905293602090829060249082907f0000000000000000000000000000000000000000000000000000000000000000165afa908115610371575f91610565575b506001600160a01b0316156105525761054d7fe6a72cc6a5ac1b424d37d95e1672af426eec9d50df4ce36a7e57185126d906cb916040519182916020835233976020840191611a7a565b0390a4005b82633f391d0160e11b5f5260045260245ffd5b61057e915060203d60201161036a5761035c81836117ae565b85610503565b604051631c0ca42560e21b8152600481018390527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031690602081602481855afa908115610371575f9161066d575b506001600160a01b0316801591821561060c575b5050156104a8575063a66cdf2d60e01b5f523360045260245260445ffd5b60405162df4a4760e31b8152336004820152919250602090829060249082905afa908115610371575f9161064e575b506001600160a01b0316141585806105ee565b610667915060203d60201161036a5761035c81836117ae565b8661063b565b610686915060203d60201161036a5761035c81836117ae565b866105da565b633459b81b60e11b5f5260045ffd5b3461012b57604036600319011261012b576106b46116de565b6106bc6116f4565b905f604080516106cb81611793565b828152826020820152015260018060a01b03165f52600260205260405f209060018060a01b03165f52602052606060405f206040519061070a82611793565b546001600160401b0363ffffffff82169283815260ff60406020830192848660201c1684520193861c1615158352604051938452511660208301525115156040820152f35b3461012b575f36600319011261012b576020604051611ffe8152f35b3461012b57606036600319011261012b576107846116de565b60243561078f61174d565b60405162df4a4760e31b81523360048201527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316939190602081602481885afa908115610371575f91610a22575b506001600160a01b031693841580156109c5575b6109b2576040516352ebc13f60e11b81526001600160a01b039093166004840181905292602081602481855afa908115610371575f91610993575b5060058110156103f0576003149081159161093e575b5061092b57821561091c576001600160401b031680158015610910575b6108fe576001600160401b034216016001600160401b0381116108ea576001600160401b0390825f52600360205260405f2060018060a01b0333165f5260205260405f2082821683198254161790556040519384521660208301527f87a686e75278ab2016989338d23b6201a55333d8ebfe11705c94f6007ee4c21e60403393a4005b634e487b7160e01b5f52601160045260245ffd5b63160632cb60e21b5f5260045260245ffd5b50620151808111610867565b63bc7fd33160e01b5f5260045ffd5b506304d0566b60e41b5f5260045260245ffd5b6024915060209060405192838092639f8a13d760e01b82528760048301525afa908115610371575f91610974575b50158561084a565b61098d915060203d6020116103e9576103db81836117ae565b8561096c565b6109ac915060203d60201161042c5761041e81836117ae565b86610834565b63e104892f60e01b5f523360045260245ffd5b506040516352ebc13f60e11b8152336004820152602081602481855afa908115610371575f91610a03575b5060058110156103f057600214156107f9565b610a1c915060203d60201161042c5761041e81836117ae565b866109f0565b610a3b915060203d60201161036a5761035c81836117ae565b856107e5565b3461012b57606036600319011261012b57610a5a611737565b6024356001600160401b03811161012b57610a7990369060040161170a565b6001600160401b0383165f81815260208190526040902080549394919390604435906001600160a01b038316908115610d825760010192835460d01c80610d6c5750604051639f8a13d760e01b8152600481018390526020816024817f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03165afa908115610371575f91610d4d575b501561092b57600163ffffffff60ff8360a01c1692610b2e8486611af6565b60a81c160163ffffffff81116108ea5786158015610d45575b61068c576001549165ffffffffffff831665ffffffffffff81146108ea5760209a610d3d997fcd9daeed3a1fafb82be4601716d5ec954977d79e5376201accbc4c9b0fd9cbbe9465ffffffffffff6001610d0e9501169c8d9b8c809965ffffffffffff19161760015560028b610cea60405193610bc385611763565b8d855260208d65ffffffffffff918701928d845263ffffffff604089019a16998a81526060890164ffffffffff4216815260808a01953387528560a08c019416845260c08b01945f865260e08c01998a525f5260205f905260405f209a60018060a01b039060018060a01b03905116166001600160601b0360a01b8c5416178b5551918a549063ffffffff60a81b905160a81b169164ffffffffff60c81b905160c81b169260ff60a01b9060a01b169069ffffffffffffffffffff60a01b19161717178855600188019360018060a01b039060018060a01b03905116166001600160601b0360a01b855416178455518354908360a01b9060a01b16908360a01b1916178355511681549065ffffffffffff60d01b9060d01b169060018060d01b0316179055565b519101556040519586528e860152604085015260a0606085015260a0840191611a7a565b9460808201528033950390a480546001600160d01b031660d09290921b6001600160d01b031916919091179055565b604051908152f35b508315610b47565b610d66915060203d6020116103e9576103db81836117ae565b89610b0f565b87630c93f03760e11b5f5260045260245260445ffd5b8663322520a560e21b5f5260045260245ffd5b3461012b575f36600319011261012b57602065ffffffffffff60015416604051908152f35b3461012b575f36600319011261012b576020604051620151808152f35b3461012b57602036600319011261012b576001600160401b03610df8611737565b5f60e0604051610e0781611763565b8281528260208201528260408201528260608201528260808201528260a08201528260c0820152015216805f525f60205260405f2060405190610e4982611763565b80549260018060a01b03841691828452602084019160ff8660a01c1683526040850163ffffffff8760a81c16815264ffffffffff606087019760c81c168752600183015493608087019260018060a01b0386168452600260a089019565ffffffffffff8860a01c16875260c08a019760d01c885201549660e0890197885215610f3557509164ffffffffff6101009863ffffffff65ffffffffffff97969460ff89976040519c60018060a01b039051168d52511660208c0152511660408a01525116606088015260018060a01b039051166080870152511660a0850152511660c08301525160e0820152f35b63322520a560e21b5f5260045260245ffd5b3461012b57602036600319011261012b57610f606116de565b335f52600260205260405f2060018060a01b0382165f5260205260405f20805460ff8160601c1615610fc55760ff60601b191690556001600160a01b0316337febecee2d3f2ea272f73dd9d9ccc0bacd11280d61240332cbcd8a68173ae5cc2c5f80a3005b63786f8e3960e11b5f908152336004526001600160a01b038416602452604490fd5b3461012b57606036600319011261012b576004356024356001600160401b03811680910361012b5761101761174d565b60405163288c314960e21b81523360048201529092906020816024817f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03165afa908115610371575f916111ac575b501561119957801561118a57335f52600460205260016001600160401b0360405f205416016001600160401b0381116108ea576001600160401b0316808314801590611178575b6111545750335f52600460205260405f206001600160401b0384166001600160401b0319825416179055335f52600560205260405f206001600160401b03815416936001600160401b0385146108ea576001600160401b0391826001870116831982541617905560405193845216602083015260408201527f0e79b4eb1b2bcdaafc7cf1417c5085f4f9ef618861e9f7bce544713e8fb1be4460603392a3005b83836001600160401b0392632cd35f6d60e11b5f526004526024521660445260645ffd5b50826001600160401b038516106110b4565b635785447960e01b5f5260045ffd5b63671f1fdd60e11b5f523360045260245ffd5b6111c5915060203d6020116103e9576103db81836117ae565b8461106d565b3461012b57602036600319011261012b576001600160a01b036111ec6116de565b165f52600460205260206001600160401b0360405f205416604051908152f35b3461012b57604036600319011261012b576112256116de565b61122d6116f4565b9060018060a01b03165f52600360205260405f209060018060a01b03165f5260205260206001600160401b0360405f205416604051908152f35b3461012b57602036600319011261012b57611280611737565b6001600160401b0381165f818152602081905260409020546001600160a01b031615610f3557505b6001600160401b03811690815f525f602052600160405f20015460d01c156112e157505f525f602052600160405f20015460d01c6112a8565b6020906001600160401b0360405191168152f35b3461012b575f36600319011261012b576040517f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03168152602090f35b3461012b57608036600319011261012b576113526116de565b6024359060ff82169182810361012b576044356001600160401b03811161012b5761138190369060040161170a565b9290606435928515801561168f575b61167c576040516352ebc13f60e11b81526001600160a01b038481166004830181905294917f000000000000000000000000000000000000000000000000000000000000000090911690602081602481855afa908115610371575f9161165d575b5060058110156103f05760031490811591611608575b506115f5579061141691611af6565b831580156115ed575b61068c576001549065ffffffffffff82169565ffffffffffff87146108ea576115d97fcd9daeed3a1fafb82be4601716d5ec954977d79e5376201accbc4c9b0fd9cbbe9265ffffffffffff600160209a01169788809665ffffffffffff19161760015560405161148e81611763565b8781526002896115b28d840188815265ffffffffffff8b604087019260018452606088019364ffffffffff42168552608089019433865260a08a01925f845260c08b01945f865260e08c01998a525f5260205f905260405f209a60018060a01b039060018060a01b03905116166001600160601b0360a01b8c5416178b5551918a549063ffffffff60a81b905160a81b169164ffffffffff60c81b905160c81b169260ff60a01b9060a01b169069ffffffffffffffffffff60a01b19161717178855600188019360018060a01b039060018060a01b03905116166001600160601b0360a01b855416178455518354908360a01b9060a01b16908360a01b1916178355511681549065ffffffffffff60d01b9060d01b169060018060d01b0316179055565b519101556040519384525f8a8501526001604085015260a0606085015260a0840191611a7a565b9460808201528033950390a4604051908152f35b50821561141f565b836304d0566b60e41b5f5260045260245ffd5b6024915060209060405192838092639f8a13d760e01b82528960048301525afa908115610371575f9161163e575b501588611407565b611657915060203d6020116103e9576103db81836117ae565b88611636565b611676915060203d60201161042c5761041e81836117ae565b896113f1565b8563d7287cb560e01b5f5260045260245ffd5b50600c8611611390565b3461012b57606036600319011261012b576116b26116de565b6116ba6116f4565b9060443560ff8116810361012b576020926116d492611806565b6040519015158152f35b600435906001600160a01b038216820361012b57565b602435906001600160a01b038216820361012b57565b9181601f8401121561012b578235916001600160401b03831161012b576020838186019501011161012b57565b600435906001600160401b038216820361012b57565b604435906001600160401b038216820361012b57565b61010081019081106001600160401b0382111761177f57604052565b634e487b7160e01b5f52604160045260245ffd5b606081019081106001600160401b0382111761177f57604052565b90601f801991011681019081106001600160401b0382111761177f57604052565b9081602091031261012b5751801515810361012b5790565b9081602091031261012b57516001600160a01b038116810361012b5790565b6001600160a01b03918216929116908282146119eb5760405162df4a4760e31b8152600481018490527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03169190602081602481865afa908115610371575f916119cc575b506001600160a01b03169182156119c357602060249160405192838092631c0ca42560e21b82528860048301525afa908115610371575f916119a4575b506001600160a01b03168015159083908261199a575b505061199157825f52600260205260405f20845f526020526119208160405f2060ff604051916118f483611793565b5463ffffffff811683526001600160401b038160201c16602084015260601c1615156040820152611a9a565b61199157838214159182611960575b5050611959575f52600360205260405f20905f526020526001600160401b0360405f205416421090565b5050600190565b61198a9250835f52600260205260405f20905f5260205260405f2060ff604051916118f483611793565b5f8061192f565b50505050600190565b149050825f6118c5565b6119bd915060203d60201161036a5761035c81836117ae565b5f6118af565b50505050505f90565b6119e5915060203d60201161036a5761035c81836117ae565b5f611872565b50604051639f8a13d760e01b8152600481019190915290506020816024817f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03165afa908115610371575f91611a46575090565b611a5f915060203d6020116103e9576103db81836117ae565b90565b9081602091031261012b5751600581101561012b5790565b908060209392818452848401375f828201840152601f01601f1916010190565b90604082015115159182611acb575b82611ab357505090565b600192509060ff63ffffffff8493511691161c161490565b91506001600160401b036020830151168015908115611aec575b5091611aa9565b905042105f611ae5565b6001600160a01b03811690338214611bc95760405162df4a4760e31b81523360048201526020816024817f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03165afa80156103715784915f91611baa575b506001600160a01b031615918215611b96575b5050611b78575050565b60ff9250631f21891760e21b5f52336004526024521660445260645ffd5b611ba292503390611806565b15825f611b6e565b611bc3915060203d60201161036a5761035c81836117ae565b5f611b5b565b50505056fea2646970667358221220a37fac9b747b2f0dbdfd75c25d14e9618c1b67cc86a791054e3a1f3d3fd0c88c64736f6c634300081e0033",
}

// EMR is an auto generated Go binding around an Ethereum contract.
type EMR struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *EMR) GetABI() abi.ABI {
	return c.abi
}

// NewEMR creates a new instance of EMR.
func NewEMR() *EMR {
	parsed, err := EMRMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &EMR{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *EMR) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address identity_) returns()
func (eMR *EMR) PackConstructor(identity_ common.Address) []byte {
	enc, err := eMR.abi.Pack("", identity_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackALLTYPES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa090f0ce.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ALL_TYPES() view returns(uint32)
func (eMR *EMR) PackALLTYPES() []byte {
	enc, err := eMR.abi.Pack("ALL_TYPES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackALLTYPES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa090f0ce.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ALL_TYPES() view returns(uint32)
func (eMR *EMR) TryPackALLTYPES() ([]byte, error) {
	return eMR.abi.Pack("ALL_TYPES")
}

// UnpackALLTYPES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa090f0ce.
//
// Solidity: function ALL_TYPES() view returns(uint32)
func (eMR *EMR) UnpackALLTYPES(data []byte) (uint32, error) {
	out, err := eMR.abi.Unpack("ALL_TYPES", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackMAXEMERGENCY is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8f1610fe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_EMERGENCY() view returns(uint64)
func (eMR *EMR) PackMAXEMERGENCY() []byte {
	enc, err := eMR.abi.Pack("MAX_EMERGENCY")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXEMERGENCY is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8f1610fe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_EMERGENCY() view returns(uint64)
func (eMR *EMR) TryPackMAXEMERGENCY() ([]byte, error) {
	return eMR.abi.Pack("MAX_EMERGENCY")
}

// UnpackMAXEMERGENCY is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8f1610fe.
//
// Solidity: function MAX_EMERGENCY() view returns(uint64)
func (eMR *EMR) UnpackMAXEMERGENCY(data []byte) (uint64, error) {
	out, err := eMR.abi.Unpack("MAX_EMERGENCY", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackMAXTYPE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd9197c32.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_TYPE() view returns(uint8)
func (eMR *EMR) PackMAXTYPE() []byte {
	enc, err := eMR.abi.Pack("MAX_TYPE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXTYPE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd9197c32.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_TYPE() view returns(uint8)
func (eMR *EMR) TryPackMAXTYPE() ([]byte, error) {
	return eMR.abi.Pack("MAX_TYPE")
}

// UnpackMAXTYPE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd9197c32.
//
// Solidity: function MAX_TYPE() view returns(uint8)
func (eMR *EMR) UnpackMAXTYPE(data []byte) (uint8, error) {
	out, err := eMR.abi.Unpack("MAX_TYPE", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackAddRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2aba96fe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function addRecord(address patient, uint8 resourceType, bytes cid, bytes32 contentHash) returns(uint64 recordId)
func (eMR *EMR) PackAddRecord(patient common.Address, resourceType uint8, cid []byte, contentHash [32]byte) []byte {
	enc, err := eMR.abi.Pack("addRecord", patient, resourceType, cid, contentHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAddRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2aba96fe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function addRecord(address patient, uint8 resourceType, bytes cid, bytes32 contentHash) returns(uint64 recordId)
func (eMR *EMR) TryPackAddRecord(patient common.Address, resourceType uint8, cid []byte, contentHash [32]byte) ([]byte, error) {
	return eMR.abi.Pack("addRecord", patient, resourceType, cid, contentHash)
}

// UnpackAddRecord is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2aba96fe.
//
// Solidity: function addRecord(address patient, uint8 resourceType, bytes cid, bytes32 contentHash) returns(uint64 recordId)
func (eMR *EMR) UnpackAddRecord(data []byte) (uint64, error) {
	out, err := eMR.abi.Unpack("addRecord", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackAmendRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x963df308.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function amendRecord(uint64 prevId, bytes cid, bytes32 contentHash) returns(uint64 newId)
func (eMR *EMR) PackAmendRecord(prevId uint64, cid []byte, contentHash [32]byte) []byte {
	enc, err := eMR.abi.Pack("amendRecord", prevId, cid, contentHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAmendRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x963df308.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function amendRecord(uint64 prevId, bytes cid, bytes32 contentHash) returns(uint64 newId)
func (eMR *EMR) TryPackAmendRecord(prevId uint64, cid []byte, contentHash [32]byte) ([]byte, error) {
	return eMR.abi.Pack("amendRecord", prevId, cid, contentHash)
}

// UnpackAmendRecord is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x963df308.
//
// Solidity: function amendRecord(uint64 prevId, bytes cid, bytes32 contentHash) returns(uint64 newId)
func (eMR *EMR) UnpackAmendRecord(data []byte) (uint64, error) {
	out, err := eMR.abi.Unpack("amendRecord", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackAuditBatches is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc3b6539.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function auditBatches(address ) view returns(uint64)
func (eMR *EMR) PackAuditBatches(arg0 common.Address) []byte {
	enc, err := eMR.abi.Pack("auditBatches", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAuditBatches is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc3b6539.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function auditBatches(address ) view returns(uint64)
func (eMR *EMR) TryPackAuditBatches(arg0 common.Address) ([]byte, error) {
	return eMR.abi.Pack("auditBatches", arg0)
}

// UnpackAuditBatches is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc3b6539.
//
// Solidity: function auditBatches(address ) view returns(uint64)
func (eMR *EMR) UnpackAuditBatches(data []byte) (uint64, error) {
	out, err := eMR.abi.Unpack("auditBatches", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackAuditLastSeq is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4bf3ff28.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function auditLastSeq(address ) view returns(uint64)
func (eMR *EMR) PackAuditLastSeq(arg0 common.Address) []byte {
	enc, err := eMR.abi.Pack("auditLastSeq", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAuditLastSeq is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4bf3ff28.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function auditLastSeq(address ) view returns(uint64)
func (eMR *EMR) TryPackAuditLastSeq(arg0 common.Address) ([]byte, error) {
	return eMR.abi.Pack("auditLastSeq", arg0)
}

// UnpackAuditLastSeq is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4bf3ff28.
//
// Solidity: function auditLastSeq(address ) view returns(uint64)
func (eMR *EMR) UnpackAuditLastSeq(data []byte) (uint64, error) {
	out, err := eMR.abi.Unpack("auditLastSeq", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackCommitAudit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6a0ffaf8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function commitAudit(bytes32 batchRoot, uint64 firstSeq, uint64 lastSeq) returns()
func (eMR *EMR) PackCommitAudit(batchRoot [32]byte, firstSeq uint64, lastSeq uint64) []byte {
	enc, err := eMR.abi.Pack("commitAudit", batchRoot, firstSeq, lastSeq)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCommitAudit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6a0ffaf8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function commitAudit(bytes32 batchRoot, uint64 firstSeq, uint64 lastSeq) returns()
func (eMR *EMR) TryPackCommitAudit(batchRoot [32]byte, firstSeq uint64, lastSeq uint64) ([]byte, error) {
	return eMR.abi.Pack("commitAudit", batchRoot, firstSeq, lastSeq)
}

// PackEmergencyAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9b2a8ce5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function emergencyAccess(address patient, bytes32 reasonHash, uint64 duration) returns()
func (eMR *EMR) PackEmergencyAccess(patient common.Address, reasonHash [32]byte, duration uint64) []byte {
	enc, err := eMR.abi.Pack("emergencyAccess", patient, reasonHash, duration)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEmergencyAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9b2a8ce5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function emergencyAccess(address patient, bytes32 reasonHash, uint64 duration) returns()
func (eMR *EMR) TryPackEmergencyAccess(patient common.Address, reasonHash [32]byte, duration uint64) ([]byte, error) {
	return eMR.abi.Pack("emergencyAccess", patient, reasonHash, duration)
}

// PackEmergencyUntil is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3ff1d07e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function emergencyUntil(address , address ) view returns(uint64)
func (eMR *EMR) PackEmergencyUntil(arg0 common.Address, arg1 common.Address) []byte {
	enc, err := eMR.abi.Pack("emergencyUntil", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEmergencyUntil is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3ff1d07e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function emergencyUntil(address , address ) view returns(uint64)
func (eMR *EMR) TryPackEmergencyUntil(arg0 common.Address, arg1 common.Address) ([]byte, error) {
	return eMR.abi.Pack("emergencyUntil", arg0, arg1)
}

// UnpackEmergencyUntil is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3ff1d07e.
//
// Solidity: function emergencyUntil(address , address ) view returns(uint64)
func (eMR *EMR) UnpackEmergencyUntil(data []byte) (uint64, error) {
	out, err := eMR.abi.Unpack("emergencyUntil", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackGrant is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xef9d86fc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function grant(address grantee, uint32 scope, uint64 expiry) returns()
func (eMR *EMR) PackGrant(grantee common.Address, scope uint32, expiry uint64) []byte {
	enc, err := eMR.abi.Pack("grant", grantee, scope, expiry)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGrant is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xef9d86fc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function grant(address grantee, uint32 scope, uint64 expiry) returns()
func (eMR *EMR) TryPackGrant(grantee common.Address, scope uint32, expiry uint64) ([]byte, error) {
	return eMR.abi.Pack("grant", grantee, scope, expiry)
}

// PackGrantOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb98e8226.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function grantOf(address patient, address grantee) view returns((uint32,uint64,bool))
func (eMR *EMR) PackGrantOf(patient common.Address, grantee common.Address) []byte {
	enc, err := eMR.abi.Pack("grantOf", patient, grantee)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGrantOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb98e8226.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function grantOf(address patient, address grantee) view returns((uint32,uint64,bool))
func (eMR *EMR) TryPackGrantOf(patient common.Address, grantee common.Address) ([]byte, error) {
	return eMR.abi.Pack("grantOf", patient, grantee)
}

// UnpackGrantOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb98e8226.
//
// Solidity: function grantOf(address patient, address grantee) view returns((uint32,uint64,bool))
func (eMR *EMR) UnpackGrantOf(data []byte) (EMRGrant, error) {
	out, err := eMR.abi.Unpack("grantOf", data)
	if err != nil {
		return *new(EMRGrant), err
	}
	out0 := *abi.ConvertType(out[0], new(EMRGrant)).(*EMRGrant)
	return out0, nil
}

// PackHasAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x17888263.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasAccess(address patient, address who, uint8 resourceType) view returns(bool)
func (eMR *EMR) PackHasAccess(patient common.Address, who common.Address, resourceType uint8) []byte {
	enc, err := eMR.abi.Pack("hasAccess", patient, who, resourceType)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHasAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x17888263.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hasAccess(address patient, address who, uint8 resourceType) view returns(bool)
func (eMR *EMR) TryPackHasAccess(patient common.Address, who common.Address, resourceType uint8) ([]byte, error) {
	return eMR.abi.Pack("hasAccess", patient, who, resourceType)
}

// UnpackHasAccess is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x17888263.
//
// Solidity: function hasAccess(address patient, address who, uint8 resourceType) view returns(bool)
func (eMR *EMR) UnpackHasAccess(data []byte) (bool, error) {
	out, err := eMR.abi.Unpack("hasAccess", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackIdentity is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2c159a1a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function identity() view returns(address)
func (eMR *EMR) PackIdentity() []byte {
	enc, err := eMR.abi.Pack("identity")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIdentity is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2c159a1a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function identity() view returns(address)
func (eMR *EMR) TryPackIdentity() ([]byte, error) {
	return eMR.abi.Pack("identity")
}

// UnpackIdentity is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2c159a1a.
//
// Solidity: function identity() view returns(address)
func (eMR *EMR) UnpackIdentity(data []byte) (common.Address, error) {
	out, err := eMR.abi.Unpack("identity", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackLatestVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x323f00c7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function latestVersion(uint64 id) view returns(uint64)
func (eMR *EMR) PackLatestVersion(id uint64) []byte {
	enc, err := eMR.abi.Pack("latestVersion", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLatestVersion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x323f00c7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function latestVersion(uint64 id) view returns(uint64)
func (eMR *EMR) TryPackLatestVersion(id uint64) ([]byte, error) {
	return eMR.abi.Pack("latestVersion", id)
}

// UnpackLatestVersion is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x323f00c7.
//
// Solidity: function latestVersion(uint64 id) view returns(uint64)
func (eMR *EMR) UnpackLatestVersion(data []byte) (uint64, error) {
	out, err := eMR.abi.Unpack("latestVersion", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7f8d3bd3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function record(uint64 id) view returns((address,uint8,uint32,uint40,address,uint48,uint48,bytes32))
func (eMR *EMR) PackRecord(id uint64) []byte {
	enc, err := eMR.abi.Pack("record", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7f8d3bd3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function record(uint64 id) view returns((address,uint8,uint32,uint40,address,uint48,uint48,bytes32))
func (eMR *EMR) TryPackRecord(id uint64) ([]byte, error) {
	return eMR.abi.Pack("record", id)
}

// UnpackRecord is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7f8d3bd3.
//
// Solidity: function record(uint64 id) view returns((address,uint8,uint32,uint40,address,uint48,uint48,bytes32))
func (eMR *EMR) UnpackRecord(data []byte) (EMRRecord, error) {
	out, err := eMR.abi.Unpack("record", data)
	if err != nil {
		return *new(EMRRecord), err
	}
	out0 := *abi.ConvertType(out[0], new(EMRRecord)).(*EMRRecord)
	return out0, nil
}

// PackRecordCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x900407bc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function recordCount() view returns(uint64)
func (eMR *EMR) PackRecordCount() []byte {
	enc, err := eMR.abi.Pack("recordCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecordCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x900407bc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function recordCount() view returns(uint64)
func (eMR *EMR) TryPackRecordCount() ([]byte, error) {
	return eMR.abi.Pack("recordCount")
}

// UnpackRecordCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x900407bc.
//
// Solidity: function recordCount() view returns(uint64)
func (eMR *EMR) UnpackRecordCount(data []byte) (uint64, error) {
	out, err := eMR.abi.Unpack("recordCount", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackRevoke is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x74a8f103.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revoke(address grantee) returns()
func (eMR *EMR) PackRevoke(grantee common.Address) []byte {
	enc, err := eMR.abi.Pack("revoke", grantee)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevoke is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x74a8f103.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revoke(address grantee) returns()
func (eMR *EMR) TryPackRevoke(grantee common.Address) ([]byte, error) {
	return eMR.abi.Pack("revoke", grantee)
}

// PackShareKeys is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xca17adc6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function shareKeys(address patient, address grantee, bytes cid) returns()
func (eMR *EMR) PackShareKeys(patient common.Address, grantee common.Address, cid []byte) []byte {
	enc, err := eMR.abi.Pack("shareKeys", patient, grantee, cid)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackShareKeys is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xca17adc6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function shareKeys(address patient, address grantee, bytes cid) returns()
func (eMR *EMR) TryPackShareKeys(patient common.Address, grantee common.Address, cid []byte) ([]byte, error) {
	return eMR.abi.Pack("shareKeys", patient, grantee, cid)
}

// EMRAuditCommitted represents a AuditCommitted event raised by the EMR contract.
type EMRAuditCommitted struct {
	Member     common.Address
	BatchIndex uint64
	FirstSeq   uint64
	LastSeq    uint64
	BatchRoot  [32]byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const EMRAuditCommittedEventName = "AuditCommitted"

// ContractEventName returns the user-defined event name.
func (EMRAuditCommitted) ContractEventName() string {
	return EMRAuditCommittedEventName
}

// UnpackAuditCommittedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AuditCommitted(address indexed member, uint64 indexed batchIndex, uint64 firstSeq, uint64 lastSeq, bytes32 batchRoot)
func (eMR *EMR) UnpackAuditCommittedEvent(log *types.Log) (*EMRAuditCommitted, error) {
	event := "AuditCommitted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != eMR.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(EMRAuditCommitted)
	if len(log.Data) > 0 {
		if err := eMR.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range eMR.abi.Events[event].Inputs {
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

// EMRConsentGranted represents a ConsentGranted event raised by the EMR contract.
type EMRConsentGranted struct {
	Patient common.Address
	Grantee common.Address
	Scope   uint32
	Expiry  uint64
	Raw     *types.Log // Blockchain specific contextual infos
}

const EMRConsentGrantedEventName = "ConsentGranted"

// ContractEventName returns the user-defined event name.
func (EMRConsentGranted) ContractEventName() string {
	return EMRConsentGrantedEventName
}

// UnpackConsentGrantedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ConsentGranted(address indexed patient, address indexed grantee, uint32 scope, uint64 expiry)
func (eMR *EMR) UnpackConsentGrantedEvent(log *types.Log) (*EMRConsentGranted, error) {
	event := "ConsentGranted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != eMR.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(EMRConsentGranted)
	if len(log.Data) > 0 {
		if err := eMR.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range eMR.abi.Events[event].Inputs {
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

// EMRConsentRevoked represents a ConsentRevoked event raised by the EMR contract.
type EMRConsentRevoked struct {
	Patient common.Address
	Grantee common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const EMRConsentRevokedEventName = "ConsentRevoked"

// ContractEventName returns the user-defined event name.
func (EMRConsentRevoked) ContractEventName() string {
	return EMRConsentRevokedEventName
}

// UnpackConsentRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ConsentRevoked(address indexed patient, address indexed grantee)
func (eMR *EMR) UnpackConsentRevokedEvent(log *types.Log) (*EMRConsentRevoked, error) {
	event := "ConsentRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != eMR.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(EMRConsentRevoked)
	if len(log.Data) > 0 {
		if err := eMR.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range eMR.abi.Events[event].Inputs {
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

// EMREmergencyAccessed represents a EmergencyAccessed event raised by the EMR contract.
type EMREmergencyAccessed struct {
	Patient      common.Address
	Practitioner common.Address
	Hospital     common.Address
	ReasonHash   [32]byte
	ExpiresAt    uint64
	Raw          *types.Log // Blockchain specific contextual infos
}

const EMREmergencyAccessedEventName = "EmergencyAccessed"

// ContractEventName returns the user-defined event name.
func (EMREmergencyAccessed) ContractEventName() string {
	return EMREmergencyAccessedEventName
}

// UnpackEmergencyAccessedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event EmergencyAccessed(address indexed patient, address indexed practitioner, address indexed hospital, bytes32 reasonHash, uint64 expiresAt)
func (eMR *EMR) UnpackEmergencyAccessedEvent(log *types.Log) (*EMREmergencyAccessed, error) {
	event := "EmergencyAccessed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != eMR.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(EMREmergencyAccessed)
	if len(log.Data) > 0 {
		if err := eMR.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range eMR.abi.Events[event].Inputs {
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

// EMRKeysShared represents a KeysShared event raised by the EMR contract.
type EMRKeysShared struct {
	Patient common.Address
	Grantee common.Address
	By      common.Address
	Cid     []byte
	Raw     *types.Log // Blockchain specific contextual infos
}

const EMRKeysSharedEventName = "KeysShared"

// ContractEventName returns the user-defined event name.
func (EMRKeysShared) ContractEventName() string {
	return EMRKeysSharedEventName
}

// UnpackKeysSharedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event KeysShared(address indexed patient, address indexed grantee, address indexed by, bytes cid)
func (eMR *EMR) UnpackKeysSharedEvent(log *types.Log) (*EMRKeysShared, error) {
	event := "KeysShared"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != eMR.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(EMRKeysShared)
	if len(log.Data) > 0 {
		if err := eMR.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range eMR.abi.Events[event].Inputs {
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

// EMRRecordAdded represents a RecordAdded event raised by the EMR contract.
type EMRRecordAdded struct {
	Id           uint64
	Patient      common.Address
	Author       common.Address
	ResourceType uint8
	PrevId       uint64
	Version      uint32
	Cid          []byte
	ContentHash  [32]byte
	Raw          *types.Log // Blockchain specific contextual infos
}

const EMRRecordAddedEventName = "RecordAdded"

// ContractEventName returns the user-defined event name.
func (EMRRecordAdded) ContractEventName() string {
	return EMRRecordAddedEventName
}

// UnpackRecordAddedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RecordAdded(uint64 indexed id, address indexed patient, address indexed author, uint8 resourceType, uint64 prevId, uint32 version, bytes cid, bytes32 contentHash)
func (eMR *EMR) UnpackRecordAddedEvent(log *types.Log) (*EMRRecordAdded, error) {
	event := "RecordAdded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != eMR.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(EMRRecordAdded)
	if len(log.Data) > 0 {
		if err := eMR.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range eMR.abi.Events[event].Inputs {
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
func (eMR *EMR) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], eMR.abi.Errors["AuditGap"].ID.Bytes()[:4]) {
		return eMR.UnpackAuditGapError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["BadDuration"].ID.Bytes()[:4]) {
		return eMR.UnpackBadDurationError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["BadExpiry"].ID.Bytes()[:4]) {
		return eMR.UnpackBadExpiryError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["BadGrantee"].ID.Bytes()[:4]) {
		return eMR.UnpackBadGranteeError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["BadResourceType"].ID.Bytes()[:4]) {
		return eMR.UnpackBadResourceTypeError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["BadScope"].ID.Bytes()[:4]) {
		return eMR.UnpackBadScopeError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["EmptyAuditRoot"].ID.Bytes()[:4]) {
		return eMR.UnpackEmptyAuditRootError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["EmptyContent"].ID.Bytes()[:4]) {
		return eMR.UnpackEmptyContentError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["NoActiveGrant"].ID.Bytes()[:4]) {
		return eMR.UnpackNoActiveGrantError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["NoWriteAccess"].ID.Bytes()[:4]) {
		return eMR.UnpackNoWriteAccessError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["NotCustodian"].ID.Bytes()[:4]) {
		return eMR.UnpackNotCustodianError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["NotLatestVersion"].ID.Bytes()[:4]) {
		return eMR.UnpackNotLatestVersionError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["NotMemberAdmin"].ID.Bytes()[:4]) {
		return eMR.UnpackNotMemberAdminError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["NotPatient"].ID.Bytes()[:4]) {
		return eMR.UnpackNotPatientError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["NotPractitioner"].ID.Bytes()[:4]) {
		return eMR.UnpackNotPractitionerError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["ReasonRequired"].ID.Bytes()[:4]) {
		return eMR.UnpackReasonRequiredError(raw[4:])
	}
	if bytes.Equal(raw[:4], eMR.abi.Errors["UnknownRecord"].ID.Bytes()[:4]) {
		return eMR.UnpackUnknownRecordError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// EMRAuditGap represents a AuditGap error raised by the EMR contract.
type EMRAuditGap struct {
	ExpectedFirst uint64
	FirstSeq      uint64
	LastSeq       uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AuditGap(uint64 expectedFirst, uint64 firstSeq, uint64 lastSeq)
func EMRAuditGapErrorID() common.Hash {
	return common.HexToHash("0x59a6bedad3cb269e40e3fa4e9e30563b12e08d083e67bb4b9b96d953212fd5f0")
}

// UnpackAuditGapError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AuditGap(uint64 expectedFirst, uint64 firstSeq, uint64 lastSeq)
func (eMR *EMR) UnpackAuditGapError(raw []byte) (*EMRAuditGap, error) {
	out := new(EMRAuditGap)
	if err := eMR.abi.UnpackIntoInterface(out, "AuditGap", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRBadDuration represents a BadDuration error raised by the EMR contract.
type EMRBadDuration struct {
	Duration uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadDuration(uint64 duration)
func EMRBadDurationErrorID() common.Hash {
	return common.HexToHash("0x5818cb2c29d4094a42a88faac46a3924ef8f2e8395968ff11b87d0f335357874")
}

// UnpackBadDurationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadDuration(uint64 duration)
func (eMR *EMR) UnpackBadDurationError(raw []byte) (*EMRBadDuration, error) {
	out := new(EMRBadDuration)
	if err := eMR.abi.UnpackIntoInterface(out, "BadDuration", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRBadExpiry represents a BadExpiry error raised by the EMR contract.
type EMRBadExpiry struct {
	Expiry uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadExpiry(uint64 expiry)
func EMRBadExpiryErrorID() common.Hash {
	return common.HexToHash("0x115d3d426c17c3e2eb531c245ef6ed2a5879ff7034c340e5e1e9ee60cd9abcac")
}

// UnpackBadExpiryError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadExpiry(uint64 expiry)
func (eMR *EMR) UnpackBadExpiryError(raw []byte) (*EMRBadExpiry, error) {
	out := new(EMRBadExpiry)
	if err := eMR.abi.UnpackIntoInterface(out, "BadExpiry", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRBadGrantee represents a BadGrantee error raised by the EMR contract.
type EMRBadGrantee struct {
	Grantee common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadGrantee(address grantee)
func EMRBadGranteeErrorID() common.Hash {
	return common.HexToHash("0x7e723a02f8b2d8edb2444020d8b1914ab6ea4cd7f831b18d88a8c25a446934eb")
}

// UnpackBadGranteeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadGrantee(address grantee)
func (eMR *EMR) UnpackBadGranteeError(raw []byte) (*EMRBadGrantee, error) {
	out := new(EMRBadGrantee)
	if err := eMR.abi.UnpackIntoInterface(out, "BadGrantee", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRBadResourceType represents a BadResourceType error raised by the EMR contract.
type EMRBadResourceType struct {
	ResourceType uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadResourceType(uint8 resourceType)
func EMRBadResourceTypeErrorID() common.Hash {
	return common.HexToHash("0xd7287cb5ce12296d6e90a60328e9717c559acd495aae16d01b0a91d137380d8a")
}

// UnpackBadResourceTypeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadResourceType(uint8 resourceType)
func (eMR *EMR) UnpackBadResourceTypeError(raw []byte) (*EMRBadResourceType, error) {
	out := new(EMRBadResourceType)
	if err := eMR.abi.UnpackIntoInterface(out, "BadResourceType", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRBadScope represents a BadScope error raised by the EMR contract.
type EMRBadScope struct {
	Scope uint32
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadScope(uint32 scope)
func EMRBadScopeErrorID() common.Hash {
	return common.HexToHash("0x95d8ff8d63d4ed0559201f0dc0e6f403a93b1fd2d80e1ec40d914b459eab704a")
}

// UnpackBadScopeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadScope(uint32 scope)
func (eMR *EMR) UnpackBadScopeError(raw []byte) (*EMRBadScope, error) {
	out := new(EMRBadScope)
	if err := eMR.abi.UnpackIntoInterface(out, "BadScope", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMREmptyAuditRoot represents a EmptyAuditRoot error raised by the EMR contract.
type EMREmptyAuditRoot struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyAuditRoot()
func EMREmptyAuditRootErrorID() common.Hash {
	return common.HexToHash("0x578544797bfedd02bb3dba7e000548db778e1363d85b843dee8af1691c50f5ff")
}

// UnpackEmptyAuditRootError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyAuditRoot()
func (eMR *EMR) UnpackEmptyAuditRootError(raw []byte) (*EMREmptyAuditRoot, error) {
	out := new(EMREmptyAuditRoot)
	if err := eMR.abi.UnpackIntoInterface(out, "EmptyAuditRoot", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMREmptyContent represents a EmptyContent error raised by the EMR contract.
type EMREmptyContent struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyContent()
func EMREmptyContentErrorID() common.Hash {
	return common.HexToHash("0x68b3703615f3995ce649856cbb6890fc4faae4c4115369e35365f18349b3af6a")
}

// UnpackEmptyContentError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyContent()
func (eMR *EMR) UnpackEmptyContentError(raw []byte) (*EMREmptyContent, error) {
	out := new(EMREmptyContent)
	if err := eMR.abi.UnpackIntoInterface(out, "EmptyContent", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRNoActiveGrant represents a NoActiveGrant error raised by the EMR contract.
type EMRNoActiveGrant struct {
	Patient common.Address
	Grantee common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoActiveGrant(address patient, address grantee)
func EMRNoActiveGrantErrorID() common.Hash {
	return common.HexToHash("0xf0df1c72a2f223fc967f62bab235e296227d34ed78b6180686eff258a1750766")
}

// UnpackNoActiveGrantError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoActiveGrant(address patient, address grantee)
func (eMR *EMR) UnpackNoActiveGrantError(raw []byte) (*EMRNoActiveGrant, error) {
	out := new(EMRNoActiveGrant)
	if err := eMR.abi.UnpackIntoInterface(out, "NoActiveGrant", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRNoWriteAccess represents a NoWriteAccess error raised by the EMR contract.
type EMRNoWriteAccess struct {
	Caller       common.Address
	Patient      common.Address
	ResourceType uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoWriteAccess(address caller, address patient, uint8 resourceType)
func EMRNoWriteAccessErrorID() common.Hash {
	return common.HexToHash("0x7c86245c9ec62a7c74064d897ec33fe630150c3f6deba57a593f3fdf770df65f")
}

// UnpackNoWriteAccessError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoWriteAccess(address caller, address patient, uint8 resourceType)
func (eMR *EMR) UnpackNoWriteAccessError(raw []byte) (*EMRNoWriteAccess, error) {
	out := new(EMRNoWriteAccess)
	if err := eMR.abi.UnpackIntoInterface(out, "NoWriteAccess", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRNotCustodian represents a NotCustodian error raised by the EMR contract.
type EMRNotCustodian struct {
	Caller  common.Address
	Patient common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotCustodian(address caller, address patient)
func EMRNotCustodianErrorID() common.Hash {
	return common.HexToHash("0xa66cdf2df5c2190ec07c2eb675b35f2a9396ec6c19dc4f4e28df6668af979d70")
}

// UnpackNotCustodianError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotCustodian(address caller, address patient)
func (eMR *EMR) UnpackNotCustodianError(raw []byte) (*EMRNotCustodian, error) {
	out := new(EMRNotCustodian)
	if err := eMR.abi.UnpackIntoInterface(out, "NotCustodian", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRNotLatestVersion represents a NotLatestVersion error raised by the EMR contract.
type EMRNotLatestVersion struct {
	Id      uint64
	NewerId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotLatestVersion(uint64 id, uint64 newerId)
func EMRNotLatestVersionErrorID() common.Hash {
	return common.HexToHash("0x1927e06e9cad43031e1923fc81c2098e634fcecbf66832442320c649c9d234cf")
}

// UnpackNotLatestVersionError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotLatestVersion(uint64 id, uint64 newerId)
func (eMR *EMR) UnpackNotLatestVersionError(raw []byte) (*EMRNotLatestVersion, error) {
	out := new(EMRNotLatestVersion)
	if err := eMR.abi.UnpackIntoInterface(out, "NotLatestVersion", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRNotMemberAdmin represents a NotMemberAdmin error raised by the EMR contract.
type EMRNotMemberAdmin struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotMemberAdmin(address caller)
func EMRNotMemberAdminErrorID() common.Hash {
	return common.HexToHash("0xce3e3fba9259bf467d586cd1dab613397fbf483d50bb3f826cf372a3aa751c93")
}

// UnpackNotMemberAdminError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotMemberAdmin(address caller)
func (eMR *EMR) UnpackNotMemberAdminError(raw []byte) (*EMRNotMemberAdmin, error) {
	out := new(EMRNotMemberAdmin)
	if err := eMR.abi.UnpackIntoInterface(out, "NotMemberAdmin", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRNotPatient represents a NotPatient error raised by the EMR contract.
type EMRNotPatient struct {
	Who common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotPatient(address who)
func EMRNotPatientErrorID() common.Hash {
	return common.HexToHash("0x4d0566b011f9aff4ac55be9bc1a8f2172415708aedbc13e4aeda94e08bfb5da2")
}

// UnpackNotPatientError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotPatient(address who)
func (eMR *EMR) UnpackNotPatientError(raw []byte) (*EMRNotPatient, error) {
	out := new(EMRNotPatient)
	if err := eMR.abi.UnpackIntoInterface(out, "NotPatient", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRNotPractitioner represents a NotPractitioner error raised by the EMR contract.
type EMRNotPractitioner struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotPractitioner(address caller)
func EMRNotPractitionerErrorID() common.Hash {
	return common.HexToHash("0xe104892f667df515f40ba9060eb03d5977674c60477a0e24c8e07c2ad309215d")
}

// UnpackNotPractitionerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotPractitioner(address caller)
func (eMR *EMR) UnpackNotPractitionerError(raw []byte) (*EMRNotPractitioner, error) {
	out := new(EMRNotPractitioner)
	if err := eMR.abi.UnpackIntoInterface(out, "NotPractitioner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRReasonRequired represents a ReasonRequired error raised by the EMR contract.
type EMRReasonRequired struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReasonRequired()
func EMRReasonRequiredErrorID() common.Hash {
	return common.HexToHash("0xbc7fd3315a64e71ff0dfe2f4e3dfdbb2f3551e843227ecdcd537e6cc1363c6b5")
}

// UnpackReasonRequiredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReasonRequired()
func (eMR *EMR) UnpackReasonRequiredError(raw []byte) (*EMRReasonRequired, error) {
	out := new(EMRReasonRequired)
	if err := eMR.abi.UnpackIntoInterface(out, "ReasonRequired", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// EMRUnknownRecord represents a UnknownRecord error raised by the EMR contract.
type EMRUnknownRecord struct {
	Id uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownRecord(uint64 id)
func EMRUnknownRecordErrorID() common.Hash {
	return common.HexToHash("0xc89482944dc671cca88de714b6083e96936a727ae7a32a63d44840a577e953de")
}

// UnpackUnknownRecordError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownRecord(uint64 id)
func (eMR *EMR) UnpackUnknownRecordError(raw []byte) (*EMRUnknownRecord, error) {
	out := new(EMRUnknownRecord)
	if err := eMR.abi.UnpackIntoInterface(out, "UnknownRecord", raw); err != nil {
		return nil, err
	}
	return out, nil
}
