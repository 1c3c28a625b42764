import ArgumentParser
import Foundation
import Hummingbird
import PatronAPI
import PatronConsole
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

    @Option(help: "Close connections idle this many seconds; also bounds slow request heads (env PATRON_IDLE_TIMEOUT_SECONDS; default 60).")
    var idleTimeoutSeconds: Int?

    @Option(help: "A request body must arrive within this many seconds of its head (env PATRON_REQUEST_BODY_TIMEOUT_SECONDS; default 30).")
    var requestBodyTimeoutSeconds: Int?

    @Option(help: "Threads that run bcrypt (env PATRON_PASSWORD_HASH_THREADS; default: cores, at most 4).")
    var passwordHashThreads: Int?

    @Option(help: "Sign-ins that may wait for a hashing thread before others get 429 (env PATRON_PASSWORD_HASH_QUEUE; default 64).")
    var passwordHashQueue: Int?

    @Option(help: "Failed sign-ins per client address in 15 minutes before 429; 0 turns the limit off (env PATRON_LOGIN_FAILURES_PER_ADDRESS; default 5).")
    var loginFailuresPerAddress: Int?

    @Flag(help: "Take the client address from X-Forwarded-For; only behind a reverse proxy that sets it (env PATRON_TRUST_FORWARDED_FOR=1).")
    var trustForwardedFor = false

    @Flag(help: "Load the demo data set first if the database is empty.")
    var demo = false

    @Option(help: "A membership programme JSON file to apply at start (env PATRON_MEMBERSHIP_PROGRAMME).")
    var membershipProgramme: String?

    @Option(help: "The chain's IANA time zone for the console's days, months and times (env PATRON_TIME_ZONE; default Asia/Shanghai).")
    var timeZone: String?

    @Option(help: "Where customers reach this server, for the links in survey invitations, e.g. https://crm.example.com (env PATRON_PUBLIC_URL; default http://HOST:PORT).")
    var publicURL: String?

    @Flag(help: "Always mark the console's cookies Secure, not only behind a proxy sending X-Forwarded-Proto: https (env PATRON_SECURE_COOKIES=1).")
    var secureCookies = false

    @Option(help: "Append customer messages (replies, survey invitations) as JSON lines to this file instead of only logging that they went; for test and staging systems, as the file holds personal data (env PATRON_MESSAGE_OUTBOX).")
    var messageOutbox: String?

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
        configuration.idleTimeout = .seconds(try Self.number(idleTimeoutSeconds, env: "PATRON_IDLE_TIMEOUT_SECONDS", default: 60, minimum: 1))
        configuration.requestBodyTimeout = .seconds(try Self.number(requestBodyTimeoutSeconds, env: "PATRON_REQUEST_BODY_TIMEOUT_SECONDS",
                                                                    default: 30, minimum: 1))
        configuration.passwordHashThreads = try Self.number(passwordHashThreads, env: "PATRON_PASSWORD_HASH_THREADS",
                                                            default: PasswordHashingPool.defaultThreads, minimum: 1)
        configuration.passwordHashQueueLimit = try Self.number(passwordHashQueue, env: "PATRON_PASSWORD_HASH_QUEUE",
                                                               default: PasswordHashingPool.defaultQueueLimit, minimum: 0)
        let perAddress = try Self.number(loginFailuresPerAddress, env: "PATRON_LOGIN_FAILURES_PER_ADDRESS",
                                         default: AddressThrottle.Policy().failuresAllowed, minimum: 0)
        configuration.addressThrottle = perAddress == 0 ? nil : AddressThrottle.Policy(failuresAllowed: perAddress)
        configuration.trustForwardedFor = trustForwardedFor || ["1", "true", "yes"].contains(env["PATRON_TRUST_FORWARDED_FOR"]?.lowercased() ?? "")
        if let path = membershipProgramme ?? env["PATRON_MEMBERSHIP_PROGRAMME"] {
            configuration.membershipProgramme = try await reportingErrors { try MembershipProgrammeFile.load(path) }
        }
        if let zone = timeZone ?? env["PATRON_TIME_ZONE"] {
            guard let resolved = TimeZone(identifier: zone) else { throw ValidationError("unknown time zone '\(zone)'; use an IANA name such as Asia/Shanghai") }
            configuration.console.timeZone = resolved
        }
        configuration.console.alwaysSecureCookies = secureCookies || ["1", "true", "yes"].contains(env["PATRON_SECURE_COOKIES"]?.lowercased() ?? "")
        configuration.messageOutboxFile = messageOutbox ?? env["PATRON_MESSAGE_OUTBOX"]
        configuration.publicBaseURL = publicURL ?? env["PATRON_PUBLIC_URL"] ?? "http://\(configuration.host):\(configuration.port)"
        if demo {
            configuration.demo = DemoCommand.setup(options: .init())
        }
        try await reportingErrors {
            let app = try await buildApplication(configuration, logger: logger)
            try await app.runService()
        }
    }

    /// A flag, else its environment variable, else the default; at least `minimum`.
    static func number(_ flag: Int?, env name: String, default value: Int, minimum: Int) throws -> Int {
        let resolved = try flag ?? CommonOptions.environment[name].map {
            guard let number = Int($0) else { throw ValidationError("\(name) must be an integer") }
            return number
        } ?? value
        guard resolved >= minimum else { throw ValidationError("\(name) must be at least \(minimum)") }
        return resolved
    }
}
