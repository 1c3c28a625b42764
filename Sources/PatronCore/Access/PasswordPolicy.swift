/// The rules a staff password must meet. Length matters most (NIST SP 800-63B); the username, a run of one
/// character and the product name are refused because they are the first guesses.
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 128

    /// `field` names the password in the refusal, as the request that carried it calls it.
    public static func check(_ password: String, username: String, field: String = "password") throws(PatronError) {
        guard password.count >= minimumLength else {
            throw .invalid(field: field, message: "a password needs at least \(minimumLength) characters")
        }
        guard password.count <= maximumLength else {
            throw .invalid(field: field, message: "a password has at most \(maximumLength) characters")
        }
        let lowered = password.lowercased()
        guard !lowered.contains(username.lowercased()) else {
            throw .invalid(field: field, message: "a password must not contain the username")
        }
        guard Set(password).count > 2, !lowered.contains("patron"), !lowered.hasPrefix("1234567890") else {
            throw .invalid(field: field, message: "this password is too easy to guess")
        }
    }
}
