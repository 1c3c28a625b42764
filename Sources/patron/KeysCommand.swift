import ArgumentParser
import Foundation
import PatronStorage

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the keys that protect personal data.",
        subcommands: [Rotate.self, Fingerprint.self]
    )

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Seal all personal data under a new data key and destroy the old one, while servers keep running.",
            discussion: "Running servers pick up the new key within 30 seconds; the command waits --settle-seconds between steps."
        )

        @OptionGroup var common: CommonOptions

        @Option(help: "Seconds to wait for running servers to load a key change (0 when no server runs).")
        var settleSeconds: Int = 35

        func run() async throws {
            let settle = Duration.seconds(max(0, settleSeconds))
            try await common.withServices { workspace in
                let report = try await KeyRotation(database: workspace.database, keyring: workspace.cipher.keyring, settle: settle).rotate { step in
                    print(step)
                }
                print("rotation complete: key \(report.newKeyId) active, \(report.valuesResealed) values re-sealed, \(report.destroyedKeys.count) old key(s) destroyed")
            }
        }
    }

    struct Fingerprint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fingerprint",
            abstract: "Print the fingerprint of the configured master key, to find the backup a database expects.",
            discussion: "Reads PATRON_MASTER_KEY or the key file (--key-file) and never creates one. The fingerprint is safe to share; the key is not."
        )

        @OptionGroup var common: CommonOptions

        func run() async throws {
            _ = try common.logger()
            let url = try common.database()
            let path = common.keyFilePath(for: url)
            let key = try await reportingErrors {
                try MasterKeyCheck.configuredKey(for: .empty, environment: CommonOptions.environment["PATRON_MASTER_KEY"], keyFile: path)
            }
            guard let key else { throw CLIError(message: "no master key: PATRON_MASTER_KEY is not set and \(path) does not exist") }
            print(key.fingerprint)
        }
    }
}
