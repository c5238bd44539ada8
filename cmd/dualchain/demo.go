package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"encoding/json"

	"github.com/dualchain/dualchain/emr"
	"github.com/dualchain/dualchain/synth"
	"github.com/ethereum/go-ethereum/common"
)

// demoPassphrase protects the demo identities' key files: they are for
// trying the system out, like the dev accounts.
const demoPassphrase = "dualchain-demo"

// demoInfo tells users how to sign in as the demo identities.
type demoInfo struct {
	KeyDir        string      `json:"keyDir"`
	Passphrase    string      `json:"passphrase"`
	Practitioners []demoIdent `json:"practitioners"`
	Patients      []demoIdent `json:"patients"`
	Records       int         `json:"records"`
}

type demoIdent struct {
	Address string `json:"address"`
	Name    string `json:"name,omitempty"`
	KeyFile string `json:"keyFile"`
}

// loadDemoData registers, on a node whose hospital has no patients yet, two
// practitioners and n synthetic patients with charts of every record type
// (vitals over time, diagnoses, medications, allergies, immunizations, an
// imaging report with a PDF), and writes the identities' key files to
// dataDir/demo. On a node that has patients it only reports what is there.
func loadDemoData(ctx context.Context, log *slog.Logger, svc *emr.Service, dataDir string, n int) (*demoInfo, error) {
	info := &demoInfo{KeyDir: filepath.Join(dataDir, "demo"), Passphrase: demoPassphrase}
	existing, err := svc.Identities(ctx, svc.Hospital(), "patient")
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		log.Info("demo data: the hospital already has patients; nothing added", "patients", len(existing))
		return nil, nil
	}
	if err := os.MkdirAll(info.KeyDir, 0o700); err != nil {
		return nil, err
	}
	save := func(addr common.Address, name string) (demoIdent, error) {
		a := strings.ToLower(addr.Hex())
		id := demoIdent{Address: a, Name: name, KeyFile: filepath.Join(info.KeyDir, a+".json")}
		key, err := svc.ExportKey(addr, demoPassphrase)
		if err != nil {
			return id, err
		}
		return id, os.WriteFile(id.KeyFile, key, 0o600)
	}
	gen := synth.New(2026)
	var practitioners []common.Address
	for range 2 {
		res := gen.Practitioner("")
		pr, err := svc.RegisterPractitioner(ctx, res)
		if err != nil {
			return nil, fmt.Errorf("demo data: practitioner: %w", err)
		}
		id, err := save(pr.Address, displayName(res))
		if err != nil {
			return nil, err
		}
		info.Practitioners = append(info.Practitioners, id)
		practitioners = append(practitioners, pr.Address)
	}
	org := "Organization/" + strings.ToLower(svc.Hospital().Hex())
	for i := range n {
		// The generator ties a chart to the Patient it made by reference;
		// the chain assigns the real one (the patient's account).
		placeholder := fmt.Sprintf("demo-%d", i+1)
		res := gen.Patient(placeholder)
		pa, _, err := svc.RegisterPatient(ctx, svc.Hospital(), res)
		if err != nil {
			return nil, fmt.Errorf("demo data: patient: %w", err)
		}
		id, err := save(pa.Address, displayName(res))
		if err != nil {
			return nil, err
		}
		info.Patients = append(info.Patients, id)
		author := practitioners[i%len(practitioners)]
		refs := synth.Refs{Patient: "Patient/" + placeholder, Practitioner: "Practitioner/" + strings.ToLower(author.Hex()), Organization: org}
		for _, body := range gen.Records(refs, 3) {
			body = []byte(strings.ReplaceAll(string(body), `"Patient/`+placeholder+`"`, `"Patient/`+id.Address+`"`))
			if _, err := svc.Create(ctx, author, body); err != nil {
				return nil, fmt.Errorf("demo data: record for patient %d: %w", i+1, err)
			}
			info.Records++
		}
		log.Info("demo data: patient loaded", "patient", id.Address, "n", i+1, "of", n, "records", info.Records)
	}
	return info, nil
}

// displayName is "Given Family" of a Patient or Practitioner resource.
func displayName(resource []byte) string {
	var r struct {
		Name []struct {
			Family string   `json:"family"`
			Given  []string `json:"given"`
			Prefix []string `json:"prefix"`
		} `json:"name"`
	}
	if json.Unmarshal(resource, &r) != nil || len(r.Name) == 0 {
		return ""
	}
	n := r.Name[0]
	return strings.TrimSpace(strings.Join(append(append(n.Prefix, n.Given...), n.Family), " "))
}
