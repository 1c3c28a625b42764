import ArgumentParser
import Foundation
import PatronCore
import PatronStorage

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Report what is unsafe or broken in this installation; exits 1 when anything is found.",
        discussion: "Checks demo passwords, the key file's permissions, whether the master key opens the data, the schema version, stored records outside Patron's limits and PostgreSQL TLS. Changes nothing."
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let url = try common.database()
        let environment = CommonOptions.environment
        let fromEnvironment = !(environment["PATRON_MASTER_KEY"] ?? "").isEmpty
        let keyFile = fromEnvironment ? nil : common.keyFilePath(for: url)
        var early: [DoctorFinding] = []
        var key: MasterKey?
        do {
            if fromEnvironment {
                key = try MasterKey(base64: environment["PATRON_MASTER_KEY"] ?? "")
            } else if let keyFile, FileManager.default.fileExists(atPath: keyFile) {
                key = try MasterKey(base64: try String(contentsOfFile: keyFile, encoding: .utf8))
            }
        } catch {
            early.append(DoctorFinding(.critical, "master_key_unreadable", what: "the configured master key cannot be read: \(error.localizedDescription)",
                                       fix: "PATRON_MASTER_KEY or the key file must hold base64 of 32 bytes; restore it from backup"))
        }
        let inputs = Doctor.Inputs(keyFile: keyFile, masterKey: key,
                                   demoPasswords: ["patron-demo", environment["PATRON_DEMO_ADMIN_PASSWORD"] ?? ""],
                                   hasher: BcryptPasswordHasher())
        let findings = early + (try await common.withDatabase(.asFound) { database, _ in
            try await Doctor(database: database, inputs: inputs).run()
        })
        for finding in findings {
            print("\(finding.severity.rawValue.uppercased()) \(finding.check): \(finding.what)\n    fix: \(finding.fix)")
        }
        guard findings.isEmpty else {
            print("\(findings.count) problem(s) found")
            throw ExitCode(1)
        }
        print("no problems found")
    }
}
