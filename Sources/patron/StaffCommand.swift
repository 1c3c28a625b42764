import ArgumentParser
import Foundation
import PatronCore
import PatronStorage

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Manage staff accounts from the command line.",
        subcommands: [CreateAdmin.self]
    )

    struct CreateAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-admin",
            abstract: "Create an administrator account, e.g. on first run. The password is read from PATRON_ADMIN_PASSWORD or standard input."
        )

        @OptionGroup var common: CommonOptions

        @Option(help: "The new administrator's username.")
        var username: String = "admin"

        @Option(help: "The name shown in the console and the audit log.")
        var displayName: String = "Administrator"

        func run() async throws {
            let password = try Self.readPassword()
            let (username, displayName) = (username, displayName)
            try await common.withServices { workspace in
                let member = try await workspace.services.staff.create(
                    .init(username: username, displayName: displayName, department: .administration, homeStoreId: nil,
                          roles: [Role.administrator], password: password),
                    by: .system("patron staff create-admin"), requestId: nil)
                print("created administrator '\(member.username)' (\(member.id.uuidString.lowercased()))")
            }
        }

        static func readPassword() throws -> String {
            if let given = CommonOptions.environment["PATRON_ADMIN_PASSWORD"], !given.isEmpty { return given }
            if isatty(STDIN_FILENO) != 0 {
                FileHandle.standardError.write(Data("Password for the new administrator: ".utf8))
            }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw CLIError(message: "no password given: set PATRON_ADMIN_PASSWORD or pipe it on standard input")
            }
            return line
        }
    }
}
