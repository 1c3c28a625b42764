import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Every kind of bad request gets the right status and the uniform JSON error body.
struct ErrorModelTests {
    @Test func malformedJSONIsA400() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            try await client.execute(uri: "/stores", method: .post, headers: .bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"code": "X", "name": "#)) { response in
                #expect(response.status == .badRequest)
                #expect(response.errorBody["code"] == "malformed_json")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test func aWrongTypeIs422NamingTheField() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            try await client.execute(uri: "/stores", method: .post, headers: .bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"code": 42, "name": "店", "city": "上海", "region": "华东"}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.errorBody == ["code": "invalid_type", "field": "code", "message": "code must be a string"])
            }
        }
    }

    @Test func aMissingFieldIs422NamingTheField() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            try await client.execute(uri: "/stores", method: .post, headers: .bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"code": "GZ-9", "name": "店", "region": "华南"}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.errorBody["code"] == "missing_field")
                #expect(response.errorBody["field"] == "city")
            }
        }
    }

    @Test func anOversizeBodyIs413AndStoresNothing() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            let name = String(repeating: "店", count: TestApp.maxBodyBytes)
            try await client.execute(uri: "/stores", method: .post, headers: .bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"code": "BIG", "name": "\#(name)", "city": "上海", "region": "华东"}"#)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.errorBody["code"] == "payload_too_large")
            }
            try await client.execute(uri: "/stores?limit=200", method: .get, headers: .bearer(token)) { response in
                let codes = (response.json["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
                #expect(!codes.isEmpty)
                #expect(!codes.contains("BIG"))
            }
        }
    }

    @Test func anUnknownRouteIs404() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/no/such/thing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.errorBody["code"] == "not_found")
            }
        }
    }

    @Test func aWrongContentTypeIs415() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            var headers = HTTPFields.bearer(token)
            headers[.contentType] = "text/plain"
            try await client.execute(uri: "/stores", method: .post, headers: headers, body: ByteBuffer(string: "code=X")) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.errorBody["code"] == "unsupported_media_type")
            }
        }
    }

    @Test func domainValidationIs422WithTheField() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            try await client.execute(uri: "/stores", method: .post, headers: .bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"code": "SZ-9", "name": "店", "city": "深圳", "region": "华南", "timeZone": "Mars/Base"}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.errorBody["field"] == "timeZone")
            }
            try await client.execute(uri: "/stores?limit=0", method: .get, headers: .bearer(token)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.errorBody["field"] == "limit")
            }
            try await client.execute(uri: "/stores/not-a-uuid", method: .get, headers: .bearer(token)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.errorBody["field"] == "storeId")
            }
        }
    }

    @Test func everyResponseCarriesARequestId() async throws {
        try await TestApp.run { client, _ in
            let header = HTTPField.Name("X-Request-Id")!
            try await client.execute(uri: "/health", method: .get) { response in
                #expect((response.headers[header]?.count ?? 0) >= 16)
            }
            try await client.execute(uri: "/missing", method: .get, headers: [header: "trace-abc-123"]) { response in
                #expect(response.headers[header] == "trace-abc-123")
            }
            try await client.execute(uri: "/health", method: .get, headers: [header: "bad id with spaces\u{7}"]) { response in
                #expect(response.headers[header] != "bad id with spaces\u{7}")
            }
        }
    }
}
