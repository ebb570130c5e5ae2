# The HTTP API's own messages (requests refused before any use case runs),
# English. The same keys and { $arguments } exist in ../th/api.ftl.

## The request (NB009, NB010)

body-invalid = invalid request body: { $reason }
body-not-json = the request body is not valid JSON: { $reason }
body-not-declared-json = send the body as JSON with `Content-Type: application/json`
body-too-large = the request body is larger than { $limit } KiB
body-unreadable = the request body could not be read: { $reason }
path-invalid = invalid path parameter: { $reason }
query-invalid = invalid query parameter: { $reason }
request-invalid = invalid request: { $problems }
idempotency-key-not-ascii = Idempotency-Key must be printable ASCII
route-not-found = no route for { $path }; the API lives under { $base } (see /api-docs/openapi.json)
method-not-allowed = method { $method } is not allowed on { $path }; see /api-docs/openapi.json
metrics-disabled = metrics are not served on this listener
metrics-token-required = /metrics requires `Authorization: Bearer <DOCNUM_METRICS_TOKEN>`
server-busy = the server is handling as many requests as it allows (DOCNUM_HTTP_MAX_IN_FLIGHT); retry in a moment

## Credentials and permissions (NB011, NB012)

auth-missing = missing Authorization header; send `Authorization: Bearer <token>`
auth-not-bearer = the Authorization header must be `Bearer <token>`
auth-not-ascii = the Authorization header is not ASCII
auth-expired = token expired; get a new one
auth-not-yet-valid = token is not valid yet (nbf); check the clocks
auth-bad-signature = token signature is invalid: it was not signed with this server's secret or a key it trusts
auth-wrong-algorithm = token is signed with an algorithm its key does not allow
auth-wrong-audience = token audience (aud) is not this server's (DOCNUM_JWT_AUDIENCE); get a token minted for docnum
auth-wrong-issuer = token issuer (iss) is not the one this server trusts (DOCNUM_JWT_ISSUER)
auth-lifetime-too-long = token lifetime (exp - iat) of { $lifetime } s exceeds this server's maximum of { $max } s (DOCNUM_JWT_MAX_LIFETIME); get a shorter-lived token
auth-no-hs256 = this server does not accept HS256 tokens; use a token of the identity provider
auth-unknown-kid = no key for the token's kid `{ $kid }` and algorithm { $algorithm }; check DOCNUM_JWT_JWKS_FILE
auth-no-key = this server has no key for { $algorithm } tokens; configure DOCNUM_JWT_PUBLIC_KEY or DOCNUM_JWT_JWKS_FILE
auth-missing-claim = token lacks the required claim `{ $claim }`; get a new one
auth-claim-type = token claim `{ $claim }` has the wrong type; get a new one
auth-claims-invalid = token claims are invalid: { $reason }
auth-malformed = token is malformed; send a JWT as `Authorization: Bearer <token>`
auth-bad-subject = the token's sub must be a user id of 1-{ $max } characters; get a new token
permission-missing = this operation needs the permission { $permission }; the token of { $user } does not carry it
token-user-invalid = user id must be 1-{ $max } characters
token-permission-unknown = unknown permission '{ $permission }'; known: { $known }
token-ttl-invalid = ttl must be positive

## Load and time (NB013, NB017)

rate-limited = rate limit exceeded; retry in { $seconds } s
request-timeout = the request took longer than { $seconds } s and was abandoned; its effect is unknown: retry (with the same Idempotency-Key for a reserve)
