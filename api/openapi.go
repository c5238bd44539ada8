package api

import _ "embed"

// openAPI describes the HTTP API (OpenAPI 3.1). Keep it in step with the routes in New.
//
//go:embed openapi.json
var openAPI []byte
