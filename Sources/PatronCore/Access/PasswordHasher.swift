/// Slow, salted password hashing, implemented outside the domain (bcrypt in storage).
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
}

/// Issues opaque bearer secrets and the digests under which they are stored.
public protocol SecretIssuer: Sendable {
    func newSecret(prefix: String) -> String
    func digest(_ secret: String) -> String
}
