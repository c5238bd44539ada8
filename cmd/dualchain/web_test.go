package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/dualchain/dualchain/api"
	"github.com/dualchain/dualchain/devchain"
	"github.com/dualchain/dualchain/internal/testenv"
	"github.com/dualchain/dualchain/proof"
	"github.com/dualchain/dualchain/synth"
)

// findBrowser returns the Chromium to test the UI with: $DUALCHAIN_CHROMIUM,
// or chromium / chromium-browser / google-chrome on PATH. Without one the
// browser tests skip, unless DUALCHAIN_REQUIRE_BROWSER=1 (CI), where a
// missing browser fails them.
func findBrowser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("DUALCHAIN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DUALCHAIN_REQUIRE_BROWSER") == "1" {
		t.Fatal("browser tests: chromium not found and DUALCHAIN_REQUIRE_BROWSER=1 (install Debian's chromium, or set DUALCHAIN_CHROMIUM)")
	}
	const msg = "browser tests skipped: chromium not found (install Debian's chromium, or set DUALCHAIN_CHROMIUM)"
	tellTerminal("dualchain: " + msg)
	t.Skip(msg)
	return ""
}

// tellTerminal writes msg to the terminal the tests run from, if any:
// "go test ./..." shows nothing of a package whose tests pass, so a skip
// reason would go unseen by whoever ran the README's test command. (CI has
// no terminal; there DUALCHAIN_REQUIRE_BROWSER=1 turns the skip into a
// failure.)
func tellTerminal(msg string) {
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	defer tty.Close()
	fmt.Fprintln(tty, msg)
}

// browser is one headless Chromium tab driven by a test.
type browser struct {
	t         *testing.T
	ctx       context.Context
	shot      string // screenshot directory
	downloads string // where the page's downloads land

	loads int // page loads, to make each login a fresh page

	mu  sync.Mutex // protects log
	log []string   // the page's console errors and exceptions
}

// loginPage loads the login page afresh (a new query string, so that the
// browser loads the document again instead of only changing the fragment).
func (b *browser) loginPage(base string) chromedp.Action[chromedp.Void] {
	b.loads++
	return chromedp.Navigate(fmt.Sprintf("%s/?load=%d#/login", base, b.loads))
}

// newBrowser starts a headless Chromium with a fresh profile, stopped when
// the test ends. Screenshots go to $DUALCHAIN_SCREENSHOTS or a temp dir.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := findBrowser(t)
	b := &browser{t: t, shot: os.Getenv("DUALCHAIN_SCREENSHOTS"), downloads: t.TempDir()}
	if b.shot == "" {
		b.shot = t.TempDir()
	}
	if err := os.MkdirAll(b.shot, 0o755); err != nil {
		t.Fatal(err)
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 800))
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.note(fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		case *cdplog.EventEntryAdded:
			// Browser-side messages: failed requests (the refusals the
			// test provokes), and Content-Security-Policy violations.
			if e := ev.Entry; e != nil && (e.Level == cdplog.EntryLevelError || e.Level == cdplog.EntryLevelWarning) {
				b.note(fmt.Sprintf("browser %s %s: %s %s", e.Source, e.Level, e.Text, e.URL))
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				b.note(fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " ")))
			}
		}
	}))
	t.Cleanup(func() {
		cancel()
		cancelA()
		if t.Failed() {
			b.mu.Lock()
			t.Logf("browser console:\n%s", strings.Join(b.log, "\n"))
			b.mu.Unlock()
		}
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: b.downloads}); err != nil {
		t.Fatalf("downloads: %v", err)
	}
	b.ctx = ctx
	return b
}

func (b *browser) note(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.log = append(b.log, s)
}

