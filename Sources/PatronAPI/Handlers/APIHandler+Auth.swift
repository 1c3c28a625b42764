import Foundation
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let username = body.username.trimmingCharacters(in: .whitespaces).lowercased()
        let refusal = PatronError.unauthenticated(message: "unknown username or wrong password")
        guard let (member, hash) = try await staff.findByUsername(username) else {
            _ = try await Credentials.verifyPassword(body.password, hash: Self.decoyHash)
            throw refusal
        }
        guard try await Credentials.verifyPassword(body.password, hash: hash), member.isActive else { throw refusal }
        let token = Credentials.newToken()
        let expiresAt = Date().addingTimeInterval(TimeInterval(sessionLifetime.components.seconds))
        try await staff.createSession(tokenDigest: Credentials.digest(token: token), staffId: member.id, expiresAt: expiresAt)
        return .ok(.init(body: .json(.init(token: token, expiresAt: expiresAt, staff: .init(member)))))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        try await staff.revokeSession(tokenDigest: try Principal.required().tokenDigest, at: Date())
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        .ok(.init(body: .json(.init(try Principal.required().member))))
    }

    /// Verifying against a fixed hash when the user is unknown keeps response times alike, so timing does not
    /// reveal which usernames exist.
    static let decoyHash = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Z9Q/8cPBvVbGzqLdG3iL0bYFUQ3rS6"
}

extension Components.Schemas.Staff {
    init(_ member: StaffMember) {
        self.init(id: member.id.uuidString.lowercased(), username: member.username, displayName: member.displayName,
                  department: .init(rawValue: member.department.rawValue) ?? .sales,
                  homeStoreId: member.homeStoreId?.uuidString.lowercased(), active: member.isActive)
    }
}
