import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PatronStorage
import Testing

struct OperationsTests {
    @Test func healthAndReadinessNeedNoLogin() async throws {
        try await TestApp.run { client, url in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["status"] as? String == "ok")
            }
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["schemaVersion"] as? Int == Migrator.latestVersion)
                #expect(response.json["engine"] as? String == url.engine.rawValue)
            }
        }
    }

    @Test func theSpecIsServedVerbatim() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("openapi: 3.1.0"))
                #expect(text.contains("operationId: listStores"))
            }
        }
    }

    @Test func metricsAreValidPrometheusTextAndCountRequestsByRoute() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/health", method: .get) { _ in }
            try await client.execute(uri: "/nowhere", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                let sample = #/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$/#
                for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                    #expect(line.wholeMatch(of: sample) != nil, "not a Prometheus sample: \(line)")
                }
                #expect(text.contains(#"patron_http_requests_total{method="GET",route="/health",status="200"} 1"#))
                #expect(text.contains(#"route="NotFound",status="404""#))
                #expect(text.contains("# TYPE patron_http_request_duration_seconds histogram"))
            }
        }
    }
}
