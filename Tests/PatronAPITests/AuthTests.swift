import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import Testing

struct AuthTests {
    @Test func withoutATokenProtectedRoutesAre401() async throws {
        try await TestApp.run { client, _ in
            for uri in ["/me", "/stores", "/products"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.errorBody["code"] == "unauthenticated")
                }
            }
            try await client.execute(uri: "/stores", method: .get, headers: .bearer("forged-token")) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func loginMeAndLogout() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            try await client.execute(uri: "/me", method: .get, headers: .bearer(token)) { response in
                #expect(response.status == .ok)
                let staff = response.json["staff"] as? [String: Any]
                #expect(staff?["username"] as? String == "admin")
                #expect(staff?["department"] as? String == "administration")
                #expect(response.json["roles"] as? [String] == ["administrator"])
                #expect((response.json["permissions"] as? [String])?.count == Permission.allCases.count)
            }
            try await client.execute(uri: "/auth/logout", method: .post, headers: .bearer(token)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/me", method: .get, headers: .bearer(token)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func wrongPasswordAndUnknownUserLookTheSame() async throws {
        try await TestApp.run { client, _ in
            await #expect(throws: TestApp.LoginFailed.self) { try await TestApp.login(client, password: "wrong-password") }
            var messages: [String] = []
            for body in [#"{"username":"admin","password":"nope-nope"}"#, #"{"username":"ghost","password":"nope-nope"}"#] {
                try await client.execute(uri: "/auth/login", method: .post, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unauthorized)
                    messages.append(response.errorBody["message"] ?? "")
                }
            }
            #expect(messages[0] == messages[1])
        }
    }

    @Test func passwordsAndTokensAreNotStoredInClear() async throws {
        try await TestApp.run { client, url in
            let token = try await TestApp.login(client)
            let (hashes, tokens) = try await Database.withOpen(url, logger: TestDatabase.logger) { database in
                try await database.read { sql in
                    let hashes = try await sql.raw("SELECT password_hash FROM staff").all().map { try $0.decode(column: "password_hash", as: String.self) }
                    let tokens = try await sql.raw("SELECT token_hash FROM auth_tokens").all().map { try $0.decode(column: "token_hash", as: String.self) }
                    return (hashes, tokens)
                }
            }
            #expect(hashes.allSatisfy { $0.hasPrefix("$2") && !$0.contains(TestApp.adminPassword) })
            #expect(!tokens.isEmpty)
            #expect(!tokens.contains(token))
            #expect(tokens.contains(RandomSecretIssuer().digest(token)))
        }
    }
}
