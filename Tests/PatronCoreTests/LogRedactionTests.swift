import PatronCore
import Testing

struct LogRedactionTests {
    @Test func credentialsInAnyShapeAreMasked() {
        let head = """
            GET /products?access_token=q-secret&limit=5 HTTP/1.1, headers: [authorization: Bearer ps_abcdefghijklmnop, \
            cookie: patron_session=c-secret, x-api-key: pk_0123456789abcdef, "Idempotency-Key": "retry-42"] \
            postgres://patron:db-secret@db.internal:5432/patron
            """
        let redacted = LogRedaction.redact(head)
        for secret in ["q-secret", "ps_abcdefghijklmnop", "c-secret", "pk_0123456789abcdef", "retry-42", "db-secret"] {
            #expect(!redacted.contains(secret), "\(secret) survived: \(redacted)")
        }
        #expect(redacted.contains("limit=5") && redacted.contains("GET /products"), "what is not secret stays readable")
    }

    @Test func ordinaryLogValuesPassUntouched() {
        for value in ["POST", "/customers/{customerId}", "201", "12.5", "request failed"] {
            #expect(LogRedaction.redact(value) == value)
        }
    }
}
