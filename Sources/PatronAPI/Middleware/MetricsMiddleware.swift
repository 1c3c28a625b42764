import Foundation
import Hummingbird
import Prometheus

/// Counts requests by route template, method and status and records their latency in a histogram. Route
/// templates (`/stores/{storeId}`), not raw paths, keep the label set small and free of identifiers.
struct PrometheusMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: PrometheusCollectorRegistry
    static var buckets: [Duration] {
        [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
         .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let inFlight = registry.makeGauge(name: "patron_http_requests_in_flight", labels: [], help: "Requests being served now.")
        inFlight.increment()
        defer { inFlight.decrement() }
        let response = try await next(request, context)
        let route = context.endpointPath ?? "NotFound"
        let method = request.method.rawValue
        registry.makeCounter(name: "patron_http_requests_total",
                             labels: [("method", method), ("route", route), ("status", String(response.status.code))],
                             help: "HTTP requests served, by route template, method and status.").increment()
        registry.makeDurationHistogram(name: "patron_http_request_duration_seconds",
                                       labels: [("method", method), ("route", route)],
                                       buckets: Self.buckets,
                                       help: "Time to produce the response head.").record(ContinuousClock.now - start)
        return response
    }
}