// do runs actions, failing the test after limit; it reports what the page
// says (its message bar) on failure.
func (b *browser) do(what string, limit time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, limit)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		flash, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(document.getElementById('flash')||{}).textContent || ''`))
		b.screenshot("failed-" + strings.ReplaceAll(what, " ", "-"))
		b.t.Fatalf("%s: %v (page message: %q)", what, err, flash)
	}
}

// eval evaluates a JavaScript expression in the page.
func (b *browser) eval(expr string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}

// waitJS waits until a JavaScript expression is true.
func (b *browser) waitJS(what string, limit time.Duration, expr string) {
	b.t.Helper()
	b.do(what, limit, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(200*time.Millisecond)))
}

// screenshot saves the whole page as name.png.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(b.shot, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// viewShot saves what the viewport shows as name.png (for the phone
// width, where whole pages are very long).
func (b *browser) viewShot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(b.shot, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// viewport resizes the page (1280x800 desktop, 390x844 phone).
func (b *browser) viewport(w, h int64) {
	b.t.Helper()
	b.do("viewport", 10*time.Second, chromedp.EmulateViewport(w, h))
}

// loginKeyFile logs in through the page with a key file and passphrase.
func (b *browser) loginKeyFile(base, keyFile, passphrase, wantRole string) {
	b.t.Helper()
	b.do("login "+wantRole, 60*time.Second,
		b.loginPage(base),
		chromedp.WaitVisible(`#key-login`),
		chromedp.SetUploadFiles(`#key-file`, []string{keyFile}),
		chromedp.SendKeys(`#key-pass`, passphrase),
		chromedp.Click(`#key-login button[type=submit]`),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector('#who .role')?.textContent === %q`, wantRole)))
}

// logout logs out through the page.
func (b *browser) logout() {
	b.t.Helper()
	b.do("logout", 10*time.Second, chromedp.Click(`#who button`), chromedp.WaitVisible(`#key-login`))
}

// checkLabels fails the test if a form control on the page has no label
// or a button has no name (what a screen reader would announce).
func (b *browser) checkLabels(page string) {
	b.t.Helper()
	bad := b.eval(`[...document.querySelectorAll('main input, main select, main textarea')]
		.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id || e.outerHTML.slice(0, 60))
		.concat([...document.querySelectorAll('button')].filter(e => !e.textContent.trim() && !e.getAttribute('aria-label')).map(e => 'button ' + e.outerHTML.slice(0, 60)))
		.join(', ')`)
	if bad != "" {
		b.t.Errorf("%s: controls without a label: %s", page, bad)
	}
}

// testWallet makes the page's window.ethereum an EIP-1193 provider whose
// personal_sign is done by key in the test (as MetaMask would with its
// imported key): the UI's wallet login runs unchanged.
func (b *browser) testWallet(key *ecdsa.PrivateKey) {
	b.t.Helper()
	addr := strings.ToLower(crypto.PubkeyToAddress(key.PublicKey).Hex())
	b.do("expose test wallet", 10*time.Second, chromedp.ExposeFunc("testWalletSign", func(ctx context.Context, msgHex string) (string, error) {
		msg, err := hex.DecodeString(strings.TrimPrefix(msgHex, "0x"))
		if err != nil {
			return "", err
		}
		return api.SignChallenge(string(msg), func(h []byte) ([]byte, error) { return crypto.Sign(h, key) })
	}))
	b.eval(fmt.Sprintf(`window.ethereum = { request: async ({method, params}) => {
		if (method === 'eth_requestAccounts' || method === 'eth_accounts') return [%q];
		if (method === 'personal_sign') { if (params[1] !== %q) throw new Error('wrong account'); return await window.testWalletSign(params[0]); }
		throw new Error('unsupported ' + method);
	}}; 'ok'`, addr, addr))
}

// download waits for the page's download of a file named name and
// returns its bytes.
func (b *browser) download(name string) []byte {
	b.t.Helper()
	var raw []byte
	testenv.WaitFor(b.t, 30*time.Second, func() error {
		var err error
		raw, err = os.ReadFile(filepath.Join(b.downloads, name))
		return err
	})
	return raw
}

