import Foundation
import OpenAPIRuntime
import PatronCore
import PatronOpenAPI
import PatronStorage
import Prometheus

extension APIHandler {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    func getReady(_ input: Operations.GetReady.Input) async throws -> Operations.GetReady.Output {
        if let failure = await database.unavailability() { throw failure }
        let version = try await Migrator(database, logger: database.logger).currentVersion()
        guard version == Migrator.latestVersion else {
            throw PatronError.storageUnavailable(message: "the database schema is at version \(version), expected \(Migrator.latestVersion)")
        }
        let engine: Components.Schemas.Readiness.EnginePayload = database.engine == .sqlite ? .sqlite : .postgres
        return .ok(.init(body: .json(.init(status: .ready, engine: engine, schemaVersion: version))))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(HTTPBody(metrics.emitToBuffer()))))
    }

    func getOpenAPISpec(_ input: Operations.GetOpenAPISpec.Input) async throws -> Operations.GetOpenAPISpec.Output {
        .ok(.init(body: .yaml(HTTPBody(OpenAPISpec.bytes))))
    }
}
