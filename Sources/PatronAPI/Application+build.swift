import Foundation
import Hummingbird
import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import PatronConsole
import PatronCore
import PatronOpenAPI
import PatronStorage
import Prometheus

/// Builds the whole server — storage service, migrations, middleware and the generated API — the same way
/// for `patron serve` and for tests.
public func buildApplication(_ configuration: PatronConfiguration, logger: Logger) async throws -> some ApplicationProtocol {
    let database = try await Database.open(configuration.database, logger: logger)
    let cipher = FieldCipher(configuration.masterKey)
    let router: Router<PatronRequestContext>
    let services: PatronServices
    do {
        services = try await buildServices(database: database, cipher: cipher, configuration: configuration)
        router = try await buildRouter(database: database, services: services, configuration: configuration)
    } catch {
        await database.closeUnstarted()
        throw error
    }
    let bodyTimeout = TimeAmount(configuration.requestBodyTimeout)
    let prepared = StartupGate()
    var app = Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [RequestBodyDeadlineHandler(timeout: bodyTimeout)],
                                            idleTimeout: TimeAmount(configuration.idleTimeout))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Patron"),
        services: [database, KeyringRefresher(keyring: cipher.keyring, database: database, logger: logger),
                   JobScheduler(jobs: services.jobs, tick: configuration.jobTick, logger: logger, after: prepared),
                   IdempotencyKeyPurger(database: database, logger: logger)],
        onServerRunning: { channel in
            logger.info("Patron is serving", metadata: ["address": "\(channel.localAddress?.description ?? "?")",
                                                        "database": "\(configuration.database)"])
        },
        logger: logger
    )
    app.beforeServerStarts {
        try await prepare(database, cipher: cipher, services: services, configuration: configuration, logger: logger)
        await prepared.open()
    }
    return app
}

/// Migrates, loads the data keys, then loads the demo data set if asked and the database is empty.
func prepare(_ database: Database, cipher: FieldCipher, services: PatronServices, configuration: PatronConfiguration,
             logger: Logger) async throws {
    try await Migrator(database, logger: logger).apply()
    try await cipher.keyring.prepare(database)
    if let programme = configuration.membershipProgramme {
        let caller = Caller.system("patron serve")
        if try await services.membership.programme(by: caller) != programme {
            try await services.membership.saveProgramme(programme, by: caller, requestId: nil)
            logger.info("membership programme loaded from file", metadata: ["tiers": "\(programme.tiers.map(\.code))"])
        }
    }
    guard let demo = configuration.demo else { return }
    let loader = DemoLoader(database: database, cipher: cipher,
                            hasher: BcryptPasswordHasher(cost: configuration.passwordHashCost), logger: logger)
    if try await loader.databaseIsEmpty() {
        demo.onLoaded(try await loader.load(demo.options, adminPassword: demo.adminPassword))
        try await services.refreshAnalytics(rebuild: true, by: .system("demo"))
    } else {
        logger.info("database already holds data; demo data not loaded")
    }
}

/// The one composition root of the server: the API, the console and the jobs share these services.
func buildServices(database: Database, cipher: FieldCipher, configuration: PatronConfiguration) async throws -> PatronServices {
    let hashing = PasswordHashingPool(threads: configuration.passwordHashThreads, queueLimit: configuration.passwordHashQueueLimit)
    let hasher = BcryptPasswordHasher(cost: configuration.passwordHashCost, pool: hashing)
    return try await PatronServices(
        database: database, cipher: cipher, hasher: hasher,
        signIn: .init(throttle: configuration.loginThrottle, addresses: configuration.addressThrottle,
                      sessionLifetime: TimeInterval(configuration.sessionLifetime.components.seconds)),
        jobTiming: .init(membershipInterval: TimeInterval(configuration.membershipJobInterval.components.seconds)),
        gateway: try configuration.messageGateway ?? configuration.messageOutboxFile.map(OutboxFileGateway.init(path:)),
        publicBaseURL: configuration.publicBaseURL)
}

func buildRouter(database: Database, services: PatronServices, configuration: PatronConfiguration) async throws -> Router<PatronRequestContext> {
    let registry = PrometheusCollectorRegistry()
    let handler = APIHandler(database: database, metrics: registry, services: services)

    let router = Router(context: PatronRequestContext.self)
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: PrometheusMetricsMiddleware(registry: registry))
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: ClientAddressMiddleware(trustForwardedFor: configuration.trustForwardedFor))
    router.add(middleware: BodyLimitMiddleware(maxBytes: configuration.maxBodyBytes))
    router.add(middleware: RequestDecodingMiddleware())
    router.add(middleware: LocationHeaderMiddleware())
    try handler.registerHandlers(on: router, configuration: .init(dateTranscoder: RFC3339DateTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]),
                                 middlewares: [AuthMiddleware(authenticator: services.authenticator),
                                               IdempotencyMiddleware(keys: services.idempotency, maxBodyBytes: configuration.maxBodyBytes)])
    let console = try await Console(services: services, configuration: configuration.console,
                                    clientAddress: { RequestScope.clientAddress }, requestId: { RequestScope.requestId })
    console.register(on: router)
    return router
}
