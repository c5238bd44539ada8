package chain

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// RevertError is a contract call that reverted. Name is the Solidity custom
// error (or "Error" for require strings, "Panic" for panics), Args its
// decoded arguments; Name is empty when the data matched no known ABI.
type RevertError struct {
	Name string
	Args []any
	Data []byte
}

func (e *RevertError) Error() string {
	if e.Name == "" {
		return fmt.Sprintf("execution reverted (data %#x)", e.Data)
	}
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = fmt.Sprint(a)
	}
	return fmt.Sprintf("execution reverted: %s(%s)", e.Name, strings.Join(parts, ", "))
}

// RevertData extracts the revert payload a node attached to a JSON-RPC
// error (eth_call and eth_estimateGas return it as the error's data).
func RevertData(err error) ([]byte, bool) {
	var de rpc.DataError
	if !errors.As(err, &de) {
		return nil, false
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return nil, false
	}
	data, derr := hexutil.Decode(s)
	if derr != nil {
		return nil, false
	}
	return data, true
}

// DecodeRevert turns err into a *RevertError when it carries revert data,
// matching it against the custom errors of the given ABIs and the standard
// Error(string) and Panic(uint256). Other errors are returned unchanged.
func DecodeRevert(err error, abis ...*abi.ABI) error {
	data, ok := RevertData(err)
	if !ok {
		return err
	}
	return decodeRevertData(data, abis...)
}

func decodeRevertData(data []byte, abis ...*abi.ABI) *RevertError {
	re := &RevertError{Data: data}
	if len(data) < 4 {
		return re
	}
	if reason, err := abi.UnpackRevert(data); err == nil {
		re.Name, re.Args = "Error", []any{reason}
		if strings.HasPrefix(reason, "panic") {
			re.Name = "Panic"
		}
		return re
	}
	var sel [4]byte
	copy(sel[:], data[:4])
	for _, a := range abis {
		if a == nil {
			continue
		}
		for name, e := range a.Errors {
			if e.ID[0] != sel[0] || e.ID[1] != sel[1] || e.ID[2] != sel[2] || e.ID[3] != sel[3] {
				continue
			}
			args, err := e.Inputs.Unpack(data[4:])
			if err != nil {
				continue
			}
			re.Name, re.Args = name, args
			return re
		}
	}
	return re
}
