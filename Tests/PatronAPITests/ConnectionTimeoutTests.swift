import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing
@testable import PatronAPI

/// Issue 17: connections that send nothing, trickle their head, or trickle their body are closed, and the
/// server keeps answering others. Runs a live server with one-second timeouts.
struct ConnectionTimeoutTests {
    static let timeouts: @Sendable (inout PatronConfiguration) -> Void = {
        $0.idleTimeout = .seconds(1)
        $0.requestBodyTimeout = .seconds(1)
    }

    /// 500 client and 500 server sockets live in this one process; make sure the soft limit allows them.
    static func raiseFileLimit(to wanted: UInt64 = 4_096) {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0, UInt64(limit.rlim_cur) < wanted else { return }
        limit.rlim_cur = min(rlim_t(wanted), limit.rlim_max)
        _ = setrlimit(resource, &limit)
    }

    static func connect(port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
    }

    /// How many of `channels` are still open after waiting up to `limit` for the server to close them.
    static func stillOpen(_ channels: [any Channel], within limit: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline, channels.contains(where: \.isActive) {
            try await Task.sleep(for: .milliseconds(100))
        }
        return channels.filter(\.isActive).count
    }

    static func health(port: Int) async throws -> HTTPResponse.Status {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.get("/health").status
        }
    }

    @Test func fiveHundredIdleConnectionsAreClosedAndTheServerStillAnswers() async throws {
        Self.raiseFileLimit()
        try await TestApp.run(live: true, configure: Self.timeouts) { client, _ in
            let port = try #require(client.port)
            var channels: [any Channel] = []
            for _ in 0..<500 { channels.append(try await Self.connect(port: port)) }
            #expect(try await Self.health(port: port) == .ok, "the server answers while 500 idle connections are open")
            #expect(try await Self.stillOpen(channels, within: .seconds(30)) == 0, "idle connections must be closed by the server")
            for channel in channels where channel.isActive { try? await channel.close() }
            #expect(try await Self.health(port: port) == .ok)
        }
    }

    /// A head trickled a byte at a time never completes, so it never counts as activity: the idle timeout closes it.
    @Test func aTrickledHeadIsClosed() async throws {
        try await TestApp.run(live: true, configure: Self.timeouts) { client, _ in
            let channel = try await Self.connect(port: try #require(client.port))
            try await channel.writeAndFlush(ByteBuffer(string: "GET /health HTTP/1.1\r\nHost: x\r\n"))
            for _ in 0..<60 where channel.isActive {
                try? await channel.writeAndFlush(ByteBuffer(string: "X"))
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(!channel.isActive)
        }
    }

    /// A body trickled a byte at a time keeps the idle timer happy; the body deadline closes it.
    @Test func aTrickledBodyIsClosed() async throws {
        try await TestApp.run(live: true, configure: Self.timeouts) { client, _ in
            let channel = try await Self.connect(port: try #require(client.port))
            try await channel.writeAndFlush(ByteBuffer(string:
                "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"))
            for _ in 0..<60 where channel.isActive {
                try? await channel.writeAndFlush(ByteBuffer(string: " "))
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(!channel.isActive)
        }
    }
}

extension ConnectionTimeoutTests {
    /// A client that hangs up half-way through its body is counted as 499, not as a server fault.
    @Test func aClientThatLeavesMidRequestIsNotA500() async throws {
        try await TestApp.run(live: true) { client, _ in
            let port = try #require(client.port)
            let channel = try await Self.connect(port: port)
            try await channel.writeAndFlush(ByteBuffer(string:
                "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"username\""))
            try await Task.sleep(for: .milliseconds(200))
            try await channel.close()
            try await Task.sleep(for: .milliseconds(500))
            let metrics = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                String(buffer: try await client.get("/metrics").body ?? ByteBuffer())
            }
            let login = metrics.split(separator: "\n").filter { $0.hasPrefix("patron_http_requests_total") && $0.contains("/auth/login") }
            #expect(!login.contains { $0.contains(#"status="500""#) }, "\(login)")
            #expect(login.contains { $0.contains(#"status="499""#) }, "\(login)")
        }
    }
}
