import Foundation
import Logging
import PatronCore
import SQLKit

/// Looks for what makes an installation unsafe or broken — a demo password still in use, a key file others
/// can read, a master key that is missing or does not open the data, a schema out of step with the binary,
/// stored records outside `Limits`, PostgreSQL without the TLS it was asked for — and changes nothing.
/// Every record check is one `COUNT` in the database, so it costs no memory however large the tables are.
public struct Doctor: Sendable {
    public struct Inputs: Sendable {
        /// The key file in use; nil when the key comes from `PATRON_MASTER_KEY`.
        public var keyFile: String?
        /// The configured master key; nil when there is none (the key file is missing).
        public var masterKey: MasterKey?
        /// Passwords that must not open any demo account.
        public var demoPasswords: [String]
        public var hasher: any PasswordHasher

        public init(keyFile: String?, masterKey: MasterKey?, demoPasswords: [String], hasher: any PasswordHasher) {
            self.keyFile = keyFile
            self.masterKey = masterKey
            self.demoPasswords = demoPasswords
            self.hasher = hasher
        }
    }

    let database: Database
    let inputs: Inputs

    public init(database: Database, inputs: Inputs) {
        self.database = database
        self.inputs = inputs
    }

    public func run() async throws -> [DoctorFinding] {
        var findings = keyFilePermissions()
        let (schemaFindings, current) = try await schema()
        findings += schemaFindings
        findings += try await transportSecurity()
        guard current == Migrator.latestVersion else { return findings }
        findings += try await masterKey()
        findings += try await demoPasswords()
        findings += try await recordBounds()
        return findings
    }

    private func schema() async throws -> ([DoctorFinding], Int) {
        let current = try await Migrator(database, logger: database.logger).currentVersion()
        let latest = Migrator.latestVersion
        if current > latest {
            return ([DoctorFinding(.critical, "schema_too_new", what: "the database schema is version \(current); this binary knows up to \(latest)",
                                   fix: "run the Patron release that migrated this database, or a newer one")], current)
        }
        if current < latest {
            return ([DoctorFinding(.warning, "schema_pending", what: "the database schema is version \(current); \(latest - current) migration(s) pending, so the other checks were skipped",
                                   fix: "back up, then run `patron migrate` (patron serve also migrates at start)")], current)
        }
        return ([], current)
    }

    private func keyFilePermissions() -> [DoctorFinding] {
        guard let path = inputs.keyFile, let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 else { return [] }
        return [DoctorFinding(.critical, "key_file_permissions",
                              what: "the master key file \(path) has mode \(String(mode, radix: 8)): group or others can read it",
                              fix: "chmod 600 \(path) and make sure it belongs to the user Patron runs as")]
    }

    private func masterKey() async throws -> [DoctorFinding] {
        guard let key = inputs.masterKey else {
            guard case .sealed(let expected) = try await MasterKeyCheck.state(of: database) else { return [] }
            return [DoctorFinding(.critical, "master_key_missing",
                                  what: "no master key is configured but the database holds data sealed under master key \(expected.map { "fingerprint \($0)" } ?? "of an earlier installation")",
                                  fix: MasterKeyCheck.recovery)]
        }
        do {
            try await Keyring(master: key).check(database)
            return []
        } catch let error as PatronError {
            guard case .keyMismatch(_, let message) = error else { throw error }
            return [DoctorFinding(.critical, "master_key_mismatch", what: message, fix: MasterKeyCheck.recovery)]
        }
    }

    private func demoPasswords() async throws -> [DoctorFinding] {
        let candidates = Array(Set(inputs.demoPasswords.filter { !$0.isEmpty })).sorted()
        guard !candidates.isEmpty else { return [] }
        let usernames = DemoLoader.staff(for: []).map(\.username)
        let accounts = try await database.read { sql in
            try await sql.select().columns("username", "password_hash").from("staff").where("username", .in, usernames)
                .where("is_active", .equal, true).orderBy("username").all()
                .map { (try $0.decode(column: "username", as: String.self), try $0.decode(column: "password_hash", as: String.self)) }
        }
        var findings: [DoctorFinding] = []
        for (username, hash) in accounts {
            for password in candidates {
                guard try await inputs.hasher.verify(password, against: hash) else { continue }
                findings.append(DoctorFinding(.critical, "demo_password", what: "the account '\(username)' still signs in with the demo password",
                                              fix: "give '\(username)' a new password (PATCH /staff/{id}) or deactivate it; never serve the demo data to a network"))
                break
            }
        }
        return findings
    }

