import Foundation
import HTTPTypes
import HummingbirdTesting
import PatronCore
import Testing

/// What a signed-in staff member changes about themselves: the console language and their password.
struct MeAPITests {
    @Test func aMemberSetsAndClearsTheirLanguage() async throws {
        try await TestApp.run { client, _ in
            let token = try await TestApp.login(client)
            #expect(try await TestApp.send(client, .get, "/me", token: token).json["language"] == nil)
            let set = try await TestApp.send(client, .patch, "/me", token: token, json: #"{"language":"zh-CN"}"#)
            #expect(set.status == .ok)
            #expect(set.json["language"] as? String == "zh-CN")
            #expect(try await TestApp.send(client, .get, "/me", token: token).json["language"] as? String == "zh-CN")
            let unknown = try await TestApp.send(client, .patch, "/me", token: token, json: #"{"language":"fr"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.error["field"] == "language")
            #expect(try await TestApp.send(client, .patch, "/me", token: token, json: #"{"language":null}"#).status == .ok)
            #expect(try await TestApp.send(client, .get, "/me", token: token).json["language"] == nil)
            let auditor = try await TestApp.login(client, username: "auditor")
            let audit = try await TestApp.send(client, .get, "/audit?action=staff.language_changed", token: auditor)
            #expect((audit.json["items"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test func anAPIKeyHasNoLanguageOrPassword() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let key = try #require(try await TestApp.send(client, .post, "/api-keys", token: admin,
                                                          json: #"{"name":"bi","scopes":["stores.read"]}"#).json["secret"] as? String)
            let language = try await TestApp.send(client, .patch, "/me", token: key, json: #"{"language":"en"}"#)
            #expect(language.status == .forbidden)
            let password = try await TestApp.send(client, .post, "/me/password", token: key,
                                                  json: #"{"currentPassword":"whatever-it-is","newPassword":"Zebra-Quartz-Mellow-9"}"#)
            #expect(password.status == .forbidden)
        }
    }

    @Test func changingThePasswordKeepsThisSessionAndEndsTheOthers() async throws {
        try await TestApp.run { client, _ in
            let used = try await TestApp.login(client, username: "cs.agent")
            let other = try await TestApp.login(client, username: "cs.agent")
            let wrong = try await TestApp.send(client, .post, "/me/password", token: used,
                                               json: #"{"currentPassword":"not-the-password","newPassword":"Zebra-Quartz-Mellow-9"}"#)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.error["field"] == "currentPassword")
            let weak = try await TestApp.send(client, .post, "/me/password", token: used,
                                              json: #"{"currentPassword":"\#(TestApp.adminPassword)","newPassword":"short"}"#)
            #expect(weak.status == .unprocessableContent)
            #expect(weak.error["field"] == "newPassword")
            let changed = try await TestApp.send(client, .post, "/me/password", token: used,
                                                 json: #"{"currentPassword":"\#(TestApp.adminPassword)","newPassword":"Zebra-Quartz-Mellow-9"}"#)
            #expect(changed.status == .noContent)
            #expect(try await TestApp.send(client, .get, "/me", token: used).status == .ok)
            #expect(try await TestApp.send(client, .get, "/me", token: other).status == .unauthorized)
            await #expect(throws: TestApp.LoginFailed.self) { try await TestApp.login(client, username: "cs.agent") }
            _ = try await TestApp.login(client, username: "cs.agent", password: "Zebra-Quartz-Mellow-9")
            let auditor = try await TestApp.login(client, username: "auditor")
            let audit = try await TestApp.send(client, .get, "/audit?action=password.changed", token: auditor)
            #expect((audit.json["items"] as? [[String: Any]])?.count == 1)
            let failures = try await TestApp.send(client, .get, "/audit?action=login.failed&limit=200", token: auditor)
            #expect((failures.json["items"] as? [[String: Any]] ?? []).contains {
                ($0["details"] as? [String: String])?["reason"] == "wrong_current_password"
            })
        }
    }

    @Test func wrongCurrentPasswordsLockTheAccountLikeFailedSignIns() async throws {
        try await TestApp.run(throttle: LoginThrottle(failuresBeforeLock: 2, firstLock: 3_600, longestLock: 3_600)) { client, _ in
            let token = try await TestApp.login(client, username: "marketing")
            for _ in 0..<2 {
                let wrong = try await TestApp.send(client, .post, "/me/password", token: token,
                                                   json: #"{"currentPassword":"not-the-password","newPassword":"Zebra-Quartz-Mellow-9"}"#)
                #expect(wrong.status == .unprocessableContent)
            }
            let locked = try await TestApp.send(client, .post, "/me/password", token: token,
                                                json: #"{"currentPassword":"\#(TestApp.adminPassword)","newPassword":"Zebra-Quartz-Mellow-9"}"#)
            #expect(locked.status == HTTPResponse.Status(code: 423))
            await #expect(throws: TestApp.LoginFailed.self) { try await TestApp.login(client, username: "marketing") }
        }
    }
}
