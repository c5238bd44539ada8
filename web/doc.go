// Package web is the node's web UI: plain HTML, CSS and JavaScript modules
// embedded in the binary (no CDN, no build step), served on the API's port.
//
// The pages are a client of the JSON API (/api/v1, /fhir) like the CLI is:
// the browser logs in with a signed challenge (an EIP-1193 wallet such as
// MetaMask signs it) and sends the bearer token on every call. Handler wraps
// the API handler: it serves "/" and "/ui/…" itself, plus one endpoint of its
// own, POST /ui/login/key, that signs the challenge with a key file the user
// uploads (for node-managed identities, whose keys are keystore files); every
// other request goes to the API unchanged.
package web
