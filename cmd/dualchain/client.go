package main

// The EMR command-line client: commands that talk to a running node's HTTP
// API (started by "dualchain up") to register patients and practitioners,
// write and read records, manage consent, and import or export FHIR data.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"

	"github.com/dualchain/dualchain/api"
	"github.com/dualchain/dualchain/devchain"
)

const defaultAPI = "http://127.0.0.1:8080"

// clientFlags are the flags of every client command.
func clientFlags(extra ...cli.Flag) []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "api", Value: defaultAPI, Usage: "URL of the node's HTTP API (printed by 'dualchain up')", EnvVars: []string{"DUALCHAIN_API"}},
		&cli.StringFlag{Name: "key", Usage: "FILE with the key to log in with: a keystore (v3 JSON) file or a 0x-hex private key; default: the public dev hospital admin key", EnvVars: []string{"DUALCHAIN_KEY"}},
		&cli.StringFlag{Name: "key-passphrase", Usage: "passphrase of the --key keystore file", EnvVars: []string{"DUALCHAIN_KEY_PASSPHRASE"}},
		&cli.BoolFlag{Name: "json", Usage: "machine-readable output: the API's JSON (or a JSON summary) on stdout, nothing else"},
	}, extra...)
}

// clientCommands are the EMR client commands.
func clientCommands() []*cli.Command {
	passFlag := &cli.StringFlag{Name: "passphrase", Usage: "passphrase (at least 8 characters) that encrypts the key file the node hands back"}
	keyOut := &cli.StringFlag{Name: "key-out", Usage: "write the new identity's keystore file to FILE (mode 0600)"}
	cmds := []*cli.Command{
		{
			Name:  "patients",
			Usage: "register, list and show patients (client of a running node)",
			Description: `Patients are identities on the working chain with their demographics (a FHIR
Patient resource) as their first record. The node creates the patient's key
and hands it back encrypted with --passphrase; keep it (--key-out) so the
patient can log in (--key) to grant consent.`,
			Subcommands: []*cli.Command{
				{
					Name: "add", Usage: "register a patient from a FHIR Patient resource", ArgsUsage: "FILE",
					Description: "Registers the Patient resource in FILE (JSON) as a new patient of the hospital,\nas the logged-in staff member, and prints its account address.",
					Flags:       clientFlags(passFlag, keyOut),
					Action:      clientAction(1, 1, registerCmd("/api/v1/patients", "patient")),
				},
				{
					Name: "list", Usage: "list the hospital's patients", ArgsUsage: " ",
					Description: "Lists the patients of this node's hospital (staff only).",
					Flags:       clientFlags(),
					Action:      clientAction(0, 0, patientsList),
				},
				{
					Name: "show", Usage: "show one identity (patient, practitioner, …)", ArgsUsage: "ADDRESS",
					Description: "Shows the identity with account ADDRESS: its role, hospital, status.",
					Flags:       clientFlags(),
					Action:      clientAction(1, 1, identityShow),
				},
			},
		},
		{
			Name:  "practitioners",
			Usage: "register practitioners (client of a running node)",
			Subcommands: []*cli.Command{
				{
					Name: "add", Usage: "register a practitioner from a FHIR Practitioner resource", ArgsUsage: "FILE",
					Description: "Registers the Practitioner resource in FILE (JSON) as staff of the hospital.\nOnly the hospital's admin may do this (the default key on a dev node).",
					Flags:       clientFlags(passFlag, keyOut),
					Action:      clientAction(1, 1, registerCmd("/api/v1/practitioners", "practitioner")),
				},
			},
		},
		{
			Name:  "records",
			Usage: "write and read FHIR records (client of a running node)",
			Description: `Records are FHIR resources (Observation, Condition, …) of a patient, stored
encrypted in IPFS with their pointers on the working chain. They are named
TYPE/ID: the id is the record's logical id, for a Patient its account address.`,
			Subcommands: []*cli.Command{
				{
					Name: "add", Usage: "create a record from a FHIR resource file", ArgsUsage: "FILE",
					Description: "POSTs the resource in FILE to /fhir/<its resourceType> and prints its TYPE/ID.",
					Flags:       clientFlags(),
					Action:      clientAction(1, 1, recordsAdd),
				},
				{
					Name: "get", Usage: "print a record (latest version, or --version N)", ArgsUsage: "TYPE/ID",
					Flags:  clientFlags(&cli.UintFlag{Name: "version", Usage: "read version N instead of the latest"}),
					Action: clientAction(1, 1, recordsGet),
				},
				{
					Name: "history", Usage: "list every version of a record", ArgsUsage: "TYPE/ID",
					Flags:  clientFlags(),
					Action: clientAction(1, 1, recordsHistory),
				},
				{
					Name: "list", Usage: "list a patient's records", ArgsUsage: " ",
					Description: "Lists the records of --patient that the caller may read: of --type, or\n(without --type) the patient's whole record ($everything).",
					Flags: clientFlags(
						&cli.StringFlag{Name: "patient", Usage: "the patient's account ADDRESS (or Patient/ADDRESS)"},
						&cli.StringFlag{Name: "type", Usage: "only records of resource type T (Observation, Condition, …)"}),
					Action: clientAction(0, 0, recordsList),
				},
			},
		},
		{
			Name:  "grants",
			Usage: "manage a patient's consent (client of a running node)",
			Description: `A patient grants a practitioner (of any hospital) access to their records,
optionally limited to some resource types and until a time. Log in as the
patient: --key <the patient's keystore file> --key-passphrase <its passphrase>.`,
			Subcommands: []*cli.Command{
				{
					Name: "add", Usage: "grant a practitioner access to the patient's records", ArgsUsage: " ",
					Flags: clientFlags(
						&cli.StringFlag{Name: "grantee", Usage: "account ADDRESS of the practitioner"},
						&cli.StringSliceFlag{Name: "types", Usage: "resource types the grant covers, comma-separated (default: all)"},
						&cli.StringFlag{Name: "expires", Usage: "end of the grant: a duration from now (24h) or an RFC 3339 time (default: no end)"},
						&cli.StringFlag{Name: "patient", Usage: "the granting patient's ADDRESS: checked against --key (only the patient may grant)"}),
					Action: clientAction(0, 0, grantsAdd),
				},
				{
					Name: "list", Usage: "list a patient's grants", ArgsUsage: " ",
					Flags: clientFlags(
						&cli.StringFlag{Name: "patient", Usage: "the patient's ADDRESS (default: the logged-in account; staff and auditors may name one)"}),
					Action: clientAction(0, 0, grantsList),
				},
				{
					Name: "revoke", Usage: "revoke the grant to a practitioner", ArgsUsage: "GRANTEE",
					Flags:  clientFlags(),
					Action: clientAction(1, 1, grantsRevoke),
				},
			},
		},
		{
			Name: "import", Usage: "import FHIR Bundles or NDJSON files into a running node", ArgsUsage: "FILE...",
			Description: `Each FILE is a FHIR Bundle (transaction, batch or collection) or NDJSON
(one resource per line). Entries are written one by one, in order: Patient
entries are registered as new patients (with --passphrase for their key
files), every other resource is created as a record. References to an
earlier entry's fullUrl ("urn:uuid:…") or TYPE/id are replaced by the id the
node assigned. The import stops at the first failure and says how far it got
(chain writes cannot be rolled back). Progress is shown on stderr when it is
a terminal.`,
			Flags: clientFlags(
				&cli.StringFlag{Name: "passphrase", Usage: "passphrase (at least 8 characters) for the key files of imported patients"},
				&cli.StringFlag{Name: "key-dir", Usage: "write the keystore files of imported patients to DIR"}),
			Action: clientAction(1, -1, importCmd),
		},
		{
			Name: "export", Usage: "export a patient's whole record as a FHIR Bundle", ArgsUsage: " ",
			Description: "Writes GET /fhir/Patient/<id>/$everything (the Patient and the latest version\nof every record the caller may read) as pretty JSON to -o FILE or stdout.",
			Flags: clientFlags(
				&cli.StringFlag{Name: "patient", Usage: "the patient's account ADDRESS (or Patient/ADDRESS)"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the Bundle to FILE instead of stdout"}),
			Action: clientAction(0, 0, exportCmd),
		},
	}
	var setUsage func([]*cli.Command)
	setUsage = func(cs []*cli.Command) {
		for _, c := range cs {
			c.OnUsageError = clientUsageError
			setUsage(c.Subcommands)
		}
	}
	setUsage(cmds)
	return cmds
}

func clientUsageError(c *cli.Context, err error, _ bool) error {
	name := "dualchain"
	if c.Command != nil && c.Command.HelpName != "" {
		name = c.Command.HelpName
	}
	return usageErr("%v; run '%s --help' for the flags", err, name)
}

// cmdName is the full command name for messages ("dualchain patients add").
func cmdName(c *cli.Context) string {
	if c.Command != nil && c.Command.HelpName != "" {
		return c.Command.HelpName
	}
	return "dualchain"
}

// client is a logged-in connection to a node's API.
type client struct {
	base   string
	key    *ecdsa.PrivateKey
	addr   common.Address
	hc     *http.Client
	token  string
	stdout io.Writer
	stderr io.Writer
	json   bool
	args   []string
	c      *cli.Context
}

// clientAction parses the positional arguments (flags may follow them),
// checks their number (max -1: any) and runs fn with a client.
func clientAction(minArgs, maxArgs int, fn func(ctx context.Context, cl *client) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		args, err := interspersed(c)
		if errors.Is(err, errHelpShown) {
			cli.HelpPrinter(c.App.Writer, cli.CommandHelpTemplate, c.Command)
			return nil
		}
		if err != nil {
			return err
		}
		if len(args) < minArgs || (maxArgs >= 0 && len(args) > maxArgs) {
			want := c.Command.ArgsUsage
			if strings.TrimSpace(want) == "" {
				return usageErr("%s takes no arguments, got %q; run '%s --help'", cmdName(c), strings.Join(args, " "), cmdName(c))
			}
			return usageErr("%s needs %s; run '%s --help'", cmdName(c), want, cmdName(c))
		}
		cl, err := newClient(c)
		if err != nil {
			return err
		}
		cl.args = args
		return fn(c.Context, cl)
	}
}

// errHelpShown asks for the command's help (--help after the arguments).
var errHelpShown = errors.New("help")

// interspersed returns the positional arguments, setting the flags that
// follow them ("patients add FILE --passphrase P"): urfave/cli stops
// parsing flags at the first argument.
func interspersed(c *cli.Context) ([]string, error) {
	var pos []string
	in := c.Args().Slice()
	for i := 0; i < len(in); i++ {
		a := in[i]
		if a == "--" {
			pos = append(pos, in[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "help" || name == "h" {
			return nil, errHelpShown
		}
		var fl cli.Flag
		for _, f := range c.Command.Flags {
			if slices.Contains(f.Names(), name) {
				fl = f
			}
		}
		if fl == nil {
			return nil, usageErr("flag provided but not defined: %s; run '%s --help' for the flags", a, cmdName(c))
		}
		if _, isBool := fl.(*cli.BoolFlag); isBool {
			if !hasVal {
				val = "true"
			}
		} else if !hasVal {
			if i+1 >= len(in) {
				return nil, usageErr("flag needs an argument: %s; run '%s --help' for the flags", a, cmdName(c))
			}
			i++
			val = in[i]
		}
		if err := c.Set(name, val); err != nil {
			return nil, usageErr("invalid value %q for flag %s: %v", val, a, err)
		}
	}
	return pos, nil
}

func newClient(c *cli.Context) (*client, error) {
	base := strings.TrimRight(c.String("api"), "/")
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageErr("--api %q is not an http(s) URL; pass the API address 'dualchain up' printed", c.String("api"))
	}
	cl := &client{base: base, hc: &http.Client{Timeout: 5 * time.Minute}, stdout: c.App.Writer, stderr: c.App.ErrWriter, json: c.Bool("json"), c: c}
	if path := c.String("key"); path != "" {
		k, err := loadClientKey(path, c.String("key-passphrase"))
		if err != nil {
			return nil, err
		}
		cl.key = k
	} else {
		cl.key = devchain.DevAccounts(devchain.DefaultSeed, 1)[0].Key
		fmt.Fprintln(cl.stderr, "dualchain: warning: no --key given, logging in with the public dev hospital admin key")
	}
	cl.addr = crypto.PubkeyToAddress(cl.key.PublicKey)
	return cl, nil
}

// loadClientKey reads a keystore v3 file or a file holding a hex private key.
func loadClientKey(path, passphrase string) (*ecdsa.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read --key file: %v", err)
	}
	s := strings.TrimSpace(string(b))
	if strings.HasPrefix(s, "{") {
		k, err := keystore.DecryptKey([]byte(s), passphrase)
		if err != nil {
			if passphrase == "" {
				return nil, fmt.Errorf("--key %s is a keystore file: give its passphrase with --key-passphrase (or DUALCHAIN_KEY_PASSPHRASE)", path)
			}
			return nil, fmt.Errorf("cannot decrypt --key %s (%v): check --key-passphrase", path, err)
		}
		return k.PrivateKey, nil
	}
	k, err := crypto.HexToECDSA(strings.TrimPrefix(s, "0x"))
	if err != nil {
		return nil, fmt.Errorf("--key %s holds neither a keystore (JSON) nor a 0x-hex private key: %v", path, err)
	}
	return k, nil
}

// apiError is an error answer of the API, as one line.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string {
	s := fmt.Sprintf("%d %s", e.status, http.StatusText(e.status))
	if e.msg != "" {
		s += ": " + e.msg
	}
	return s
}

// errorMessage extracts what a problem+json or OperationOutcome body says.
func errorMessage(body []byte) string {
	var m struct {
		ResourceType string `json:"resourceType"`
		Title        string `json:"title"`
		Detail       string `json:"detail"`
		Issue        []struct {
			Diagnostics string `json:"diagnostics"`
			Code        string `json:"code"`
			Expression  []string
		} `json:"issue"`
	}
	if err := json.Unmarshal(body, &m); err == nil {
		if m.ResourceType == "OperationOutcome" {
			var parts []string
			for _, is := range m.Issue {
				d := is.Diagnostics
				if d == "" {
					d = is.Code
				}
				if len(is.Expression) > 0 {
					d = strings.Join(is.Expression, ", ") + ": " + d
				}
				parts = append(parts, d)
			}
			return strings.Join(parts, "; ")
		}
		if m.Detail != "" {
			return m.Detail
		}
		if m.Title != "" {
			return m.Title
		}
	}
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// login signs the node's challenge with the client's key.
func (cl *client) login(ctx context.Context) error {
	var ch struct {
		Message string `json:"message"`
	}
	if _, err := cl.send(ctx, "GET", "/api/v1/auth/challenge?address="+cl.addr.Hex(), nil, &ch); err != nil {
		return fmt.Errorf("login as %s: %w", cl.addr.Hex(), err)
	}
	sig, err := api.SignChallenge(ch.Message, func(hash []byte) ([]byte, error) { return crypto.Sign(hash, cl.key) })
	if err != nil {
		return err
	}
	var res struct {
		Token string `json:"token"`
	}
	if _, err := cl.send(ctx, "POST", "/api/v1/auth/login", map[string]string{"message": ch.Message, "signature": sig}, &res); err != nil {
		return fmt.Errorf("login as %s: %w", cl.addr.Hex(), err)
	}
	cl.token = res.Token
	return nil
}

// do sends an authenticated request (logging in first if needed), decodes
// a JSON answer into out if not nil, and returns the raw answer.
func (cl *client) do(ctx context.Context, method, path string, body, out any) ([]byte, error) {
	if cl.token == "" {
		if err := cl.login(ctx); err != nil {
			return nil, err
		}
	}
	return cl.send(ctx, method, path, body, out)
}

func (cl *client) send(ctx context.Context, method, path string, body, out any) ([]byte, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case json.RawMessage:
		rd = bytes.NewReader(b)
	default:
		js, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(js)
	}
	req, err := http.NewRequestWithContext(ctx, method, cl.base+path, rd)
	if err != nil {
		return nil, err
	}
	if rd != nil {
		ct := "application/json"
		if strings.HasPrefix(path, "/fhir") {
			ct = "application/fhir+json"
		}
		req.Header.Set("Content-Type", ct)
	}
	req.Header.Set("Accept", "application/json, application/fhir+json, application/problem+json")
	if cl.token != "" {
		req.Header.Set("Authorization", "Bearer "+cl.token)
	}
	res, err := cl.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("cannot reach the dualchain API at %s (%v): start the node with 'dualchain up' or pass --api (or DUALCHAIN_API) with the URL it printed", cl.base, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading the answer: %v", method, path, err)
	}
	if res.StatusCode >= 300 {
		return raw, &apiError{status: res.StatusCode, msg: errorMessage(raw)}
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return raw, fmt.Errorf("%s %s: unexpected answer %.200q: %v", method, path, raw, err)
		}
	}
	return raw, nil
}