    /// One count per rule of `Limits` that stored rows could break; rows from before the limits existed, or
    /// written around the API, are the only way to get there.
    private func recordBounds() async throws -> [DoctorFinding] {
        let money = Limits.moneyMinor
        let quantity = Limits.quantityPerLine
        let lines = Limits.linesPerOrder
        let payments = Limits.paymentsPerOrder
        let adjustment = Limits.pointsPerAdjustment
        let checks: [(String, String, SQLQueryString)] = [
            ("order_line_quantity", "order line(s) with a quantity outside \(quantity.lowerBound)…\(quantity.upperBound)",
             "SELECT COUNT(*) AS n FROM order_lines WHERE quantity < \(bind: quantity.lowerBound) OR quantity > \(bind: quantity.upperBound)"),
            ("order_line_money", "order line(s) with a unit price, discount or total outside \(money.lowerBound)…\(money.upperBound) minor units",
             """
             SELECT COUNT(*) AS n FROM order_lines WHERE unit_price < \(bind: money.lowerBound) OR unit_price > \(bind: money.upperBound)
                OR discount < \(bind: money.lowerBound) OR discount > \(bind: money.upperBound)
                OR line_total < \(bind: money.lowerBound) OR line_total > \(bind: money.upperBound)
             """),
            ("order_money", "order(s) with a subtotal, discount or total outside \(money.lowerBound)…\(money.upperBound) minor units",
             """
             SELECT COUNT(*) AS n FROM orders WHERE subtotal < \(bind: money.lowerBound) OR subtotal > \(bind: money.upperBound)
                OR order_discount < \(bind: money.lowerBound) OR order_discount > \(bind: money.upperBound)
                OR total < \(bind: money.lowerBound) OR total > \(bind: money.upperBound)
             """),
            ("order_payment_money", "payment(s) with an amount outside \(money.lowerBound)…\(money.upperBound) minor units",
             "SELECT COUNT(*) AS n FROM order_payments WHERE amount < \(bind: money.lowerBound) OR amount > \(bind: money.upperBound)"),
            ("order_line_count", "order(s) with more than \(lines.upperBound) lines",
             "SELECT COUNT(*) AS n FROM (SELECT order_id FROM order_lines GROUP BY order_id HAVING COUNT(*) > \(bind: lines.upperBound)) AS t"),
            ("order_payment_count", "order(s) with more than \(payments.upperBound) payments",
             "SELECT COUNT(*) AS n FROM (SELECT order_id FROM order_payments GROUP BY order_id HAVING COUNT(*) > \(bind: payments.upperBound)) AS t"),
            ("points_adjustment", "points adjustment(s) outside \(adjustment.lowerBound)…\(adjustment.upperBound)",
             "SELECT COUNT(*) AS n FROM points_adjustments WHERE points < \(bind: adjustment.lowerBound) OR points > \(bind: adjustment.upperBound)"),
        ]
        var findings: [DoctorFinding] = []
        for (check, what, query) in checks {
            let count = try await database.read { sql in try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0 }
            if count > 0 {
                findings.append(DoctorFinding(.warning, check, what: "\(count) \(what); totals, refunds and points computed from them cannot be trusted",
                                              fix: "find them with the same condition in SQL and correct or void them at the source (the POS or the import file), then run `patron membership rebuild`"))
            }
        }
        return findings
    }

    private func transportSecurity() async throws -> [DoctorFinding] {
        guard case .postgres(let raw) = database.url else { return [] }
        let components = URLComponents(string: raw)
        let mode = components?.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let host = components?.host ?? ""
        let encrypted = try await database.usesTLS()
        if ["require", "verify-ca", "verify-full"].contains(mode) && !encrypted {
            return [DoctorFinding(.critical, "postgres_tls", what: "sslmode=\(mode) is configured but the PostgreSQL connection is not encrypted",
                                  fix: "enable ssl on the PostgreSQL server (ssl = on with a certificate) and restart Patron")]
        }
        if !encrypted && !["localhost", "127.0.0.1", "::1", ""].contains(host) {
            return [DoctorFinding(.warning, "postgres_tls", what: "the connection to PostgreSQL at \(host) is not encrypted (sslmode=\(mode))",
                                  fix: "add ?sslmode=require to PATRON_DATABASE_URL and enable ssl on the server")]
        }
        return []
    }
}
