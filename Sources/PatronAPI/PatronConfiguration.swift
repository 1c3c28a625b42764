import Foundation
import Logging
import PatronConsole
import PatronCore
import PatronStorage

/// Everything `patron serve` needs, resolved from flags and `PATRON_*` variables by the CLI and built
/// directly by tests, so both run the same application.
public struct PatronConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseURL
    public var masterKey: MasterKey
    /// Request bodies above this many bytes are refused with 413.
    public var maxBodyBytes: Int
    public var sessionLifetime: Duration
    /// bcrypt work factor for new password hashes; 12 in production, lower only in tests.
    public var passwordHashCost: UInt8
    public var loginThrottle: LoginThrottle
    /// Failed sign-ins allowed per client address and window before that address gets 429; nil turns it off.
    public var addressThrottle: AddressThrottle.Policy? = .init()
    /// Take the client address from the last `X-Forwarded-For` entry, which the reverse proxy in front of
    /// Patron appends. Only safe behind such a proxy: anyone else could choose their own address.
    public var trustForwardedFor = false
    /// Threads that run bcrypt, apart from the event loops and the database threads.
    public var passwordHashThreads = PasswordHashingPool.defaultThreads
    /// Sign-ins waiting for a hashing thread beyond which new ones get 429 at once.
    public var passwordHashQueueLimit = PasswordHashingPool.defaultQueueLimit
    /// A connection with no request in progress, or whose request sends nothing, is closed after this long.
    /// Header bytes count only once the whole head has arrived, so this also bounds slow headers.
    public var idleTimeout: Duration = .seconds(60)
    /// A request body must arrive completely within this long after its head.
    public var requestBodyTimeout: Duration = .seconds(30)
    /// Loads the demo chain into an empty database before serving.
    public var demo: DemoSetup?
    /// A programme from a file, stored at start when it differs from the one in the database.
    public var membershipProgramme: MembershipProgramme?
    /// The staff console's time zone, currency and cookie policy.
    public var console = ConsoleConfiguration()
    /// How often the membership job applies expiries and reviews.
    public var membershipJobInterval: Duration = .seconds(3_600)
    /// Where customers reach this server: survey invitation links are `<publicBaseURL>/s/<token>`.
    public var publicBaseURL = "http://127.0.0.1:8080"
    /// Where replies and survey invitations go out; nil is the log gateway, which records only that a message went.
    public var messageGateway: (any MessageGateway)?
    /// How often each instance looks for due jobs; the job's own interval says how often it runs.
    public var jobTick: Duration = .seconds(30)
    /// Where customer messages go: nil logs that they went (the embedded default); a path appends each to a
    /// JSON-lines file, for test and staging systems.
    public var messageOutboxFile: String?

    public init(host: String = "127.0.0.1", port: Int = 8080, database: DatabaseURL, masterKey: MasterKey,
                maxBodyBytes: Int = 1 << 20, sessionLifetime: Duration = .seconds(12 * 3_600),
                passwordHashCost: UInt8 = BcryptPasswordHasher.defaultCost, loginThrottle: LoginThrottle = .init(),
                demo: DemoSetup? = nil) {
        self.host = host
        self.port = port
        self.database = database
        self.masterKey = masterKey
        self.maxBodyBytes = maxBodyBytes
        self.sessionLifetime = sessionLifetime
        self.passwordHashCost = passwordHashCost
        self.loginThrottle = loginThrottle
        self.demo = demo
    }

    public struct DemoSetup: Sendable {
        public var options: DemoDataSet.Options
        public var adminPassword: String
        /// Called once if the demo was loaded, e.g. to print a generated password.
        public var onLoaded: @Sendable (DemoLoader.Summary) -> Void

        public init(options: DemoDataSet.Options = .init(), adminPassword: String,
                    onLoaded: @escaping @Sendable (DemoLoader.Summary) -> Void = { _ in }) {
            self.options = options
            self.adminPassword = adminPassword
            self.onLoaded = onLoaded
        }
    }
}
