// A docnum client in TypeScript: types generated from the server's OpenAPI
// document by openapi-typescript, requests sent by openapi-fetch.
//
// Creates a series, reserves a number with an Idempotency-Key (and replays
// it), confirms it, reserves and cancels another, reads a number, handles
// NB errors by their code, and retries 429/503 answers after Retry-After.
//
//   DOCNUM_URL=http://127.0.0.1:8080 DOCNUM_TOKEN=<admin token> node build/example.js
//
// DOCNUM_BURST (default 3) reservations are made in a row at the end; above
// the server's NUMBERING_RATE_LIMIT they meet 429s, which are retried.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

type ErrorEnvelope = components["schemas"]["ErrorEnvelope"];

const API = "/api/v1/document-numbering";
const MAX_ATTEMPTS = 10;

const baseUrl = required("DOCNUM_URL");
const token = required("DOCNUM_TOKEN");
const burst = Number(process.env["DOCNUM_BURST"] ?? "3");

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`set ${name}`);
  }
  return value;
}

let retries = 0;

/** Sends a request, waiting `Retry-After` seconds and sending it again on 429 and 503. */
async function fetchWithRetry(request: Request): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    // A request's body can be read once: send a copy, keep the original.
    const response = await fetch(request.clone());
    const transient = response.status === 429 || response.status === 503;
    if (!transient || attempt >= MAX_ATTEMPTS) {
      return response;
    }
    const seconds = Number(response.headers.get("Retry-After") ?? "1");
    retries += 1;
    await new Promise((resolve) => setTimeout(resolve, Math.max(seconds, 0) * 1000));
  }
}

const client = createClient<paths>({
  baseUrl,
  headers: { Authorization: `Bearer ${token}` },
  fetch: fetchWithRetry,
});

/** Fails with the error envelope's code and message. */
function fail(what: string, error: ErrorEnvelope | undefined, status: number): never {
  const detail = error ? `${error.error.code} ${error.error.message}` : "no error envelope";
  throw new Error(`${what}: HTTP ${status}: ${detail}`);
}

async function main(): Promise<void> {
  // 1. A series of our own (document types are A-Z, 0-9, _).
  const documentType = `TS_${Date.now().toString(36).toUpperCase()}`;
  const created = await client.POST(`${API}/series`, {
    body: { document_type: documentType, template: `${documentType}-{YYYY}-{SEQ:4}`, scope: "YEARLY" },
  });
  if (!created.data) fail("create series", created.error, created.response.status);
  console.log(`created series ${created.data.data.document_type} (version ${created.data.data.version})`);

  // 2. Reserve with an Idempotency-Key; the replay answers the same reservation.
  const key = `ts-example-${documentType}`;
  const reserve = () =>
    client.POST(`${API}/reserve`, {
      params: { header: { "Idempotency-Key": key } },
      body: { document_type: documentType, metadata: { subject: "Site access" } },
    });
  const first = await reserve();
  if (!first.data) fail("reserve", first.error, first.response.status);
  const replay = await reserve();
  if (!replay.data) fail("reserve again", replay.error, replay.response.status);
  if (replay.data.data.token !== first.data.data.token) {
    throw new Error("the replayed reserve answered another reservation");
  }
  const reservation = first.data.data;
  console.log(`reserved ${reservation.document_number} (replay answered the same token)`);

  // 3. Confirm it.
  const confirmed = await client.POST(`${API}/confirm`, {
    body: { token: reservation.token, document_ref: "DOC-8812" },
  });
  if (!confirmed.data) fail("confirm", confirmed.error, confirmed.response.status);
  console.log(`confirmed ${confirmed.data.data.document_number} at ${confirmed.data.data.confirmed_at}`);

  // 4. Reserve another and cancel it.
  const second = await client.POST(`${API}/reserve`, { body: { document_type: documentType } });
  if (!second.data) fail("reserve", second.error, second.response.status);
  const cancelled = await client.POST(`${API}/cancel`, {
    body: { token: second.data.data.token, reason: "letter withdrawn" },
  });
  if (!cancelled.data) fail("cancel", cancelled.error, cancelled.response.status);
  console.log(`cancelled ${cancelled.data.data.document_number}: ${cancelled.data.data.state}`);

  // 5. Read the confirmed number back.
  const read = await client.GET(`${API}/numbers/{document_number}`, {
    params: { path: { document_number: reservation.document_number } },
  });
  if (!read.data) fail("read number", read.error, read.response.status);
  const number = read.data.data;
  console.log(`read ${number.document_number}: ${number.state}, ref ${number.document_ref ?? "none"}`);
  if (number.state !== "CONFIRMED" || number.document_ref !== "DOC-8812") {
    throw new Error(`unexpected number: ${JSON.stringify(number)}`);
  }

  // 6. NB errors, handled by their code.
  const late = await client.POST(`${API}/confirm`, { body: { token: second.data.data.token } });
  switch (late.error?.error.code) {
    case "NB004":
      console.log(`confirming the cancelled reservation: NB004 (${late.response.status}), reserve a new number`);
      break;
    default:
      fail("confirm a cancelled reservation", late.error, late.response.status);
  }
  const unknown = await client.POST(`${API}/reserve`, { body: { document_type: `${documentType}_NONE` } });
  if (unknown.error?.error.code !== "NB001") {
    fail("reserve in an unknown series", unknown.error, unknown.response.status);
  }
  console.log(`reserving in an unknown series: NB001 (${unknown.response.status})`);

  // 7. Several reservations in a row: 429s are waited out and retried.
  for (let i = 0; i < burst; i++) {
    const r = await client.POST(`${API}/reserve`, { body: { document_type: documentType } });
    if (!r.data) fail(`reserve #${i + 1}`, r.error, r.response.status);
  }
  console.log(`reserved ${burst} more; 429/503 retries: ${retries}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
