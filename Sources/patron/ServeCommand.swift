import ArgumentParser
import Foundation
import Hummingbird
import PatronAPI
import PatronCore
import PatronStorage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server; migrates the database first. Stops gracefully on SIGINT or SIGTERM."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Address to listen on (env PATRON_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env PATRON_PORT; default 8080).")
    var port: Int?

    @Option(help: "Largest accepted request body in bytes (env PATRON_MAX_BODY_BYTES; default 1048576).")
    var maxBodyBytes: Int?

    @Flag(help: "Load the demo data set first if the database is empty.")
    var demo = false

    @Option(help: "A membership programme JSON file to apply at start (env PATRON_MEMBERSHIP_PROGRAMME).")
    var membershipProgramme: String?

    func run() async throws {
        let env = CommonOptions.environment
        let logger = try common.logger()
        let database = try common.database()
        let port = try port ?? env["PATRON_PORT"].map {
            guard let value = Int($0), (0...65_535).contains(value) else { throw ValidationError("PATRON_PORT must be a port number") }
            return value
        } ?? 8080
        let maxBody = try maxBodyBytes ?? env["PATRON_MAX_BODY_BYTES"].map {
            guard let value = Int($0), value > 0 else { throw ValidationError("PATRON_MAX_BODY_BYTES must be a positive integer") }
            return value
        } ?? 1 << 20
        var configuration = PatronConfiguration(host: host ?? env["PATRON_HOST"] ?? "127.0.0.1", port: port, database: database,
                                                masterKey: try await common.masterKey(for: database), maxBodyBytes: maxBody)
        if let path = membershipProgramme ?? env["PATRON_MEMBERSHIP_PROGRAMME"] {
            configuration.membershipProgramme = try await reportingErrors { try MembershipProgrammeFile.load(path) }
        }
        if demo {
            configuration.demo = DemoCommand.setup(options: .init())
        }
        try await reportingErrors {
            let app = try await buildApplication(configuration, logger: logger)
            try await app.runService()
        }
    }
}
