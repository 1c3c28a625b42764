import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronCore
import PatronStorage
import PatronTestSupport
import SQLKit
import NIOConcurrencyHelpers
import Testing
@testable import PatronAPI

/// Issue 17, "fair under floods": sign-in floods neither stall other requests nor slip past the lock-out,
/// and one address cannot lock an account out.
struct LoginFloodTests {
    typealias Answer = (status: Int, retryAfter: String?, code: String?)

    static func signIn(_ client: any TestClientProtocol, _ username: String, _ password: String,
                       from address: String? = nil) async throws -> Answer {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let address { headers[ClientAddressMiddleware<PatronRequestContext>.forwardedFor] = "10.9.9.9, \(address)" }
        return try await client.execute(uri: "/auth/login", method: .post, headers: headers,
                                        body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#)) {
            ($0.status.code, $0.headers[.retryAfter], $0.errorBody["code"])
        }
    }

    static func failedLogins(_ url: DatabaseURL, username: String) async throws -> Int? {
        try await Database.withOpen(url, logger: TestDatabase.logger) { database in
            try await database.read { sql in
                try await sql.raw("SELECT failed_logins FROM staff WHERE username = \(bind: username)").first()?
                    .decode(column: "failed_logins", as: Int.self)
            }
        }
    }

    /// The issue's fairness demand, and the one timed assertion it asks for: with bcrypt at a real cost and a
    /// single hashing thread, 100 concurrent bad sign-ins take many seconds to work through, and reads made
    /// while they do must not be delayed by more than 1 s over a read without the flood (the median of five
    /// measured just before it). Rounds of five reads run while the flood lasts until one round has every
    /// read within that bound and ends before the flood does, so a read slowed once by a busy machine (a
    /// parallel test run) does not fail the test. Behind the hashing queue (bcrypt on the database's threads)
    /// the first read of the first round waits for the whole queue, so no round can end before the flood.
    @Test func aFloodOfBadSignInsDoesNotDelayReads() async throws {
        try await TestApp.run(configure: { configuration in
            configuration.passwordHashCost = 11
            configuration.passwordHashThreads = 1
            configuration.passwordHashQueueLimit = 200
            configuration.addressThrottle = nil
        }) { client, _ in
            let token = try await TestApp.login(client)
            try await client.execute(uri: "/customers?limit=1", method: .get, headers: .bearer(token)) { #expect($0.status == .ok) }
            // What a read costs on this machine right now, without the flood: the delay is measured against it.
            var quiet: [Duration] = []
            for _ in 0..<5 {
                let start = ContinuousClock.now
                try await client.execute(uri: "/customers?limit=1", method: .get, headers: .bearer(token)) { #expect($0.status == .ok) }
                quiet.append(ContinuousClock.now - start)
            }
            let allowed = quiet.sorted()[2] + .seconds(1)
            let finished = NIOLockedValueBox(0)
            let floodRunning = { finished.withLockedValue { $0 } < 100 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let answer = try await Self.signIn(client, "nobody\(index)", "wrong-password")
                        #expect(answer.status == 401)
                        finished.withLockedValue { $0 += 1 }
                    }
                }
                // Let the flood's own first queries pass; from here on its sign-ins wait for the hashing thread.
                try await Task.sleep(for: .seconds(1))
                var rounds: [[Duration]] = []
                var fair = false
                while !fair, floodRunning() {
                    var latencies: [Duration] = []
                    for _ in 0..<5 {
                        let start = ContinuousClock.now
                        try await client.execute(uri: "/customers?limit=1", method: .get, headers: .bearer(token)) {
                            #expect($0.status == .ok)
                        }
                        latencies.append(ContinuousClock.now - start)
                    }
                    rounds.append(latencies)
                    fair = latencies.allSatisfy { $0 < allowed } && floodRunning()
                }
                #expect(fair, "reads waited behind the sign-in flood: \(rounds), quiet reads \(quiet)")
                try await group.waitForAll()
            }
            #expect(finished.withLockedValue { $0 } == 100)
        }
    }