// testPNG writes a small image to attach to a record.
func testPNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 96, 64))
	for x := range 96 {
		for y := range 64 {
			img.Set(x, y, color.RGBA{uint8(x * 2), uint8(y * 3), 160, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "wound-photo.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestWebUI drives the web UI in headless Chromium against a real
// "dualchain up" (both chains, IPFS, anchoring, guard): the admin logs in
// and registers a patient; a self-registered patient logs in with its key
// file, adds a record with an attachment, grants a practitioner access; the
// practitioner reads it, then cannot after the revoke (and uses emergency
// access); a record becomes settled and its proof verifies in the page; the
// admin runs a simulated attack and sees the incident, then restores.
func TestWebUI(t *testing.T) {
	b := newBrowser(t)
	dir := filepath.Join(t.TempDir(), "data")
	p := startProc(t, nil, upArgs(dir, "--demo-data", "--demo-patients", "1",
		"--anchor-interval", "4", "--anchor-max-age", "1s", "--anchor-confirmations", "1", "--full-check", "2s")...)
	var sum upSummary
	p.readJSON(t, 3*time.Minute, &sum)
	if sum.Demo == nil || len(sum.Demo.Practitioners) == 0 {
		t.Fatalf("no demo data: %+v", sum.Demo)
	}
	base := sum.API
	doctor := sum.Demo.Practitioners[0]

	// Bad input is refused with a clear message.
	b.do("bad key file", 30*time.Second,
		b.loginPage(base),
		chromedp.WaitVisible(`#key-login`),
		chromedp.SetUploadFiles(`#key-file`, []string{doctor.KeyFile}),
		chromedp.SendKeys(`#key-pass`, "wrong passphrase"),
		chromedp.Click(`#key-login button[type=submit]`),
		chromedp.Poll[chromedp.Void](`document.querySelector('#flash.error')?.textContent.includes('check the passphrase')`))
	b.screenshot("01-login-error")
	b.checkLabels("login")
	b.viewport(390, 844)
	b.viewShot("01b-phone-login")
	b.viewport(1280, 800)

	// The hospital admin (dev account 0) logs in with its raw key and
	// registers a patient.
	admin := hex.EncodeToString(crypto.FromECDSA(devchain.DevAccounts(devchain.DefaultSeed, 1)[0].Key))
	b.do("admin login", 60*time.Second,
		b.loginPage(base),
		chromedp.WaitVisible(`#key-login`),
		chromedp.Click(`#key-login details summary`),
		chromedp.SendKeys(`#key-hex`, "0x"+admin+"\r"), // Enter submits: no mouse needed
		chromedp.Poll[chromedp.Void](`document.querySelector('#who .role')?.textContent === 'admin'`),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#patient-list li').length >= 1`))
	b.checkLabels("patients")
	b.do("register patient", 60*time.Second,
		chromedp.SendKeys(`#pat-given`, "Ada"),
		chromedp.SendKeys(`#pat-family`, "Lovelace"),
		chromedp.SetValue(`#pat-birth`, "1985-12-10"),
		chromedp.SendKeys(`#pat-pass`, "ada secret 1"),
		chromedp.Click(`#register-patient button[type=submit]`),
		chromedp.WaitVisible(`#pat-result .new-address`))
	ada := b.eval(`document.querySelector('#pat-result .new-address').textContent`)
	b.do("search patient", 30*time.Second,
		chromedp.Navigate(base+"/#/dashboard"), chromedp.Navigate(base+"/#/patients"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#patient-list li').length >= 2`),
		chromedp.SendKeys(`#patient-search`, "lovelace"),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelectorAll('#patient-list li').length === 1 && document.querySelector('#patient-list li').textContent.includes('Ada Lovelace') && document.querySelector('#patient-list a').getAttribute('href').endsWith(%q)`, ada)))
	b.screenshot("02-admin-patients")
	b.do("register practitioner", 60*time.Second,
		chromedp.Navigate(base+"/#/practitioners"),
		chromedp.WaitVisible(`#register-practitioner`),
		chromedp.SendKeys(`#pr-given`, "Elizabeth"),
		chromedp.SendKeys(`#pr-family`, "Blackwell"),
		chromedp.SendKeys(`#pr-pass`, "doctor secret"),
		chromedp.Click(`#register-practitioner button[type=submit]`),
		chromedp.WaitVisible(`#pr-result .new-address`))
	// A token the node no longer knows (expired, node restarted) sends the
	// user back to the login page with a message.
	b.do("expired login", 30*time.Second,
		chromedp.Evaluate[chromedp.Void](`(() => {
			const s = JSON.parse(sessionStorage.getItem('dualchain.session'));
			s.token = 'f'.repeat(64);
			sessionStorage.setItem('dualchain.session', JSON.stringify(s));
			location.hash = '#/logs';
		})()`),
		chromedp.WaitVisible(`#key-login`),
		chromedp.Poll[chromedp.Void](`document.querySelector('#flash.error')?.textContent.includes('log in again') && !document.querySelector('#who .role')`))

	// The second demo practitioner signs in with a wallet (EIP-1193
	// personal_sign of the node's challenge).
	raw, err := os.ReadFile(sum.Demo.Practitioners[1].KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	k, err := keystore.DecryptKey(raw, sum.Demo.Passphrase)
	if err != nil {
		t.Fatal(err)
	}
	b.do("wallet login page", 30*time.Second, b.loginPage(base), chromedp.WaitVisible(`#wallet-login`))
	b.testWallet(k.PrivateKey)
	b.do("wallet login", 30*time.Second,
		chromedp.Evaluate[chromedp.Void](`location.hash = '#/dashboard'`), chromedp.WaitVisible(`#status`),
		chromedp.Evaluate[chromedp.Void](`location.hash = '#/login'`), chromedp.WaitVisible(`#wallet-login:not([disabled])`),
		chromedp.Click(`#wallet-login`),
		chromedp.Poll[chromedp.Void](`document.querySelector('#who .role')?.textContent === 'practitioner'`),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector('#who-address')?.title.toLowerCase() === %q`, sum.Demo.Practitioners[1].Address)))
	// The demo patient's chart: records of every type, vitals over time.
	b.do("demo chart", 60*time.Second,
		chromedp.Navigate(base+"/#/chart/"+sum.Demo.Patients[0].Address),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#timeline li.record').length >= 20`),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('figure.vital polyline').length >= 2`),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('.glance li').length >= 3`),
		chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('#timeline li.record')].every(li => li.dataset.verification)`))
	b.viewShot("03a-demo-chart")
	for _, rec := range []struct{ typ, text, extra, glance string }{
		{"Condition", "Hypertension", "", "#g-cond"},
		{"AllergyIntolerance", "Penicillin", "#rec-reaction", "#g-allergy"},
		{"MedicationRequest", "Ramipril 5 mg", "#rec-dosage", "#g-med"},
	} {
		steps := []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(`#rec-type`, rec.typ),
			chromedp.Evaluate[chromedp.Void](`document.querySelector('#rec-type').dispatchEvent(new Event('change'))`),
			chromedp.SendKeys(`#rec-text`, rec.text),
		}
		if rec.extra != "" {
			steps = append(steps, chromedp.SendKeys(rec.extra, "once daily"))
		}
		steps = append(steps, chromedp.Click(`#add-record button[type=submit]`),
			chromedp.Poll[chromedp.Void](fmt.Sprintf(`[...document.querySelectorAll('%s ~ ul li')].some(li => li.textContent.includes(%q))`, rec.glance, rec.text)))
		b.do("add "+rec.typ, 60*time.Second, steps...)
	}
	b.logout()

	// A new patient registers itself on the login page and is logged in.
	b.do("self-registration", 60*time.Second,
		b.loginPage(base), chromedp.WaitVisible(`#self-register`),
		chromedp.SendKeys(`#self-given`, "Grace"),
		chromedp.SendKeys(`#self-family`, "Hopper"),
		chromedp.SetValue(`#self-birth`, "1990-12-09"),
		chromedp.SendKeys(`#self-pass`, "grace secret"),
		chromedp.Click(`#self-register button[type=submit]`),
		chromedp.Poll[chromedp.Void](`document.querySelector('#who .role')?.textContent === 'patient'`),
		chromedp.Poll[chromedp.Void](`document.querySelector('#timeline li.record[data-type=Patient] .rec-sum')?.textContent.startsWith('Grace Hopper')`))
	grace := b.eval(`document.querySelector('#who-address').title.toLowerCase()`)
	if k, err := keystore.DecryptKey(b.download("patient-"+grace+".json"), "grace secret"); err != nil || !strings.EqualFold(k.Address.Hex(), grace) {
		t.Errorf("downloaded key file of the new patient %s: %v", grace, err)
	}
	b.logout()

	// A patient who registered itself (no home hospital: the doctor needs
	// its consent) logs in with its key file and adds records, one with
	// an image attachment.
	pat := registerPatient(t, base, synth.New(77))
	patKey := filepath.Join(t.TempDir(), "patient-key.json")
	if err := os.WriteFile(patKey, pat.Keystore, 0o600); err != nil {
		t.Fatal(err)
	}
	b.loginKeyFile(base, patKey, "patient secret", "patient")
	b.do("patient adds a vital", 60*time.Second,
		chromedp.WaitVisible(`#add-record`),
		chromedp.SendKeys(`#rec-value`, "72"),
		chromedp.Click(`#add-record button[type=submit]`),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#timeline li.record[data-type=Observation]').length === 1`))
	b.do("patient adds a document", 60*time.Second,
		chromedp.SetValue(`#rec-type`, "DocumentReference"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#rec-type').dispatchEvent(new Event('change'))`),
		chromedp.WaitVisible(`#rec-file`),
		chromedp.SendKeys(`#rec-title`, "Wound photo"),
		chromedp.SetUploadFiles(`#rec-file`, []string{testPNG(t)}),
		chromedp.Click(`#add-record button[type=submit]`),
		chromedp.Poll[chromedp.Void](`document.querySelector('#timeline li.record[data-type=DocumentReference] img.thumb')?.naturalWidth === 96`))
	obsID := b.eval(`document.querySelector('#timeline li.record[data-type=Observation]').dataset.id`)

	// The patient grants the doctor access to everything.
	b.do("grant", 60*time.Second,
		chromedp.Navigate(base+"/#/access"),
		chromedp.WaitVisible(`#grant`),
		chromedp.SendKeys(`#grant-grantee`, doctor.Address+"\t"),
		chromedp.Poll[chromedp.Void](`document.querySelector('#grant-who').textContent.startsWith('practitioner of hospital')`),
		chromedp.Click(`#scope-Observation`),
		chromedp.Click(`#scope-DocumentReference`),
		chromedp.SetValue(`#grant-expiry`, time.Now().AddDate(1, 0, 0).Format("2006-01-02T15:04")),
		chromedp.Click(`#grant button[type=submit]`),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector('#grants tr[data-grantee=%q].active') !== null`, doctor.Address)))
	if row := b.eval(fmt.Sprintf(`document.querySelector('#grants tr[data-grantee=%q]').textContent`, doctor.Address)); !strings.Contains(row, "Observation, DocumentReference") || strings.Contains(row, "never") {
		t.Errorf("grant row %q, want the two types and an expiry", row)
	}
	b.screenshot("03-patient-access")
	b.checkLabels("access")
	b.logout()

	// The doctor reads the chart, attachment included.
	b.loginKeyFile(base, doctor.KeyFile, sum.Demo.Passphrase, "practitioner")
	b.do("grantee reads", 60*time.Second,
		chromedp.Navigate(base+"/#/chart/"+pat.Address),
		chromedp.Poll[chromedp.Void](`document.querySelector('#timeline li.record[data-type=DocumentReference] img.thumb')?.naturalWidth === 96`),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#timeline li.record[data-type=Observation]').length === 1`))
	b.screenshot("04-grantee-chart")
	b.checkLabels("chart")
	b.logout()

	// The patient revokes; the doctor is refused.
	b.loginKeyFile(base, patKey, "patient secret", "patient")
	b.do("revoke", 60*time.Second,
		chromedp.Navigate(base+"/#/access"),
		chromedp.WaitVisible(`#grants .revoke`),
		chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`),
		chromedp.Click(`#grants .revoke`),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector('#grants tr[data-grantee=%q].inactive') !== null`, doctor.Address)))
	b.logout()
	b.loginKeyFile(base, doctor.KeyFile, sum.Demo.Passphrase, "practitioner")
	b.do("refused after revoke", 60*time.Second,
		chromedp.Navigate(base+"/#/chart/"+pat.Address),
		chromedp.WaitVisible(`#no-access`),
		chromedp.WaitVisible(`#emergency`))
	if msg := b.eval(`document.querySelector('#no-access').textContent`); !strings.Contains(msg, "403") {
		t.Errorf("refusal after revoke says %q, want the 403 and why", msg)
	}
	b.screenshot("05-refused-after-revoke")

	// Emergency access with a reason, and the chart opens again.
	b.do("emergency access", 60*time.Second,
		chromedp.SendKeys(`#em-reason`, "Unconscious in the emergency department"),
		chromedp.Click(`#emergency button[type=submit]`),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#timeline li.record[data-type=Observation]').length === 1`))
	b.screenshot("06-emergency-chart")

	// The patient's Observation becomes settled and its proof verifies:
	// in the page (keccak256, header, tries, checkpoint range, Merkle path)
	// and, for the anchoring transaction, by the node (POST /ui/proof/check),
	// whose event's root the page compares with its own and whose
	// checkpoint hash it recomputes.
	b.do("settled", 2*time.Minute, chromedp.Poll[chromedp.Void](fmt.Sprintf(`(() => {
		const li = document.querySelector('#timeline li.record[data-id="%s"]');
		if (li.dataset.verification === 'settled') return true;
		if (!li.dataset.refreshing) { li.dataset.refreshing = '1'; setTimeout(() => { delete li.dataset.refreshing; li.querySelector('.rec-actions button').click(); }, 1000); }
		return false;
	})()`, obsID), chromedp.WithPollingInterval(500*time.Millisecond), chromedp.WithPollingTimeout(0)))
	b.do("check proof", 60*time.Second,
		chromedp.Click(fmt.Sprintf(`#timeline li.record[data-id="%s"] .check-proof`, obsID)),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector('#timeline li.record[data-id="%s"]').dataset.proof === 'valid'`, obsID)))
	if n := b.eval(fmt.Sprintf(`String(document.querySelectorAll('#timeline li.record[data-id="%s"] .checklist li.pass').length)`, obsID)); n != "7" {
		t.Errorf("proof checks passed: %s, want 7 (6 in the page, the anchoring transaction by the node)", n)
	}
	// The proof downloads as the file `dualchain verify` reads.
	b.do("download proof", 10*time.Second, chromedp.Click(fmt.Sprintf(`#timeline li.record[data-id="%s"] .rec-actions button:nth-of-type(2)`, obsID)))
	if p, err := proof.Parse(b.download("record-" + obsID + "-proof.json")); err != nil || p.Record == nil || fmt.Sprint(p.Record.ID) != obsID {
		t.Errorf("downloaded proof: %+v, %v", p, err)
	}
	// The in-page checker refuses tampered proofs: a Merkle path short of a
	// sibling, a header byte, a content hash.
	tampered, err := chromedp.Run(b.ctx, chromedp.Evaluate[map[string]string](fmt.Sprintf(`(async () => {
		const m = await import('/ui/js/proof.js');
		const { api } = await import('/ui/js/api.js');
		const facts = await api('GET', '/api/v1/records/%[1]s');
		const p = await api('GET', '/api/v1/records/%[1]s/proof');
		const fails = (x) => m.checkProof(x, facts).filter((c) => c.ok === false).map((c) => c.name).join('|');
		const root = structuredClone(p); root.merkle.siblings = btoa(String.fromCharCode(...m.b64(p.merkle.siblings).subarray(32)));
		const header = structuredClone(p); header.header.rlp = p.header.rlp.slice(0, 40) + (p.header.rlp[40] === 'A' ? 'B' : 'A') + p.header.rlp.slice(41);
		const content = structuredClone(p); content.record.contentHash = '0x' + '11'.repeat(32);
		return { good: fails(p), root: fails(root), header: fails(header), content: fails(content) };
	})()`, obsID), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("in-page checker on tampered proofs: %v", err)
	}
	for k, want := range map[string]string{"good": "", "root": "Merkle path leads to a checkpoint root", "header": "block header hashes to the anchored block hash", "content": "proof is about this record"} {
		if got := tampered[k]; (want == "" && got != "") || !strings.Contains(got, want) {
			t.Errorf("in-page check of the %s proof failed %q, want %q", k, got, want)
		}
	}
	// The same checker on a record of a busy block (proof/testdata: trie
	// paths of branch nodes whose on-path hashes it fills, the receipt path
	// rebuilt from its siblings, bloom bits), and on that proof with an
	// on-path hash carried, a receipt sibling or a bloom bit changed.
	sample, err := os.ReadFile("../../proof/testdata/busy-record-proof.json")
	if err != nil {
		t.Fatal(err)
	}
	sampleFacts, err := os.ReadFile("../../proof/testdata/busy-record-facts.json")
	if err != nil {
		t.Fatal(err)
	}
	busy, err := chromedp.Run(b.ctx, chromedp.Evaluate[map[string]string](fmt.Sprintf(`(async () => {
		const m = await import('/ui/js/proof.js');
		const p = %s, facts = %s;
		const fails = (x) => m.checkProof(x, facts).filter((c) => c.ok === false).map((c) => c.name + ': ' + c.detail).join('|');
		const carried = structuredClone(p);
		const root = m.rlp(m.b64(p.tx.transactionPath[0]));
		const slot = (p.tx.index === 0 ? 0x80 : p.tx.index < 128 ? p.tx.index : 0x81) >> 4; // the key's first nibble
		if (root.length !== 17 || root[slot].length !== 0) return { slot: 'not hollow (test premise)' };
		root[slot] = new Uint8Array(32).fill(7);
		carried.tx.transactionPath[0] = btoa(String.fromCharCode(...m.enc(root)));
		const bits = structuredClone(p); const bb = m.bloomBits(p.header.bloomBits);
		bits.header.bloomBits = btoa(String.fromCharCode(bb[0] > 127 ? 0 : bb[0] + 1));
		const rsib = structuredClone(p); const rs = m.b64(p.tx.receiptSiblings); rs[5] ^= 1;
		rsib.tx.receiptSiblings = btoa(String.fromCharCode(...rs));
		return { good: fails(p), carried: fails(carried), bits: fails(bits), rsib: fails(rsib), slot: String(slot) };
	})()`, sample, sampleFacts), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("in-page checker on the busy-block sample: %v", err)
	}
	for k, want := range map[string]string{"good": "", "carried": "transaction is in the block", "bits": "block header hashes to the anchored block hash", "rsib": "block header hashes to the anchored block hash"} {
		if got := busy[k]; (want == "" && got != "") || !strings.Contains(got, want) {
			t.Errorf("in-page check of the busy-block sample (%s, slot %s) failed %q, want %q", k, busy["slot"], got, want)
		}
	}
	// The node's check of the anchoring transaction refuses a proof whose
	// transaction is not on the verification chain, and strangers.
	raw = apiMust(t, 200, "GET", base+"/api/v1/records/"+obsID+"/proof", pat.Token, nil, nil)
	if code, body := apiCall(t, "POST", base+"/ui/proof/check", pat.Token, raw); code != 200 || !strings.Contains(string(body), `"valid":true`) {
		t.Errorf("server check of a good proof: %d %s", code, body)
	}
	var forged map[string]any
	if err := json.Unmarshal(raw, &forged); err != nil {
		t.Fatal(err)
	}
	forged["anchor"].(map[string]any)["tx"] = "0x" + strings.Repeat("ab", 32)
	if code, body := apiCall(t, "POST", base+"/ui/proof/check", pat.Token, forged); code != 422 || !strings.Contains(string(body), "not on the verification chain") {
		t.Errorf("server check of a forged proof: %d %s, want 422", code, body)
	}
	if code, _ := apiCall(t, "POST", base+"/ui/proof/check", "", raw); code != 401 {
		t.Errorf("server check without a login: %d, want 401", code)
	}
	b.do("scroll", 5*time.Second, chromedp.ScrollIntoView(fmt.Sprintf(`#timeline li.record[data-id="%s"] .checklist`, obsID)))
	b.screenshot("07-proof-verified")
	b.viewport(390, 844)
	b.do("scroll", 5*time.Second, chromedp.ScrollIntoView(fmt.Sprintf(`#timeline li.record[data-id="%s"]`, obsID)))
	b.viewShot("08-phone-chart")
	b.viewport(1280, 800)
	b.logout()

	// The patient sees the emergency access in its log.
	b.loginKeyFile(base, patKey, "patient secret", "patient")
	b.do("emergency log", 30*time.Second,
		chromedp.Navigate(base+"/#/logs"),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector('#emergency-log li code')?.title.toLowerCase() === %q`, doctor.Address)),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#audit-log tbody tr').length > 0`))
	b.screenshot("09-patient-logs")
	b.logout()

	// The admin rewrites history under the settled record from the
	// dashboard, sees the incident with its evidence, and restores.
	b.do("admin login again", 60*time.Second,
		b.loginPage(base),
		chromedp.WaitVisible(`#key-login`),
		chromedp.Click(`#key-login details summary`),
		chromedp.SendKeys(`#key-hex`, admin),
		chromedp.Click(`#key-login button[type=submit]`),
		chromedp.Poll[chromedp.Void](`document.querySelector('#who .role')?.textContent === 'admin'`))
	b.do("dashboard", 30*time.Second,
		chromedp.Navigate(base+"/#/dashboard"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#members tbody tr').length >= 1`),
		chromedp.Poll[chromedp.Void](`document.querySelector('#status').textContent.includes('finalized up to block')`),
		chromedp.Poll[chromedp.Void](`document.querySelector('#incidents p.ok') !== null`))
	b.screenshot("10-dashboard")
	b.viewport(390, 844)
	b.viewShot("10b-phone-dashboard")
	b.viewport(1280, 800)
	b.checkLabels("dashboard")
	b.do("attack", 90*time.Second,
		chromedp.SendKeys(`#attack-record`, obsID),
		chromedp.Click(`#attack button[type=submit]`),
		chromedp.WaitVisible(`#attack-result`),
		chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('#incidents li.incident:not(.resolved)')].some(li => li.dataset.kind === 'anchored_history_rewritten')`),
		chromedp.Click(`#incidents li.incident[data-kind=anchored_history_rewritten] details summary`))
	if ev := b.eval(`document.querySelector('#incidents li.incident[data-kind=anchored_history_rewritten] .evidence').textContent`); !strings.Contains(ev, "checkpoints") {
		t.Errorf("incident evidence shown: %q", ev)
	}
	b.screenshot("11-incident")
	b.viewport(390, 844)
	b.do("scroll", 5*time.Second, chromedp.ScrollIntoView(`#incidents`), chromedp.Sleep(300*time.Millisecond))
	b.viewShot("12-phone-incident")
	b.viewport(1280, 800)
	b.do("restore", 90*time.Second,
		chromedp.Click(`#restore`),
		chromedp.Poll[chromedp.Void](`document.querySelector('#attack-result').textContent.startsWith('Restored')`),
		chromedp.Poll[chromedp.Void](`[...document.querySelectorAll('#incidents li.incident')].every(li => li.classList.contains('resolved'))`))
	b.screenshot("13-restored")
	b.noExceptions()
}

// noExceptions fails the test if a script on the page threw or the page
// broke its own Content-Security-Policy.
func (b *browser) noExceptions() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range b.log {
		if strings.HasPrefix(l, "exception") || strings.Contains(l, "Content Security Policy") || strings.Contains(l, "Content-Security-Policy") {
			b.t.Errorf("the page threw: %s", l)
		}
	}
}