// printJSON writes raw JSON on one line (the API's own encoding) to stdout.
func (cl *client) printJSON(raw []byte) error {
	_, err := fmt.Fprintln(cl.stdout, strings.TrimSpace(string(raw)))
	return err
}

func (cl *client) printValue(v any) error {
	js, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return cl.printJSON(js)
}

func (cl *client) table() *tabwriter.Writer {
	return tabwriter.NewWriter(cl.stdout, 0, 4, 2, ' ', 0)
}

// ---- identities ----

type identity struct {
	Address  common.Address `json:"address"`
	Role     string         `json:"role"`
	Hospital common.Address `json:"hospital"`
	Active   bool           `json:"active"`
	Block    uint64         `json:"block"`
}

func readResourceFile(path, want string) ([]byte, string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("read FILE: %v", err)
	}
	var m struct {
		ResourceType string `json:"resourceType"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, "", fmt.Errorf("%s is not JSON: %v", path, err)
	}
	if m.ResourceType == "" {
		return nil, "", fmt.Errorf("%s is not a FHIR resource (it has no resourceType)", path)
	}
	if want != "" && m.ResourceType != want {
		return nil, "", fmt.Errorf("%s holds a %s resource, want a %s", path, m.ResourceType, want)
	}
	return b, m.ResourceType, nil
}

// registerCmd registers a patient or practitioner.
func registerCmd(path, role string) func(ctx context.Context, cl *client) error {
	return func(ctx context.Context, cl *client) error {
		pass := cl.c.String("passphrase")
		if pass == "" {
			return usageErr("%s needs --passphrase (at least 8 characters): it encrypts the new %s's key file", cmdName(cl.c), role)
		}
		res, _, err := readResourceFile(cl.args[0], strings.ToUpper(role[:1])+role[1:])
		if err != nil {
			return err
		}
		var out struct {
			Identity      identity        `json:"identity"`
			Keystore      json.RawMessage `json:"keystore"`
			PatientRecord *struct {
				ID uint64 `json:"id"`
			} `json:"patientRecord"`
		}
		raw, err := cl.do(ctx, "POST", path, map[string]any{"resource": json.RawMessage(res), "passphrase": pass}, &out)
		if err != nil {
			return fmt.Errorf("register %s from %s: %w", role, cl.args[0], err)
		}
		keyOut := cl.c.String("key-out")
		if keyOut != "" {
			if err := writeKeyFile(keyOut, out.Keystore); err != nil {
				return err
			}
		}
		if cl.json {
			return cl.printJSON(raw)
		}
		fmt.Fprintf(cl.stdout, "registered %s %s (hospital %s)\n", role, out.Identity.Address.Hex(), out.Identity.Hospital.Hex())
		if keyOut != "" {
			fmt.Fprintf(cl.stdout, "key file written to %s (log in with --key %s --key-passphrase …)\n", keyOut, keyOut)
		} else {
			fmt.Fprintf(cl.stdout, "no --key-out given: the key file was not saved (use --json to get it)\n")
		}
		return nil
	}
}

// writeKeyFile writes a keystore file readable by its owner only.
func writeKeyFile(path string, ks []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write key file: %v (the identity is registered; rerun with --json to get the key file)", err)
	}
	_, err = f.Write(append(bytes.TrimSpace(ks), '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write key file %s: %v", path, err)
	}
	return nil
}

func patientsList(ctx context.Context, cl *client) error {
	var ids []identity
	raw, err := cl.do(ctx, "GET", "/api/v1/patients", nil, &ids)
	if err != nil {
		return err
	}
	if cl.json {
		return cl.printJSON(raw)
	}
	tw := cl.table()
	fmt.Fprintln(tw, "ADDRESS\tHOSPITAL\tACTIVE\tBLOCK")
	for _, id := range ids {
		fmt.Fprintf(tw, "%s\t%s\t%v\t%d\n", id.Address.Hex(), id.Hospital.Hex(), id.Active, id.Block)
	}
	tw.Flush()
	fmt.Fprintf(cl.stdout, "%d patients\n", len(ids))
	return nil
}

func identityShow(ctx context.Context, cl *client) error {
	a, err := parseAddress(cl.c, "ADDRESS", cl.args[0])
	if err != nil {
		return err
	}
	var id identity
	raw, err := cl.do(ctx, "GET", "/api/v1/identities/"+a.Hex(), nil, &id)
	if err != nil {
		return err
	}
	if cl.json {
		return cl.printJSON(raw)
	}
	tw := cl.table()
	fmt.Fprintf(tw, "address\t%s\nrole\t%s\nhospital\t%s\nactive\t%v\nregistered in block\t%d\n", id.Address.Hex(), id.Role, id.Hospital.Hex(), id.Active, id.Block)
	return tw.Flush()
}

func parseAddress(c *cli.Context, what, s string) (common.Address, error) {
	s = strings.TrimPrefix(s, "Patient/")
	if !common.IsHexAddress(s) {
		return common.Address{}, usageErr("%s %q is not an account address (0x followed by 40 hex digits); run '%s --help'", what, s, cmdName(c))
	}
	return common.HexToAddress(s), nil
}

// ---- records ----

func recordsAdd(ctx context.Context, cl *client) error {
	res, typ, err := readResourceFile(cl.args[0], "")
	if err != nil {
		return err
	}
	raw, err := cl.do(ctx, "POST", "/fhir/"+typ, res, nil)
	if err != nil {
		return fmt.Errorf("create %s from %s: %w", typ, cl.args[0], err)
	}
	if cl.json {
		return cl.printJSON(raw)
	}
	m, _ := resourceInfo(raw)
	fmt.Fprintf(cl.stdout, "created %s/%s (version %s)\n", typ, m.ID, m.Meta.VersionID)
	return nil
}

// recordRef splits TYPE/ID.
func recordRef(c *cli.Context, s string) (string, string, error) {
	typ, id, ok := strings.Cut(s, "/")
	if !ok || typ == "" || id == "" || strings.Contains(id, "/") {
		return "", "", usageErr("%q is not TYPE/ID (e.g. Observation/12 or Patient/0x…); run '%s --help'", s, cmdName(c))
	}
	return typ, id, nil
}

func recordsGet(ctx context.Context, cl *client) error {
	typ, id, err := recordRef(cl.c, cl.args[0])
	if err != nil {
		return err
	}
	path := "/fhir/" + url.PathEscape(typ) + "/" + url.PathEscape(id)
	if v := cl.c.Uint("version"); v > 0 {
		path += "/_history/" + strconv.FormatUint(uint64(v), 10)
	}
	raw, err := cl.do(ctx, "GET", path, nil, nil)
	if err != nil {
		return fmt.Errorf("read %s: %w", cl.args[0], err)
	}
	if cl.json {
		return cl.printJSON(raw)
	}
	return writePretty(cl.stdout, raw)
}

func writePretty(w io.Writer, raw []byte) error {
	var b bytes.Buffer
	if err := json.Indent(&b, bytes.TrimSpace(raw), "", "  "); err != nil {
		return err
	}
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}

// resource is what the client shows of a FHIR resource.
type resource struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Meta         struct {
		VersionID   string `json:"versionId"`
		LastUpdated string `json:"lastUpdated"`
	} `json:"meta"`
	Status string `json:"status"`
}

func resourceInfo(raw []byte) (resource, error) {
	var r resource
	err := json.Unmarshal(raw, &r)
	return r, err
}

type bundleEntries struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Entry        []struct {
		FullURL  string          `json:"fullUrl"`
		Resource json.RawMessage `json:"resource"`
		Request  *struct {
			Method string `json:"method"`
			URL    string `json:"url"`
		} `json:"request"`
	} `json:"entry"`
}

func recordsHistory(ctx context.Context, cl *client) error {
	typ, id, err := recordRef(cl.c, cl.args[0])
	if err != nil {
		return err
	}
	var b bundleEntries
	raw, err := cl.do(ctx, "GET", "/fhir/"+url.PathEscape(typ)+"/"+url.PathEscape(id)+"/_history", nil, &b)
	if err != nil {
		return fmt.Errorf("history of %s: %w", cl.args[0], err)
	}
	if cl.json {
		return cl.printJSON(raw)
	}
	tw := cl.table()
	fmt.Fprintln(tw, "VERSION\tLAST UPDATED\tSTATUS\tSUMMARY")
	for _, e := range b.Entry {
		r, _ := resourceInfo(e.Resource)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Meta.VersionID, r.Meta.LastUpdated, dash(r.Status), summarize(e.Resource))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// summarize describes a resource in a few words: its code (or name) and value.
func summarize(raw []byte) string {
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	var parts []string
	if names, ok := m["name"].([]any); ok && len(names) > 0 {
		if n, ok := names[0].(map[string]any); ok {
			var given []string
			if g, ok := n["given"].([]any); ok {
				for _, x := range g {
					given = append(given, fmt.Sprint(x))
				}
			}
			if f, ok := n["family"].(string); ok {
				given = append(given, f)
			}
			parts = append(parts, strings.Join(given, " "))
		}
	}
	for _, f := range []string{"code", "vaccineCode", "medicationCodeableConcept", "type"} {
		if t := conceptText(m[f]); t != "" {
			parts = append(parts, t)
			break
		}
	}
	if q, ok := m["valueQuantity"].(map[string]any); ok {
		parts = append(parts, strings.TrimSpace(fmt.Sprintf("%v %v", q["value"], unit(q))))
	}
	if cs, ok := m["component"].([]any); ok {
		var vals []string
		for _, c := range cs {
			if cm, ok := c.(map[string]any); ok {
				if q, ok := cm["valueQuantity"].(map[string]any); ok {
					vals = append(vals, fmt.Sprintf("%v", q["value"]))
				}
			}
		}
		if len(vals) > 0 {
			parts = append(parts, strings.Join(vals, "/"))
		}
	}
	return strings.Join(parts, " ")
}

func unit(q map[string]any) string {
	if u, ok := q["unit"].(string); ok {
		return u
	}
	if u, ok := q["code"].(string); ok {
		return u
	}
	return ""
}

// conceptText is a CodeableConcept's text, else its first coding's display or code.
func conceptText(v any) string {
	switch c := v.(type) {
	case []any:
		if len(c) > 0 {
			return conceptText(c[0])
		}
	case map[string]any:
		if t, ok := c["text"].(string); ok && t != "" {
			return t
		}
		if cs, ok := c["coding"].([]any); ok && len(cs) > 0 {
			if cd, ok := cs[0].(map[string]any); ok {
				if d, ok := cd["display"].(string); ok && d != "" {
					return d
				}
				if d, ok := cd["code"].(string); ok {
					return d
				}
			}
		}
	}
	return ""
}

func recordsList(ctx context.Context, cl *client) error {
	if cl.c.String("patient") == "" {
		return usageErr("%s needs --patient ADDRESS; run '%s --help'", cmdName(cl.c), cmdName(cl.c))
	}
	p, err := parseAddress(cl.c, "--patient", cl.c.String("patient"))
	if err != nil {
		return err
	}
	pid := strings.ToLower(p.Hex())
	path := "/fhir/Patient/" + pid + "/$everything"
	if t := cl.c.String("type"); t != "" {
		path = "/fhir/" + url.PathEscape(t) + "?patient=" + pid
	}
	var b bundleEntries
	raw, err := cl.do(ctx, "GET", path, nil, &b)
	if err != nil {
		return fmt.Errorf("list records of %s: %w", pid, err)
	}
	if cl.json {
		return cl.printJSON(raw)
	}
	tw := cl.table()
	fmt.Fprintln(tw, "RECORD\tVERSION\tLAST UPDATED\tSUMMARY")
	for _, e := range b.Entry {
		r, _ := resourceInfo(e.Resource)
		fmt.Fprintf(tw, "%s/%s\t%s\t%s\t%s\n", r.ResourceType, r.ID, r.Meta.VersionID, r.Meta.LastUpdated, summarize(e.Resource))
	}
	tw.Flush()
	fmt.Fprintf(cl.stdout, "%d records\n", len(b.Entry))
	return nil
}

// ---- consent ----

type grant struct {
	Patient common.Address `json:"patient"`
	Grantee common.Address `json:"grantee"`
	Scope   []string       `json:"scope"`
	Expiry  *time.Time     `json:"expiry"`
	Active  bool           `json:"active"`
	Since   time.Time      `json:"since"`
}

func grantsAdd(ctx context.Context, cl *client) error {
	c := cl.c
	if c.String("grantee") == "" {
		return usageErr("%s needs --grantee ADDRESS (the practitioner); run '%s --help'", cmdName(c), cmdName(c))
	}
	g, err := parseAddress(c, "--grantee", c.String("grantee"))
	if err != nil {
		return err
	}
	if p := c.String("patient"); p != "" {
		pa, err := parseAddress(c, "--patient", p)
		if err != nil {
			return err
		}
		if pa != cl.addr {
			return usageErr("only the patient may grant access to their records: log in as %s with --key <its keystore file> (--key is %s)", pa.Hex(), cl.addr.Hex())
		}
	}
	var types []string
	for _, t := range c.StringSlice("types") {
		for _, x := range strings.Split(t, ",") {
			if x = strings.TrimSpace(x); x != "" {
				types = append(types, x)
			}
		}
	}
	body := map[string]any{"grantee": g.Hex(), "types": types}
	if e := c.String("expires"); e != "" {
		var exp time.Time
		if d, err := time.ParseDuration(e); err == nil {
			if d <= 0 {
				return usageErr("--expires %s must be in the future", e)
			}
			exp = time.Now().Add(d).UTC().Truncate(time.Second)
		} else if exp, err = time.Parse(time.RFC3339, e); err != nil {
			return usageErr("--expires %q: want a duration (24h, 90m) or an RFC 3339 time (2026-12-31T23:59:00Z)", e)
		}
		body["expiry"] = exp
	}
	var gr grant
	raw, err := cl.do(ctx, "POST", "/api/v1/consent", body, &gr)
	if err != nil {
		return fmt.Errorf("grant %s access: %w", g.Hex(), err)
	}
	if cl.json {
		return cl.printJSON(raw)
	}
	fmt.Fprintf(cl.stdout, "granted %s access to %s's %s, %s\n", gr.Grantee.Hex(), gr.Patient.Hex(), scope(gr.Scope), until(gr.Expiry))
	return nil
}

func scope(s []string) string {
	if len(s) == 0 {
		return "records of every type"
	}
	return strings.Join(s, ", ") + " records"
}

func until(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "no end"
	}
	return "until " + t.UTC().Format(time.RFC3339)
}

func grantsList(ctx context.Context, cl *client) error {
	path := "/api/v1/consent"
	if p := cl.c.String("patient"); p != "" {
		pa, err := parseAddress(cl.c, "--patient", p)
		if err != nil {
			return err
		}
		path += "?patient=" + pa.Hex()
	}
	var gs []grant
	raw, err := cl.do(ctx, "GET", path, nil, &gs)
	if err != nil {
		return fmt.Errorf("list grants: %w", err)
	}
	if cl.json {
		return cl.printJSON(raw)
	}
	tw := cl.table()
	fmt.Fprintln(tw, "GRANTEE\tSCOPE\tEXPIRES\tACTIVE\tSINCE")
	for _, g := range gs {
		sc := strings.Join(g.Scope, ",")
		if sc == "" {
			sc = "all"
		}
		exp := "never"
		if g.Expiry != nil && !g.Expiry.IsZero() {
			exp = g.Expiry.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%s\n", g.Grantee.Hex(), sc, exp, g.Active, g.Since.UTC().Format(time.RFC3339))
	}
	tw.Flush()
	fmt.Fprintf(cl.stdout, "%d grants\n", len(gs))
	return nil
}

func grantsRevoke(ctx context.Context, cl *client) error {
	g, err := parseAddress(cl.c, "GRANTEE", cl.args[0])
	if err != nil {
		return err
	}
	if _, err := cl.do(ctx, "DELETE", "/api/v1/consent/"+g.Hex(), nil, nil); err != nil {
		return fmt.Errorf("revoke %s's access: %w", g.Hex(), err)
	}
	if cl.json {
		return cl.printValue(map[string]any{"revoked": g.Hex(), "patient": cl.addr.Hex()})
	}
	fmt.Fprintf(cl.stdout, "revoked %s's access to %s's records\n", g.Hex(), cl.addr.Hex())
	return nil
}

// ---- export ----

func exportCmd(ctx context.Context, cl *client) error {
	c := cl.c
	if c.String("patient") == "" {
		return usageErr("%s needs --patient ADDRESS; run '%s --help'", cmdName(c), cmdName(c))
	}
	p, err := parseAddress(c, "--patient", c.String("patient"))
	if err != nil {
		return err
	}
	pid := strings.ToLower(p.Hex())
	var b bundleEntries
	raw, err := cl.do(ctx, "GET", "/fhir/Patient/"+pid+"/$everything", nil, &b)
	if err != nil {
		return fmt.Errorf("export %s: %w", pid, err)
	}
	out := c.String("output")
	if out == "" || out == "-" {
		return writePretty(cl.stdout, raw)
	}
	var buf bytes.Buffer
	if err := writePretty(&buf, raw); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("write -o file: %v", err)
	}
	if cl.json {
		return cl.printValue(map[string]any{"patient": pid, "file": out, "entries": len(b.Entry)})
	}
	fmt.Fprintf(cl.stdout, "exported %d resources of patient %s to %s\n", len(b.Entry), pid, out)
	return nil
}

// ---- import ----

// importEntry is one resource to import.
type importEntry struct {
	file     string
	index    int    // entry index in a Bundle, line number in NDJSON
	where    string // "entry 3" or "line 4"
	fullURL  string // key that later entries use to refer to it
	typ      string
	resource []byte
}

// readImportFile reads the entries of a Bundle or NDJSON file.
func readImportFile(path string) ([]importEntry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %v", err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err == nil {
		var rt string
		json.Unmarshal(top["resourceType"], &rt)
		if rt != "Bundle" {
			e, err := newImportEntry(path, 1, "line 1", "", b)
			if err != nil {
				return nil, err
			}
			return []importEntry{e}, nil
		}
		var bun bundleEntries
		if err := json.Unmarshal(b, &bun); err != nil {
			return nil, fmt.Errorf("%s: not a FHIR Bundle: %v", path, err)
		}
		var out []importEntry
		for i, en := range bun.Entry {
			where := fmt.Sprintf("entry %d", i)
			if len(en.Resource) == 0 {
				return nil, fmt.Errorf("%s %s: has no resource", path, where)
			}
			if en.Request != nil && en.Request.Method != "" && en.Request.Method != "POST" {
				return nil, fmt.Errorf("%s %s: request method %s: only POST (create) entries can be imported", path, where, en.Request.Method)
			}
			e, err := newImportEntry(path, i, where, en.FullURL, en.Resource)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, nil
	}
	// NDJSON: one resource per line.
	var out []importEntry
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		where := fmt.Sprintf("line %d", n)
		if !json.Valid(line) {
			return nil, fmt.Errorf("%s %s: not JSON (want a FHIR Bundle or NDJSON, one resource per line)", path, where)
		}
		e, err := newImportEntry(path, n, where, "", append([]byte(nil), line...))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return out, nil
}

func newImportEntry(path string, index int, where, fullURL string, raw []byte) (importEntry, error) {
	var m struct {
		ResourceType string `json:"resourceType"`
		ID           string `json:"id"`
	}
	if err := json.Unmarshal(raw, &m); err != nil || m.ResourceType == "" {
		return importEntry{}, fmt.Errorf("%s %s: not a FHIR resource (no resourceType)", path, where)
	}
	if m.ResourceType == "Bundle" {
		return importEntry{}, fmt.Errorf("%s %s: nested Bundles cannot be imported", path, where)
	}
	if fullURL == "" && m.ID != "" {
		fullURL = m.ResourceType + "/" + m.ID
	}
	return importEntry{file: path, index: index, where: where, fullURL: fullURL, typ: m.ResourceType, resource: raw}, nil
}

// importSummary is the --json output of import.
type importSummary struct {
	Files    []string          `json:"files"`
	Total    int               `json:"total"`
	Imported int               `json:"imported"`
	Failed   int               `json:"failed"`
	Refs     map[string]string `json:"refs"`               // input fullUrl (or TYPE/id) => new reference
	Patients []string          `json:"patients,omitempty"` // new patient references, in order
	KeyFiles []string          `json:"keyFiles,omitempty"`
	Error    string            `json:"error,omitempty"`
	Seconds  float64           `json:"seconds"`
}

func importCmd(ctx context.Context, cl *client) error {
	c := cl.c
	var entries []importEntry
	for _, f := range cl.args {
		es, err := readImportFile(f)
		if err != nil {
			return fmt.Errorf("import: %v (nothing was written)", err)
		}
		entries = append(entries, es...)
	}
	pass, keyDir := c.String("passphrase"), c.String("key-dir")
	if slices.ContainsFunc(entries, func(e importEntry) bool { return e.typ == "Patient" }) && pass == "" {
		return usageErr("the input has Patient entries: give --passphrase (at least 8 characters) for their key files; run '%s --help'", cmdName(c))
	}
	if keyDir != "" {
		if err := os.MkdirAll(keyDir, 0o700); err != nil {
			return fmt.Errorf("--key-dir: %v", err)
		}
	}
	sum := importSummary{Files: cl.args, Total: len(entries), Refs: map[string]string{}}
	start := time.Now()
	bar := newProgress(cl.stderr, len(entries), !cl.json)
	var failure error
	for _, e := range entries {
		ref, keyFile, err := cl.importOne(ctx, e, sum.Refs, pass, keyDir)
		if err != nil {
			failure = fmt.Errorf("import stopped at %s %s (%s): %w; %d of %d entries were written before it", e.file, e.where, e.typ, err, sum.Imported, sum.Total)
			sum.Failed = 1
			break
		}
		sum.Imported++
		if e.fullURL != "" {
			sum.Refs[e.fullURL] = ref
		}
		if e.typ == "Patient" {
			sum.Patients = append(sum.Patients, ref)
		}
		if keyFile != "" {
			sum.KeyFiles = append(sum.KeyFiles, keyFile)
		}
		bar.update(sum.Imported)
	}
	bar.finish()
	sum.Seconds = time.Since(start).Seconds()
	if failure != nil {
		sum.Error = failure.Error()
	}
	if cl.json {
		if err := cl.printValue(sum); err != nil {
			return err
		}
	} else {
		rate := float64(sum.Imported) / max(sum.Seconds, 1e-3)
		fmt.Fprintf(cl.stdout, "imported %d, failed %d, of %d entries from %d file(s) in %.1fs (%.1f/s)\n", sum.Imported, sum.Failed, sum.Total, len(sum.Files), sum.Seconds, rate)
		for _, p := range sum.Patients {
			fmt.Fprintf(cl.stdout, "new patient %s\n", p)
		}
	}
	return failure
}

// importOne writes one entry, its references to earlier entries resolved,
// and returns its new reference (TYPE/id).
func (cl *client) importOne(ctx context.Context, e importEntry, refs map[string]string, pass, keyDir string) (string, string, error) {
	raw := string(e.resource)
	for from, to := range refs {
		raw = strings.ReplaceAll(raw, `"`+from+`"`, `"`+to+`"`)
	}
	if e.typ == "Patient" {
		var out struct {
			Identity identity        `json:"identity"`
			Keystore json.RawMessage `json:"keystore"`
		}
		if _, err := cl.do(ctx, "POST", "/api/v1/patients", map[string]any{"resource": json.RawMessage(raw), "passphrase": pass}, &out); err != nil {
			return "", "", err
		}
		ref := "Patient/" + strings.ToLower(out.Identity.Address.Hex())
		keyFile := ""
		if keyDir != "" {
			keyFile = filepath.Join(keyDir, strings.ToLower(out.Identity.Address.Hex())+".json")
			if err := writeKeyFile(keyFile, out.Keystore); err != nil {
				return "", "", fmt.Errorf("patient %s registered, but: %w", ref, err)
			}
		}
		return ref, keyFile, nil
	}
	var r resource
	if _, err := cl.do(ctx, "POST", "/fhir/"+url.PathEscape(e.typ), []byte(raw), &r); err != nil {
		return "", "", err
	}
	if r.ID == "" {
		return "", "", errors.New("the node's answer has no id")
	}
	return e.typ + "/" + r.ID, "", nil
}

// progress draws a progress bar on a terminal: done/total, rate, ETA.
type progress struct {
	w           io.Writer
	total, done int
	start, last time.Time
	drawn       int // done at the last draw
	on          bool
}

func newProgress(w io.Writer, total int, want bool) *progress {
	p := &progress{w: w, total: total, start: time.Now(), on: want && isTerminal(w)}
	p.draw()
	return p
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) update(done int) {
	p.done = done
	if time.Since(p.last) >= 100*time.Millisecond || done == p.total {
		p.draw()
	}
}

func (p *progress) draw() {
	if !p.on {
		return
	}
	p.last, p.drawn = time.Now(), p.done
	const width = 30
	frac := 1.0
	if p.total > 0 {
		frac = float64(p.done) / float64(p.total)
	}
	n := int(frac * width)
	el := time.Since(p.start)
	rate := float64(p.done) / max(el.Seconds(), 1e-3)
	eta := "--"
	if p.done > 0 {
		eta = time.Duration(float64(p.total-p.done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d  %.1f/s  ETA %s   ", strings.Repeat("=", n), strings.Repeat(" ", width-n), p.done, p.total, rate, eta)
}

func (p *progress) finish() {
	if !p.on {
		return
	}
	if p.drawn != p.done {
		p.draw()
	}
	fmt.Fprintln(p.w)
}