    @Test func aFullHashingQueueAnswers429WithRetryAfter() async throws {
        try await TestApp.run(configure: { configuration in
            configuration.passwordHashCost = 10
            configuration.passwordHashThreads = 1
            configuration.passwordHashQueueLimit = 2
            configuration.addressThrottle = nil
        }) { client, _ in
            let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                for index in 0..<30 { group.addTask { try await Self.signIn(client, "nobody\(index)", "wrong-password") } }
                return try await group.reduce(into: [Answer]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == 401 || $0.status == 429 })
            let shed = answers.filter { $0.status == 429 }
            #expect(!shed.isEmpty)
            #expect(shed.allSatisfy { $0.code == "too_many_requests" && Int($0.retryAfter ?? "") ?? 0 >= 1 })
            #expect(answers.contains { $0.status == 401 })
        }
    }

    /// Concurrent guesses at one account: each wrong one writes the same row, so on PostgreSQL they queue for
    /// its lock while holding a pooled connection. Sixty is a real race yet finishes inside the pool's wait on
    /// a busy two-core CI run; two hundred did not (their connection waits timed out as 503s).
    static let guesses = 60

    /// Every concurrent wrong guess is counted: the stored count equals the number of wrong-password answers,
    /// the lock engages, and then even the right password gets 423.
    @Test func concurrentWrongGuessesAllCountAndLockTheAccount() async throws {
        try await TestApp.run(throttle: LoginThrottle(failuresBeforeLock: 10, firstLock: 3_600, longestLock: 3_600), configure: {
            $0.addressThrottle = nil
            $0.passwordHashQueueLimit = 400
        }) { client, url in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<Self.guesses { group.addTask { try await Self.signIn(client, "cs.agent", "not-the-password").status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 401 || $0 == 423 })
            let wrong = statuses.filter { $0 == 401 }.count
            #expect(wrong >= 10)
            #expect(try await Self.failedLogins(url, username: "cs.agent") == wrong, "every wrong guess counts, none is lost to a race")
            #expect(try await Self.signIn(client, "cs.agent", TestApp.adminPassword).status == 423)
        }
    }

    /// The same guesses spread over many addresses, with the per-address limit on: it does not get in the
    /// way of counting.
    @Test func guessesFromManyAddressesAllCount() async throws {
        try await TestApp.run(throttle: LoginThrottle(failuresBeforeLock: 10, firstLock: 3_600, longestLock: 3_600), configure: {
            $0.trustForwardedFor = true
            $0.passwordHashQueueLimit = 400
        }) { client, url in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<Self.guesses {
                    group.addTask { try await Self.signIn(client, "cs.agent", "not-the-password", from: "198.18.\(index / 4).\(index % 4)").status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 401 || $0 == 423 })
            #expect(try await Self.failedLogins(url, username: "cs.agent") == statuses.filter { $0 == 401 }.count)
            #expect(try await Self.signIn(client, "cs.agent", TestApp.adminPassword, from: "198.51.100.1").status == 423)
        }
    }

    /// One address fails until it is refused with 429 before its attempts reach the account; the account
    /// still signs in from elsewhere.
    @Test func oneAddressCannotLockTheAdministratorOut() async throws {
        try await TestApp.run(throttle: LoginThrottle(failuresBeforeLock: 4, firstLock: 3_600, longestLock: 3_600), configure: {
            $0.trustForwardedFor = true
            $0.addressThrottle = .init(failuresAllowed: 3, window: 600)
        }) { client, url in
            let attacker = "203.0.113.7"
            for attempt in 1...3 {
                #expect(try await Self.signIn(client, "admin", "guess-\(attempt)", from: attacker).status == 401)
            }
            for attempt in 4...20 {
                let refused = try await Self.signIn(client, "admin", "guess-\(attempt)", from: attacker)
                #expect(refused.status == 429)
                #expect(refused.code == "too_many_requests")
                let retryAfter = try #require(refused.retryAfter.flatMap(Int.init))
                #expect((1...600).contains(retryAfter))
            }
            #expect(try await Self.signIn(client, "admin", TestApp.adminPassword, from: attacker).status == 429)
            #expect(try await Self.failedLogins(url, username: "admin") == 3)
            #expect(try await Self.signIn(client, "admin", TestApp.adminPassword, from: "198.51.100.9").status == 200)
        }
    }

    /// On a live server the address is the TCP peer, and X-Forwarded-For is ignored unless trusted.
    @Test func aLiveServerLimitsThePeerAddress() async throws {
        try await TestApp.run(live: true, configure: { $0.addressThrottle = .init(failuresAllowed: 2, window: 600) }) { client, _ in
            for index in 1...2 {
                #expect(try await Self.signIn(client, "admin", "guess-\(index)", from: "198.51.100.\(index)").status == 401)
            }
            let refused = try await Self.signIn(client, "admin", TestApp.adminPassword, from: "198.51.100.3")
            #expect(refused.status == 429)
            #expect(refused.retryAfter != nil)
        }
    }

    @Test func anAdministratorUnlocksALockedAccountAndItIsAudited() async throws {
        try await TestApp.run(throttle: LoginThrottle(failuresBeforeLock: 3, firstLock: 3_600, longestLock: 3_600)) { client, url in
            for _ in 1...3 { #expect(try await Self.signIn(client, "cs.agent", "not-the-password").status == 401) }
            #expect(try await Self.signIn(client, "cs.agent", TestApp.adminPassword).status == 423)

            let admin = try await TestApp.login(client)
            let staff = try await TestApp.send(client, .get, "/staff?limit=200", token: admin)
            let agent = try #require((staff.json["items"] as? [[String: Any]])?.first { $0["username"] as? String == "cs.agent" }?["id"] as? String)
            #expect(try await TestApp.send(client, .post, "/staff/\(agent)/unlock", token: admin).status == .noContent)
            #expect(try await Self.failedLogins(url, username: "cs.agent") == 0)
            #expect(try await Self.signIn(client, "cs.agent", TestApp.adminPassword).status == 200)

            let events = try await TestApp.send(client, .get, "/audit?action=account.unlocked", token: admin)
            let items = events.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            #expect(items.first?["actorName"] as? String == "admin")
            #expect(items.first?["resourceId"] as? String == agent)
            #expect(try await TestApp.send(client, .post, "/staff/\(UUID().uuidString)/unlock", token: admin).status == .notFound)
        }
    }
}
