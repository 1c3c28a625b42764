import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A closed-loop load client: `connections` tasks each send one GET after another for `duration` on a shared
/// session allowed that many connections per host, and every request's end-to-end time is kept.
struct BenchLoad: Sendable {
    let connections: Int
    let duration: Duration
    let session: URLSession

    init(connections: Int, duration: Duration) {
        self.connections = connections
        self.duration = duration
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
    }

    struct Result {
        let name: String
        /// Milliseconds, one per successful request.
        let latencies: [Double]
        let failures: Int
        let seconds: Double

        var requestsPerSecond: Double { Double(latencies.count) / seconds }
        func percentile(_ p: Int) -> Double {
            let sorted = latencies.sorted()
            return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, sorted.count * p / 100)]
        }
    }

    func run(_ name: String, url: String, token: String?) async throws -> Result {
        var request = URLRequest(url: URL(string: url)!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for _ in 0..<connections { _ = try? await session.data(for: request) }
        let start = ContinuousClock.now
        let end = start + duration
        let (latencies, failures) = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<connections {
                group.addTask { [session, request] in
                    var latencies: [Double] = []
                    var failures = 0
                    while ContinuousClock.now < end {
                        let sent = ContinuousClock.now
                        let answer = try? await session.data(for: request)
                        if (answer?.1 as? HTTPURLResponse)?.statusCode == 200 {
                            latencies.append(seconds(ContinuousClock.now - sent) * 1_000)
                        } else {
                            failures += 1
                        }
                    }
                    return (latencies, failures)
                }
            }
            var all: [Double] = []
            var failed = 0
            for try await (latencies, failures) in group {
                all += latencies
                failed += failures
            }
            return (all, failed)
        }
        return Result(name: name, latencies: latencies, failures: failures, seconds: seconds(ContinuousClock.now - start))
    }

    /// A port nobody listens on now: the kernel's pick for a socket bound to port 0, released again.
    static func freePort() throws -> Int {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw CLIError(message: "cannot open a socket to find a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw CLIError(message: "cannot bind a socket to find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
