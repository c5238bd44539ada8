// Package emr is the EMR business of the working chain: identities, patients,
// versioned FHIR records encrypted in IPFS, consent, emergency access and the
// audit trail.
//
// The chain holds who and what kind (addresses, resource types, content
// hashes, consent); IPFS holds the sealed records (see package vault); the
// node database holds an index of both, rebuilt from them by Reindex. Every
// write is a working-chain transaction signed by the acting identity's key:
// the node is the custodian of the keys of the identities it registered.
package emr

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"
)

// Resource type codes of the EMR contract (see EMR.sol).
var typeCodes = map[string]uint8{
	"Patient": 1, "Practitioner": 2, "Organization": 3, "Encounter": 4, "Observation": 5,
	"Condition": 6, "AllergyIntolerance": 7, "MedicationRequest": 8, "Procedure": 9,
	"Immunization": 10, "DiagnosticReport": 11, "DocumentReference": 12,
}

// TypeCode returns the contract's code for a FHIR resource type (0 if none).
func TypeCode(resourceType string) uint8 { return typeCodes[resourceType] }

// TypeName returns the FHIR resource type of a contract code.
func TypeName(code uint8) string {
	for n, c := range typeCodes {
		if c == code {
			return n
		}
	}
	return ""
}

// Scope returns the consent bitmask covering the named resource types (all
// types when none are named).
func Scope(types ...string) (uint32, error) {
	if len(types) == 0 {
		return 0x1FFE, nil
	}
	var s uint32
	for _, t := range types {
		c := TypeCode(t)
		if c == 0 {
			return 0, fmt.Errorf("%w: unknown resource type %q in scope", ErrInvalid, t)
		}
		s |= 1 << c
	}
	return s, nil
}

// ScopeTypes lists the resource types a scope covers.
func ScopeTypes(scope uint32) []string {
	var out []string
	for c := uint8(1); c <= 12; c++ {
		if scope>>c&1 == 1 {
			out = append(out, TypeName(c))
		}
	}
	return out
}

// Roles of the Identity contract.
const (
	RoleNone uint8 = iota
	RoleAdmin
	RolePractitioner
	RolePatient
	RoleAuditor
)

// RoleName names a role code.
func RoleName(r uint8) string {
	return [...]string{"none", "admin", "practitioner", "patient", "auditor"}[min(r, 4)]
}

// Errors the API maps to HTTP statuses.
var (
	ErrInvalid   = errors.New("invalid input")
	ErrNotFound  = errors.New("not found")
	ErrForbidden = errors.New("forbidden")
	ErrConflict  = errors.New("conflict")
	// ErrCorrupt means content from IPFS decrypted but does not match the hash
	// the chain recorded for it: it is never returned.
	ErrCorrupt = errors.New("record content does not match its on-chain hash")
)

// Blobs is the content store (package ipfs): content-addressed, verified on read.
type Blobs interface {
	Add(ctx context.Context, data []byte) (cid.Cid, error)
	Get(ctx context.Context, c cid.Cid) ([]byte, error)
	// Discard removes content Add stored for a write the chain then
	// refused (only this node can hold it: every sealed record is unique).
	Discard(ctx context.Context, c cid.Cid) error
}

// Record is one version of a record as the index knows it.
type Record struct {
	ID           uint64         `json:"id"`        // this version's chain id
	LogicalID    uint64         `json:"logicalId"` // id of version 1 (the FHIR id)
	Version      uint32         `json:"version"`
	PrevID       uint64         `json:"prevId,omitempty"`
	Patient      common.Address `json:"patient"`
	Author       common.Address `json:"author"`
	ResourceType string         `json:"resourceType"`
	CID          string         `json:"cid"`
	ContentHash  common.Hash    `json:"contentHash"`
	Block        uint64         `json:"block"`
	BlockHash    common.Hash    `json:"blockHash"`
	TxHash       common.Hash    `json:"txHash"`
	LogIndex     uint           `json:"logIndex"`
	Time         time.Time      `json:"time"`
}

// Identity is an account the Identity contract knows.
type Identity struct {
	Address  common.Address `json:"address"`
	Role     string         `json:"role"`
	Hospital common.Address `json:"hospital"`
	Active   bool           `json:"active"`
	MetaHash common.Hash    `json:"metaHash"`
	Block    uint64         `json:"block"`
}

// Grant is the current state of one consent.
type Grant struct {
	Patient common.Address `json:"patient"`
	Grantee common.Address `json:"grantee"`
	Scope   []string       `json:"scope"`
	Expiry  *time.Time     `json:"expiry,omitempty"`
	Active  bool           `json:"active"`
	Since   time.Time      `json:"since"`
}

// Emergency is one break-glass access.
type Emergency struct {
	Patient      common.Address `json:"patient"`
	Practitioner common.Address `json:"practitioner"`
	Hospital     common.Address `json:"hospital"`
	ReasonHash   common.Hash    `json:"reasonHash"`
	ExpiresAt    time.Time      `json:"expiresAt"`
	TxHash       common.Hash    `json:"txHash"`
	Time         time.Time      `json:"time"`
}
